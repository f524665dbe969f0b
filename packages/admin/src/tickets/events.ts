import { TicketEventsDocument, type TicketEventsSubscription } from '@support/schema';
import { useLiveSubscription } from '../api/live';

export type TicketEvent = TicketEventsSubscription['ticketEvents'];

/**
 * Calls `onChange` for every live ticket event (optionally of one ticket) while the component is mounted, and once
 * when the connection is back after a drop (events may have been missed meanwhile).
 */
export function useTicketEvents(onChange: () => void, ticketId?: string): void {
  useLiveSubscription(TicketEventsDocument, { filter: ticketId ? { ticketId } : null }, onChange, onChange);
}
