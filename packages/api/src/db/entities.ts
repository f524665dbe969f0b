import { AuditEntry } from '../modules/audit/audit.entity.js';

// The explicit list of entities, one line per domain module.
export const entities = [AuditEntry] as const;
