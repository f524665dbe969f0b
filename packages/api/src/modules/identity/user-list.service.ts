import type { FilterQuery } from '@mikro-orm/core';
import type { Em } from '../../db/orm.js';
import type { Role } from '../../lib/roles.js';
import { type Connection, type PageRequest, entityKeyset, findPage } from '../../lib/connection.js';
import { User } from './identity.entity.js';

export interface UserListFilter {
  /** Part of a name, or digits of a phone number as people type them (+7 900 …, 8 900 …, 900-00). */
  text?: string | null;
  role?: Role | null;
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
  async list(em: Em, filter: UserListFilter, request: PageRequest): Promise<Connection<User>> {
    const text = filter.text?.trim() ?? '';
    const conditions: Array<FilterQuery<User>> = [];
    // Roles are a text[] column: `@>` (served by the GIN index on roles).
    if (filter.role) conditions.push({ roles: { $contains: [filter.role] } } as FilterQuery<User>);
    if (text) {
      const digits = phoneDigits(text);
      const byName: FilterQuery<User> = { displayName: { $ilike: likePattern(text) } };
      conditions.push(digits.length >= 3 ? { $or: [byName, { phone: { $like: likePattern(digits) } }] } : byName);
    }
    return findPage(em, User, USERS, conditions.length ? { $and: conditions } : {}, request);
  }
}

const USERS = entityKeyset<User>({ list: 'users', keys: { id: 'id' }, direction: 'desc' });
