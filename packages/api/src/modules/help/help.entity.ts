import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

/** A help-centre article (the FAQ), searched with PostgreSQL full-text search in Russian. */
export const HelpArticle = defineEntity({
  name: 'HelpArticle',
  tableName: 'help_article',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    title: p.string().length(200),
    body: p.text(),
    categoryId: p.uuid().nullable(),
    tags: p.array().$type<string[]>(),
    /** The tags as one string, for the search document (array_to_string is not immutable, so not indexable). */
    keywords: p.string().length(1000).default(''),
    published: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  indexes: [
    {
      name: 'help_article_search_index',
      expression:
        "create index help_article_search_index on help_article using gin (to_tsvector('russian', title || ' ' || body || ' ' || keywords))",
    },
  ],
});
export type HelpArticle = InferEntity<typeof HelpArticle>;
