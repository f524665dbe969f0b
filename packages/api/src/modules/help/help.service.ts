import type { Em } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { HelpArticle } from './help.entity.js';

export interface ArticleHit {
  id: string;
  title: string;
  snippet: string;
  rank: number;
}

/** The document every search runs over; the same expression as the GIN index, so the index serves it. */
const DOCUMENT = `to_tsvector('russian', title || ' ' || body || ' ' || keywords)`;

/** Words of a query, letters and digits only (so they are safe inside to_tsquery). */
const wordsOf = (query: string) =>
  query
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu)
    ?.slice(0, 12) ?? [];

/** The help centre: articles kept by staff, searched in Russian (stems), falling back to any word, then prefixes. */
export class HelpService {
  async search(em: Em, query: string, first = 5): Promise<ArticleHit[]> {
    const words = wordsOf(query);
    if (words.length === 0) return [];
    const limit = Math.min(Math.max(first, 1), 20);
    const attempts = [
      words.join(' & '), // every word, in any form
      words.join(' | '), // any word
      words.map((word) => `${word}:*`).join(' | '), // word beginnings (typos at the end, unfinished words)
    ];
    for (const tsquery of attempts) {
      const rows = await em.execute<Array<{ id: string; title: string; body: string; rank: number }>>(
        `select id, title, body, ts_rank(${DOCUMENT}, q) as rank
           from help_article, to_tsquery('russian', ?) q
          where published and ${DOCUMENT} @@ q
          order by rank desc, updated_at desc limit ?`,
        [tsquery, limit],
      );
      if (rows.length) {
        return rows.map((row) => ({
          id: row.id,
          title: row.title,
          snippet: row.body.slice(0, 200),
          rank: Number(row.rank),
        }));
      }
    }
    return [];
  }

  get(em: Em, id: string, includeDrafts: boolean): Promise<HelpArticle | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return em.findOne(HelpArticle, { id, ...(includeDrafts ? {} : { published: true }) });
  }

  list(em: Em, includeDrafts: boolean): Promise<HelpArticle[]> {
    return em.find(HelpArticle, includeDrafts ? {} : { published: true }, { orderBy: { title: 'asc' } });
  }

  async save(
    em: Em,
    staff: Viewer,
    id: string | null,
    input: {
      title: string;
      body: string;
      tags?: string[] | null;
      categoryId?: string | null;
      published?: boolean | null;
    },
    requestId: string,
  ): Promise<HelpArticle> {
    const title = input.title.trim();
    const body = input.body.trim();
    return em.transactional(async (tx) => {
      const article = id
        ? isUuid(id)
          ? await tx.findOne(HelpArticle, { id })
          : null
        : tx.create(HelpArticle, { title, body, tags: [], keywords: '', categoryId: null, published: true });
      if (!article) throw notFound('Article');
      const before = id ? { title: article.title, published: article.published } : null;
      article.title = title;
      article.body = body;
      article.tags = [...new Set((input.tags ?? article.tags).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
      article.keywords = article.tags.join(' ');
      if (input.categoryId !== undefined)
        article.categoryId = input.categoryId && isUuid(input.categoryId) ? input.categoryId : null;
      if (input.published !== undefined && input.published !== null) article.published = input.published;
      await tx.flush();
      recordAudit(tx, {
        actorId: staff.userId,
        action: id ? 'help.article_updated' : 'help.article_created',
        subjectType: 'HelpArticle',
        subjectId: article.id,
        before,
        after: { title, published: article.published },
        requestId,
      });
      return article;
    });
  }
}
