/**
 * Whether the API can be expected to serve GET /dev/outbox (it mounts it everywhere but production): the same
 * signal the login page uses for its /dev/outbox link, a development build or the panel opened on this machine.
 * The page itself still asks the API and says so when the outbox is not there.
 */
export const devOutboxShown =
  import.meta.env.DEV ||
  (typeof window !== 'undefined' && ['localhost', '127.0.0.1', '[::1]'].includes(window.location.hostname));

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

/** The E.164 form of a Russian number as people type it (+7 900..., 8 900..., 900...), as the login page reads it. */
export function toE164(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 10) return `+7${digits}`;
  if (digits.length === 11 && digits.startsWith('8')) return `+7${digits.slice(1)}`;
  return `+${digits}`;
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
