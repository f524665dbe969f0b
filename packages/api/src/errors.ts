import { genericErrorCodes } from './lib/errors.js';
import { identityErrorCodes } from './modules/identity/identity.errors.js';
import { attachmentErrorCodes } from './modules/attachments/attachment.errors.js';
import { catalogErrorCodes } from './modules/catalog/catalog.errors.js';
import { chatErrorCodes } from './modules/chat/chat.errors.js';
import { eventErrorCodes } from './modules/ticket-events/events.errors.js';
import { ticketErrorCodes } from './modules/tickets/ticket.errors.js';
import { walletErrorCodes } from './modules/wallet/wallet.errors.js';
import { transportErrorCodes } from './transport-limits.js';

/**
 * Every `extensions.code` a client can meet, with what it means: the generic families (lib/errors.ts), then each
 * module's own codes (`*.errors.ts`). The README's table is generated from this one (`pnpm schema:emit`), and
 * `scripts/schema-check` fails when they drift; a unit test checks that every code thrown in the sources is here.
 */
export const errorCodes = {
  ...genericErrorCodes,
  ...transportErrorCodes,
  ...identityErrorCodes,
  ...attachmentErrorCodes,
  ...catalogErrorCodes,
  ...chatErrorCodes,
  ...ticketErrorCodes,
  ...walletErrorCodes,
  ...eventErrorCodes,
} as const satisfies Record<string, string>;

export type KnownErrorCode = keyof typeof errorCodes;

/** The README's table of codes, as Markdown. */
export function errorCodeTable(): string {
  const rows = Object.entries(errorCodes).map(([code, meaning]) => [`\`${code}\``, meaning.replaceAll('|', '\\|')]);
  const width = (column: number) => Math.max(...rows.map((row) => row[column]!.length), column === 0 ? 4 : 7);
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(width(i))).join(' | ')} |`;
  return [line(['code', 'meaning']), line(['-'.repeat(width(0)), '-'.repeat(width(1))]), ...rows.map(line)].join('\n');
}
