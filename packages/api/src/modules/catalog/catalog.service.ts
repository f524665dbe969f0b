import { ForeignKeyConstraintViolationException, LockMode } from '@mikro-orm/core';
import type { Em } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { badInput, notFound } from '../../lib/errors.js';
import { catalogError } from './catalog.errors.js';
import { isUuid } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { SupportCategory, SupportProblem, type Audience, type SlaClass } from './catalog.entity.js';

export interface CategoryInput {
  titleRu: string;
  titleEn: string;
  audience: Audience;
  active?: boolean | null;
}

export interface ProblemInput {
  titleRu: string;
  titleEn: string;
  audience: Audience;
  requiresOrderNumber: boolean;
  slaClass: SlaClass;
  urgentAvailable: boolean;
  active?: boolean | null;
}

export interface CategoryWithProblems {
  category: SupportCategory;
  problems: SupportProblem[];
}

/** «Другое» is listed after every other problem of its category. */
const OTHER_POSITION = 1_000_000;

const categorySnapshot = (c: SupportCategory) => ({
  titleRu: c.titleRu,
  titleEn: c.titleEn,
  audience: c.audience,
  position: c.position,
  active: c.active,
});
const problemSnapshot = (p: SupportProblem) => ({
  titleRu: p.titleRu,
  titleEn: p.titleEn,
  audience: p.audience,
  requiresOrderNumber: p.requiresOrderNumber,
  slaClass: p.slaClass,
  urgentAvailable: p.urgentAvailable,
  position: p.position,
  active: p.active,
});

const servesAudience = (entry: { audience: string }, audience: Audience | null | undefined) =>
  !audience || audience === 'ALL' || entry.audience === 'ALL' || entry.audience === audience;

/** Titles as stored: trimmed (required and their lengths are declared on the inputs, `TextLength`). */
function checkTitles(input: { titleRu: string; titleEn: string }): { titleRu: string; titleEn: string } {
  return { titleRu: input.titleRu.trim(), titleEn: input.titleEn.trim() };
}

/** What users can appeal about: categories and their problems, managed by admins, every change audited. */
export class CatalogService {
  /**
   * The tree for an audience, in order, «Другое» last in each category. Inactive entries only with
   * `includeInactive` (staff). Two SQL statements whatever the size of the tree.
   */
  async tree(
    em: Em,
    options: { audience?: Audience | null; includeInactive: boolean },
  ): Promise<CategoryWithProblems[]> {
    const activeOnly = options.includeInactive ? {} : { active: true };
    const categories = await em.find(SupportCategory, activeOnly, { orderBy: { position: 'asc', id: 'asc' } });
    const visible = categories.filter((category) => servesAudience(category, options.audience));
    if (visible.length === 0) return [];
    const problems = await em.find(
      SupportProblem,
      { category: { $in: visible.map((c) => c.id) }, ...activeOnly },
      { orderBy: { position: 'asc', id: 'asc' } },
    );
    return visible.map((category) => ({
      category,
      problems: problems.filter(
        (problem) =>
          problem.category.id === category.id && (problem.isOther || servesAudience(problem, options.audience)),
      ),
    }));
  }

  async getProblem(em: Em, id: string): Promise<SupportProblem> {
    const problem = isUuid(id) ? await em.findOne(SupportProblem, { id }, { populate: ['category'] }) : null;
    if (!problem) throw notFound('Problem');
    return problem;
  }

  private async lockCategory(em: Em, id: string): Promise<SupportCategory> {
    const category = isUuid(id)
      ? await em.findOne(SupportCategory, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!category) throw notFound('Category');
    return category;
  }

  async createCategory(em: Em, actor: Viewer, input: CategoryInput, requestId: string): Promise<SupportCategory> {
    const titles = checkTitles(input);
    return em.transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['catalog:category-order']);
      const [last] = await tx.execute<Array<{ next: number }>>(
        'select coalesce(max(position), -1) + 1 as next from support_category',
      );
      const category = tx.create(SupportCategory, {
        ...titles,
        audience: input.audience,
        position: Number(last?.next ?? 0),
        active: input.active ?? true,
      });
      tx.create(SupportProblem, {
        category,
        titleRu: 'Другое',
        titleEn: 'Other',
        audience: 'ALL',
        requiresOrderNumber: false,
        slaClass: 'STANDARD',
        urgentAvailable: false,
        position: OTHER_POSITION,
        active: true,
        isOther: true,
      });
      await tx.flush();
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'catalog.category_created',
        subjectType: 'SupportCategory',
        subjectId: category.id,
        after: categorySnapshot(category),
        requestId,
      });
      return category;
    });
  }

  async updateCategory(em: Em, actor: Viewer, id: string, input: Partial<CategoryInput>, requestId: string) {
    return em.transactional(async (tx) => {
      const category = await this.lockCategory(tx, id);
      const before = categorySnapshot(category);
      if (input.titleRu !== undefined || input.titleEn !== undefined) {
        Object.assign(
          category,
          checkTitles({ titleRu: input.titleRu ?? category.titleRu, titleEn: input.titleEn ?? category.titleEn }),
        );
      }
      if (input.audience) category.audience = input.audience;
      if (input.active !== undefined && input.active !== null) category.active = input.active;
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'catalog.category_updated',
        subjectType: 'SupportCategory',
        subjectId: category.id,
        before,
        after: categorySnapshot(category),
        requestId,
      });
      return category;
    });
  }

  /** Sets the order of all categories: `ids` must list every category exactly once. */
  async reorderCategories(em: Em, actor: Viewer, ids: string[], requestId: string): Promise<void> {
    await em.transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['catalog:category-order']);
      const categories = await tx.find(SupportCategory, {}, { lockMode: LockMode.PESSIMISTIC_WRITE });
      assertPermutation(
        ids,
        categories.map((c) => c.id),
        'ids',
      );
      const before = categories.toSorted((a, b) => a.position - b.position).map((c) => c.id);
      for (const category of categories) category.position = ids.indexOf(category.id);
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'catalog.categories_reordered',
        subjectType: 'SupportCategory',
        subjectId: null,
        before: { order: before },
        after: { order: ids },
        requestId,
      });
    });
  }

  /** Deletes a category with its problems, unless an appeal uses any of them (then: deactivate instead). */
  async deleteCategory(em: Em, actor: Viewer, id: string, requestId: string): Promise<void> {
    await refuseIfUsed('CATEGORY_IN_USE', () =>
      em.transactional(async (tx) => {
        const category = await this.lockCategory(tx, id);
        recordAudit(tx, {
          actorId: actor.userId,
          action: 'catalog.category_deleted',
          subjectType: 'SupportCategory',
          subjectId: category.id,
          before: categorySnapshot(category),
          requestId,
        });
        await tx.nativeDelete(SupportProblem, { category: category.id });
        tx.remove(category);
      }),
    );
  }

  async createProblem(em: Em, actor: Viewer, categoryId: string, input: ProblemInput, requestId: string) {
    const titles = checkTitles(input);
    checkUrgency(input);
    return em.transactional(async (tx) => {
      const category = await this.lockCategory(tx, categoryId);
      const [last] = await tx.execute<Array<{ next: number }>>(
        'select coalesce(max(position), -1) + 1 as next from support_problem where category_id = ? and not is_other',
        [category.id],
      );
      const problem = tx.create(SupportProblem, {
        category,
        ...titles,
        audience: input.audience,
        requiresOrderNumber: input.requiresOrderNumber,
        slaClass: input.slaClass,
        urgentAvailable: input.urgentAvailable,
        position: Number(last?.next ?? 0),
        active: input.active ?? true,
        isOther: false,
      });
      await tx.flush();
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'catalog.problem_created',
        subjectType: 'SupportProblem',
        subjectId: problem.id,
        after: { categoryId: category.id, ...problemSnapshot(problem) },
        requestId,
      });
      return problem;
    });
  }

  async updateProblem(em: Em, actor: Viewer, id: string, input: Partial<ProblemInput>, requestId: string) {
    return em.transactional(async (tx) => {
      const problem = isUuid(id)
        ? await tx.findOne(SupportProblem, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      if (!problem) throw notFound('Problem');
      if (
        problem.isOther &&
        (input.active === false || input.audience || input.requiresOrderNumber || input.urgentAvailable)
      ) {
        throw catalogError(
          'OTHER_PROBLEM_FIXED',
          '«Другое» is offered in every category as it is; only its titles and SLA class can change',
        );
      }
      const before = problemSnapshot(problem);
      if (input.titleRu !== undefined || input.titleEn !== undefined) {
        Object.assign(
          problem,
          checkTitles({ titleRu: input.titleRu ?? problem.titleRu, titleEn: input.titleEn ?? problem.titleEn }),
        );
      }
      for (const key of ['audience', 'slaClass'] as const)
        if (input[key]) Object.assign(problem, { [key]: input[key] });
      for (const key of ['requiresOrderNumber', 'urgentAvailable', 'active'] as const) {
        if (input[key] !== undefined && input[key] !== null) Object.assign(problem, { [key]: input[key] });
      }
      checkUrgency(problem);
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'catalog.problem_updated',
        subjectType: 'SupportProblem',
        subjectId: problem.id,
        before,
        after: problemSnapshot(problem),
        requestId,
      });
      return problem;
    });
  }

  /** Sets the order of a category's problems (every one but «Другое», which stays last). */
  async reorderProblems(em: Em, actor: Viewer, categoryId: string, ids: string[], requestId: string): Promise<void> {
    await em.transactional(async (tx) => {
      const category = await this.lockCategory(tx, categoryId);
      const problems = await tx.find(SupportProblem, { category: category.id, isOther: false });
      assertPermutation(
        ids,
        problems.map((p) => p.id),
        'ids',
      );
      const before = problems.toSorted((a, b) => a.position - b.position).map((p) => p.id);
      for (const problem of problems) problem.position = ids.indexOf(problem.id);
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'catalog.problems_reordered',
        subjectType: 'SupportCategory',
        subjectId: category.id,
        before: { order: before },
        after: { order: ids },
        requestId,
      });
    });
  }

  async deleteProblem(em: Em, actor: Viewer, id: string, requestId: string): Promise<void> {
    await refuseIfUsed('PROBLEM_IN_USE', () =>
      em.transactional(async (tx) => {
        const problem = isUuid(id)
          ? await tx.findOne(SupportProblem, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
          : null;
        if (!problem) throw notFound('Problem');
        if (problem.isOther)
          throw catalogError(
            'OTHER_PROBLEM_FIXED',
            '«Другое» belongs to its category; delete or deactivate the category instead',
          );
        recordAudit(tx, {
          actorId: actor.userId,
          action: 'catalog.problem_deleted',
          subjectType: 'SupportProblem',
          subjectId: problem.id,
          before: problemSnapshot(problem),
          requestId,
        });
        tx.remove(problem);
      }),
    );
  }
}

function checkUrgency(problem: { slaClass?: SlaClass | null; urgentAvailable?: boolean | null }): void {
  if (problem.urgentAvailable && problem.slaClass === 'COMPLEX') {
    throw badInput('Complex cases cannot be handled urgently', {
      'input.urgentAvailable': { rule: 'notWith', other: 'slaClass', value: 'COMPLEX' },
    });
  }
}

function assertPermutation(given: string[], existing: string[], field: string): void {
  const wanted = new Set(existing);
  if (
    given.length !== existing.length ||
    new Set(given).size !== given.length ||
    !given.every((id) => wanted.has(id))
  ) {
    throw badInput('List every entry exactly once, in the new order', {
      [field]: { rule: 'permutation' },
    });
  }
}

/** Appeals reference problems with ON DELETE RESTRICT: a used entry cannot vanish from under them. */
async function refuseIfUsed(code: 'CATEGORY_IN_USE' | 'PROBLEM_IN_USE', work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ForeignKeyConstraintViolationException) {
      throw catalogError(code, 'Appeals use this entry, so it cannot be deleted; deactivate it instead');
    }
    throw error;
  }
}
