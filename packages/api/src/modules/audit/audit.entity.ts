import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

/** One staff action: who did what to which record, with the state before and after. */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    actorId: p.uuid().nullable(),
    action: p.string().length(100),
    subjectType: p.string().length(60),
    subjectId: p.string().length(100).nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    requestId: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['subjectType', 'subjectId', 'createdAt'] }, { properties: ['actorId', 'createdAt'] }],
});
