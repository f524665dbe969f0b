import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { isStaff, type Context } from '../../lib/context.js';
import { notFound } from '../../lib/errors.js';
import { localized, type Locale } from '../../lib/locale.js';
import type { SupportCategory, SupportProblem } from './catalog.entity.js';
import type { CategoryWithProblems } from './catalog.service.js';
import type { ProblemData } from './catalog.entity.js';
import {
  AudienceEnum,
  CreateSupportCategoryInput,
  CreateSupportProblemInput,
  SupportCategoryType,
  SupportProblemType,
  UpdateSupportCategoryInput,
  UpdateSupportProblemInput,
} from './catalog.types.js';

export const toProblem = (problem: ProblemData, locale: Locale): SupportProblemType => ({
  id: problem.id,
  categoryId: problem.category.id,
  title: localized(locale, problem.titleRu, problem.titleEn),
  titleRu: problem.titleRu,
  titleEn: problem.titleEn,
  audience: problem.audience,
  requiresOrderNumber: problem.requiresOrderNumber,
  slaClass: problem.slaClass,
  urgentAvailable: problem.urgentAvailable,
  position: problem.position,
  active: problem.active,
  isOther: problem.isOther,
});

const toCategory = (category: SupportCategory, problems: SupportProblem[], locale: Locale): SupportCategoryType => ({
  id: category.id,
  title: localized(locale, category.titleRu, category.titleEn),
  titleRu: category.titleRu,
  titleEn: category.titleEn,
  audience: category.audience,
  position: category.position,
  active: category.active,
  problems: problems.map((problem) => toProblem(problem, locale)),
});

const toTree = (tree: CategoryWithProblems[], locale: Locale) =>
  tree.map(({ category, problems }) => toCategory(category, problems, locale));

const ADMIN = 'ADMIN';

@Resolver()
export class CatalogResolver {
  @Query(() => [SupportCategoryType], {
    description:
      'What users can appeal about, in order, each category ending with «Другое». Without `audience`, what the caller may file (sellers’ topics only for sellers and staff). Inactive entries are shown to staff only.',
  })
  async supportCategories(
    @Arg('audience', () => AudienceEnum, { nullable: true })
    audience: (typeof AudienceEnum)[keyof typeof AudienceEnum] | null,
    @Ctx() ctx: Context,
  ): Promise<SupportCategoryType[]> {
    // Without an audience a caller sees what they may file: sellers and staff everything, everyone else buyers' topics.
    const mayFileForSellers = isStaff(ctx.viewer) || Boolean(ctx.viewer?.roles.includes('SELLER'));
    const shown = audience ?? (mayFileForSellers ? null : 'BUYER');
    const tree = await ctx.services.catalog.tree(ctx.em, { audience: shown, includeInactive: isStaff(ctx.viewer) });
    return toTree(tree, ctx.locale);
  }

  @Query(() => SupportProblemType, { description: 'One problem (inactive ones for staff only).' })
  async supportProblem(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<SupportProblemType> {
    const problem = await ctx.services.catalog.getProblem(ctx.em, id);
    if (!problem.active && !isStaff(ctx.viewer)) throw notFound('Problem');
    return toProblem(problem, ctx.locale);
  }

  @Authorized(ADMIN)
  @Mutation(() => SupportCategoryType, { description: 'Adds a category (with its «Другое») at the end.' })
  async createSupportCategory(
    @Arg('input', () => CreateSupportCategoryInput) input: CreateSupportCategoryInput,
    @Ctx() ctx: Context,
  ): Promise<SupportCategoryType> {
    const category = await ctx.services.catalog.createCategory(ctx.em, ctx.viewer!, input, ctx.requestId);
    return this.categoryById(ctx, category.id);
  }

  @Authorized(ADMIN)
  @Mutation(() => SupportCategoryType)
  async updateSupportCategory(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateSupportCategoryInput) input: UpdateSupportCategoryInput,
    @Ctx() ctx: Context,
  ): Promise<SupportCategoryType> {
    await ctx.services.catalog.updateCategory(ctx.em, ctx.viewer!, id, input, ctx.requestId);
    return this.categoryById(ctx, id);
  }

  @Authorized(ADMIN)
  @Mutation(() => [SupportCategoryType], { description: 'Sets the order of all categories; returns the new tree.' })
  async reorderSupportCategories(
    @Arg('ids', () => [ID]) ids: string[],
    @Ctx() ctx: Context,
  ): Promise<SupportCategoryType[]> {
    await ctx.services.catalog.reorderCategories(ctx.em, ctx.viewer!, ids, ctx.requestId);
    return toTree(await ctx.services.catalog.tree(ctx.em.fork(), { includeInactive: true }), ctx.locale);
  }

  @Authorized(ADMIN)
  @Mutation(() => Boolean, {
    description: 'Deletes an unused category; one that appeals use is CONFLICT (deactivate it).',
  })
  async deleteSupportCategory(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.catalog.deleteCategory(ctx.em, ctx.viewer!, id, ctx.requestId);
    return true;
  }

  @Authorized(ADMIN)
  @Mutation(() => SupportProblemType, { description: 'Adds a problem at the end of its category (before «Другое»).' })
  async createSupportProblem(
    @Arg('input', () => CreateSupportProblemInput) input: CreateSupportProblemInput,
    @Ctx() ctx: Context,
  ): Promise<SupportProblemType> {
    const problem = await ctx.services.catalog.createProblem(
      ctx.em,
      ctx.viewer!,
      input.categoryId,
      input,
      ctx.requestId,
    );
    return toProblem(problem, ctx.locale);
  }

  @Authorized(ADMIN)
  @Mutation(() => SupportProblemType)
  async updateSupportProblem(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateSupportProblemInput) input: UpdateSupportProblemInput,
    @Ctx() ctx: Context,
  ): Promise<SupportProblemType> {
    const problem = await ctx.services.catalog.updateProblem(ctx.em, ctx.viewer!, id, input, ctx.requestId);
    return toProblem(problem, ctx.locale);
  }

  @Authorized(ADMIN)
  @Mutation(() => SupportCategoryType, {
    description: "Sets the order of a category's problems («Другое» stays last).",
  })
  async reorderSupportProblems(
    @Arg('categoryId', () => ID) categoryId: string,
    @Arg('ids', () => [ID]) ids: string[],
    @Ctx() ctx: Context,
  ): Promise<SupportCategoryType> {
    await ctx.services.catalog.reorderProblems(ctx.em, ctx.viewer!, categoryId, ids, ctx.requestId);
    return this.categoryById(ctx, categoryId);
  }

  @Authorized(ADMIN)
  @Mutation(() => Boolean, {
    description: 'Deletes an unused problem; one that appeals use is CONFLICT (deactivate it).',
  })
  async deleteSupportProblem(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.catalog.deleteProblem(ctx.em, ctx.viewer!, id, ctx.requestId);
    return true;
  }

  private async categoryById(ctx: Context, id: string): Promise<SupportCategoryType> {
    const tree = await ctx.services.catalog.tree(ctx.em.fork(), { includeInactive: true });
    const found = tree.find((entry) => entry.category.id === id);
    if (!found) throw new Error(`category ${id} vanished after a write`);
    return toCategory(found.category, found.problems, ctx.locale);
  }
}
