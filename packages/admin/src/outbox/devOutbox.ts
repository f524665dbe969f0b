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

/** The outbox answered with an error status (404: not served, as in production; 400: a malformed address). */
export class OutboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'OutboxError';
  }
}

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
  const response = await fetch(`/dev/outbox${to ? `?to=${encodeURIComponent(to)}` : ''}`, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: Array<{ message?: string }> } | null;
    throw new OutboxError(response.status, body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
  }
  const messages = (await response.json()) as OutboxMessage[];
  // Newest first, whatever order the server keeps.
  return [...messages].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
