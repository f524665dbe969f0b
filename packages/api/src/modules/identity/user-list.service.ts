import type { FilterQuery } from '@mikro-orm/core';
import type { Em } from '../../db/orm.js';
import type { Role } from '../../lib/roles.js';
import { badInput } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { User } from './identity.entity.js';

export interface UserListFilter {
  /** Part of a name, or digits of a phone number as people type them (+7 900 …, 8 900 …, 900-00). */
  text?: string | null;
  role?: Role | null;
}

export interface UserPage {
  users: User[];
  endCursor: string | null;
  hasNextPage: boolean;
}

const MAX_PAGE = 100;
const MAX_TEXT = 100;

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
function decodeCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!isUuid(id)) throw badInput('The cursor is not one this API gave out', { after: 'invalid cursor' });
  return id;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The digits of a phone as stored (E.164 without the plus): a Russian 11-digit number typed with a leading 8
 * becomes 7…; shorter fragments are matched as they are.
 */
export function phoneDigits(text: string): string {
  const digits = text.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits;
}

/** The admins' list of accounts: newest first, keyset-paged on the time-ordered id, by name, phone and role. */
export class UserListService {
  async list(
    em: Em,
    filter: UserListFilter,
    options: { first?: number | null; after?: string | null },
  ): Promise<UserPage> {
    const first = Math.min(Math.max(options.first ?? 25, 1), MAX_PAGE);
    const after = decodeCursor(options.after);
    const text = filter.text?.trim() ?? '';
    if (text.length > MAX_TEXT)
      throw badInput('The search text is too long', { text: `at most ${MAX_TEXT} characters` });
    const conditions: Array<FilterQuery<User>> = [];
    if (after) conditions.push({ id: { $lt: after } });
    // Roles are a text[] column: `@>` (served by the GIN index on roles).
    if (filter.role) conditions.push({ roles: { $contains: [filter.role] } } as FilterQuery<User>);
    if (text) {
      const digits = phoneDigits(text);
      const byName: FilterQuery<User> = { displayName: { $ilike: likePattern(text) } };
      conditions.push(digits.length >= 3 ? { $or: [byName, { phone: { $like: likePattern(digits) } }] } : byName);
    }
    const users = await em.find(User, conditions.length ? { $and: conditions } : {}, {
      orderBy: { id: 'desc' },
      limit: first + 1,
    });
    const page = users.slice(0, first);
    return {
      users: page,
      hasNextPage: users.length > first,
      endCursor: page.length ? encodeCursor(page.at(-1)!.id) : null,
    };
  }
}
