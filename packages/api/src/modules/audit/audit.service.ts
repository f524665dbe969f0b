import type { Em } from '../../db/orm.js';
import { AuditEntry } from './audit.entity.js';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string | null;
}

/** Adds an audit entry to the caller's unit of work, so it commits (or not) with the change it describes. */
export function recordAudit(em: Em, record: AuditRecord): void {
  em.create(AuditEntry, {
    actorId: record.actorId,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    before: record.before ?? null,
    after: record.after ?? null,
    requestId: record.requestId ?? null,
  });
}
