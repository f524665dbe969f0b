import { ApiError, isApiError } from '../api/client';
import { toE164 } from '../phone';

/** One message as GET /dev/outbox returns it (packages/api/src/modules/notify/dev-outbox.route.ts). */
export interface OutboxMessage {
  id: string;
  channel: string;
  to: string;
  purpose: string;
  subject?: string | null;
  text: string;
  status: string;
  createdAt: string;
  code?: string;
  callerNumber?: string;
}

/** The outbox is not served (404): production, or a development server without it. */
export const isOutboxMissing = (error: unknown): boolean => isApiError(error) && error.status === 404;

/**
 * What the recipient filter asks the API for: a whole phone number or email narrows on the server (`?to=`);
 * anything shorter is matched on the page, as a part of the address.
 */
export function recipientQuery(input: string): { to: string | null; part: string } {
  const text = input.trim();
  if (!text) return { to: null, part: '' };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return { to: text.toLowerCase(), part: '' };
  const digits = text.replace(/\D/g, '');
  if (/^[\d\s()+-]+$/.test(text) && digits.length >= 10) return { to: toE164(text), part: '' };
  return { to: null, part: /^[\d\s()+-]+$/.test(text) ? digits : text.toLowerCase() };
}

export async function fetchOutbox(to: string | null): Promise<OutboxMessage[]> {
  // Failures become ApiErrors with the API's code, so the page words them from the one table (src/errors.ts).
  const response = await fetch(`/dev/outbox${to ? `?to=${encodeURIComponent(to)}` : ''}`, {
    headers: { accept: 'application/json' },
  }).catch((failure: unknown) => {
    throw new ApiError(String(failure), 'NETWORK_ERROR');
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      errors?: Array<{ message?: string; extensions?: { code?: string } }>;
    } | null;
    const problem = body?.errors?.[0];
    const code = problem?.extensions?.code ?? (response.status === 404 ? 'NOT_FOUND' : 'INTERNAL_SERVER_ERROR');
    throw new ApiError(problem?.message ?? `HTTP ${response.status}`, code, {}, response.status);
  }
  const messages = (await response.json()) as OutboxMessage[];
  // Newest first, whatever order the server keeps.
  return [...messages].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
