import type { GetListParams, RaRecord } from 'react-admin';
import {
  CreateHelpArticleDocument,
  HelpArticleDocument,
  HelpArticlesDocument,
  UpdateHelpArticleDocument,
  type HelpArticleInput,
  type HelpArticleQuery,
  type HelpArticlesQuery,
} from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';

export type HelpListRecord = HelpArticlesQuery['helpArticles'][number];
export type HelpRecord = NonNullable<HelpArticleQuery['helpArticle']>;

/** What the form edits, as the API takes it. */
export function toHelpInput(data: Record<string, unknown>): HelpArticleInput {
  const text = (key: string) => (typeof data[key] === 'string' ? data[key] : '');
  const tags = Array.isArray(data['tags']) ? data['tags'].filter((tag): tag is string => typeof tag === 'string') : [];
  const categoryId = text('categoryId');
  return {
    title: text('title'),
    body: text('body'),
    tags,
    categoryId: categoryId || null,
    published: data['published'] !== false,
  };
}

const lower = (value: string) => value.toLocaleLowerCase('ru');

/**
 * The list filter: `q` matches the title or a keyword (case-insensitive, any part of a word); `published` is
 * 'published' or 'draft'.
 */
export function filterArticles(articles: readonly HelpListRecord[], filter: Record<string, unknown> = {}) {
  const q = typeof filter['q'] === 'string' ? lower(filter['q'].trim()) : '';
  const words = q.split(/\s+/).filter(Boolean);
  const status = filter['published'];
  return articles.filter((article) => {
    if (status === 'published' && !article.published) return false;
    if (status === 'draft' && article.published) return false;
    const haystack = lower([article.title, ...article.tags].join(' '));
    return words.every((word) => haystack.includes(word));
  });
}

/**
 * The help centre is small (tens of articles) and bounded by its nature: the API returns it whole as a plain list,
 * drafts included for staff (docs/decisions.md, "Lists"), and the panel shows it whole, filtered and sorted here.
 */
export function createHelpDataProvider(api: GraphQLClient): ResourceProvider {
  const getOne = async (id: string): Promise<HelpRecord> => (await api(HelpArticleDocument, { id })).helpArticle;
  return {
    getList: async (_resource: string, params: GetListParams) => {
      const { helpArticles } = await api(HelpArticlesDocument);
      const filtered = filterArticles(helpArticles, params.filter as Record<string, unknown>);
      const field = (params.sort?.field ?? 'title') as keyof HelpListRecord;
      const direction = params.sort?.order === 'DESC' ? -1 : 1;
      const sorted = [...filtered].sort(
        (a, b) => direction * String(a[field] ?? '').localeCompare(String(b[field] ?? ''), 'ru'),
      );
      return { data: sorted, total: sorted.length };
    },
    getOne: async (_resource: string, params: { id: RaRecord['id'] }) => ({
      data: await getOne(String(params.id)),
    }),
    getMany: async (_resource: string, params: { ids: RaRecord['id'][] }) => ({
      data: await Promise.all(params.ids.map((id) => getOne(String(id)))),
    }),
    create: async (_resource: string, params: { data: Record<string, unknown> }) => {
      const { createHelpArticle } = await api(CreateHelpArticleDocument, { input: toHelpInput(params.data) });
      return { data: createHelpArticle };
    },
    update: async (_resource: string, params: { id: RaRecord['id']; data: Record<string, unknown> }) => {
      const { updateHelpArticle } = await api(UpdateHelpArticleDocument, {
        id: String(params.id),
        input: toHelpInput(params.data),
      });
      return { data: updateHelpArticle };
    },
  };
}
