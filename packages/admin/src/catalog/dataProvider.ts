import type { RaRecord } from 'react-admin';
import {
  CreateSupportCategoryDocument,
  CreateSupportProblemDocument,
  DeleteSupportCategoryDocument,
  DeleteSupportProblemDocument,
  SupportCategoriesDocument,
  UpdateSupportCategoryDocument,
  UpdateSupportProblemDocument,
  type Audience,
  type SlaClass,
  type SupportCategoryFieldsFragment,
  type SupportProblemFieldsFragment,
} from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';

/**
 * The `catalog` resource holds both kinds of entry (UUIDs do not collide): the list is the tree of categories with
 * their problems, and one record is a category or a problem, told apart by `kind`.
 */
export type CatalogCategory = SupportCategoryFieldsFragment & { kind: 'category' };
export type CatalogProblem = SupportProblemFieldsFragment & { kind: 'problem' };
export type CatalogEntry = CatalogCategory | CatalogProblem;

const toEntries = (categories: SupportCategoryFieldsFragment[]): CatalogCategory[] =>
  categories.map((category) => ({ ...category, kind: 'category' }));

interface CategoryValues {
  titleRu: string;
  titleEn: string;
  audience: Audience;
  active: boolean;
}

interface ProblemValues extends CategoryValues {
  categoryId: string;
  slaClass: SlaClass;
  urgentAvailable: boolean;
  requiresOrderNumber: boolean;
}

const categoryInput = (values: Partial<CategoryValues>) => ({
  titleRu: values.titleRu ?? '',
  titleEn: values.titleEn ?? '',
  audience: values.audience ?? 'ALL',
  active: values.active ?? true,
});

const problemInput = (values: Partial<ProblemValues>) => ({
  ...categoryInput(values),
  slaClass: values.slaClass ?? 'STANDARD',
  urgentAvailable: Boolean(values.urgentAvailable),
  requiresOrderNumber: Boolean(values.requiresOrderNumber),
});

/** «Другое» keeps its audience, flags and active state (the API refuses to change them): titles and SLA only. */
const otherProblemInput = (values: Partial<ProblemValues>) => ({
  titleRu: values.titleRu ?? '',
  titleEn: values.titleEn ?? '',
  slaClass: values.slaClass ?? 'STANDARD',
});

/** Categories and problems over the typed catalog documents; staff see inactive entries too. */
export function createCatalogDataProvider(api: GraphQLClient): ResourceProvider {
  const tree = async () => toEntries((await api(SupportCategoriesDocument, {})).supportCategories);
  const findEntry = async (id: string): Promise<CatalogEntry> => {
    for (const category of await tree()) {
      if (category.id === id) return category;
      const problem = category.problems.find((candidate) => candidate.id === id);
      if (problem) return { ...problem, kind: 'problem' };
    }
    throw new Error('ra.notification.item_doesnt_exist');
  };

  return {
    getList: async () => {
      const data = await tree();
      return { data, total: data.length };
    },
    getOne: async (_resource: string, params: { id: RaRecord['id'] }) => ({
      data: await findEntry(String(params.id)),
    }),
    getMany: async (_resource: string, params: { ids: RaRecord['id'][] }) => {
      const wanted = new Set(params.ids.map(String));
      const entries = (await tree()).flatMap((category): CatalogEntry[] => [
        category,
        ...category.problems.map((problem): CatalogProblem => ({ ...problem, kind: 'problem' })),
      ]);
      return { data: entries.filter((entry) => wanted.has(entry.id)) };
    },
    /** With `categoryId`, a problem of that category; otherwise a category. */
    create: async (_resource: string, params: { data: Partial<ProblemValues> }) => {
      if (params.data.categoryId) {
        const { createSupportProblem } = await api(CreateSupportProblemDocument, {
          input: { categoryId: params.data.categoryId, ...problemInput(params.data) },
        });
        return { data: { ...createSupportProblem, kind: 'problem' } satisfies CatalogProblem };
      }
      const { createSupportCategory } = await api(CreateSupportCategoryDocument, {
        input: categoryInput(params.data),
      });
      return { data: { ...createSupportCategory, kind: 'category' } satisfies CatalogCategory };
    },
    update: async (
      _resource: string,
      params: { id: RaRecord['id']; data: Partial<ProblemValues>; previousData: CatalogEntry },
    ) => {
      const id = String(params.id);
      if (params.previousData.kind === 'problem') {
        const input = params.previousData.isOther ? otherProblemInput(params.data) : problemInput(params.data);
        const { updateSupportProblem } = await api(UpdateSupportProblemDocument, { id, input });
        return { data: { ...updateSupportProblem, kind: 'problem' } satisfies CatalogProblem };
      }
      const { updateSupportCategory } = await api(UpdateSupportCategoryDocument, {
        id,
        input: categoryInput(params.data),
      });
      return { data: { ...updateSupportCategory, kind: 'category' } satisfies CatalogCategory };
    },
    delete: async (_resource: string, params: { id: RaRecord['id']; previousData?: CatalogEntry }) => {
      const id = String(params.id);
      const entry = params.previousData ?? (await findEntry(id));
      if (entry.kind === 'problem') await api(DeleteSupportProblemDocument, { id });
      else await api(DeleteSupportCategoryDocument, { id });
      return { data: entry };
    },
  };
}
