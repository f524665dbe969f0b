import { errorsOf } from '../../lib/errors.js';

/** Codes of the catalog domain, joined into the one table in src/errors.ts. */
export const catalogErrorCodes = {
  CATEGORY_IN_USE: 'Appeals use this category, so it cannot be deleted; deactivate it instead.',
  PROBLEM_IN_USE: 'Appeals use this problem, so it cannot be deleted; deactivate it instead.',
  OTHER_PROBLEM_FIXED:
    '«Другое» (Other) belongs to its category: it cannot be deleted, deactivated or moved on its own; only its titles and SLA class change.',
} as const;

export const catalogError = errorsOf(catalogErrorCodes);
