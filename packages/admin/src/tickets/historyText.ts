import type { TranslateFunction } from 'react-admin';
import type { TicketRecord } from './dataProvider';

type HistoryEvent = TicketRecord['history'][number];

/**
 * One history entry's details as a sentence in the panel's language: statuses and SLA classes by their names,
 * people by name, times in Moscow time. Null when the entry needs no details (a message is in the conversation).
 */
export function describeHistoryEvent(
  event: HistoryEvent,
  ticket: TicketRecord,
  translate: TranslateFunction,
  formatDate: (value: string | null | undefined) => string,
): string | null {
  const data = event.data as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' && data[key] ? (data[key] as string) : null);
  const status = (key: string) =>
    text(key) ? translate(`support.tickets.status.${text(key)}`, { _: text(key) }) : '—';
  const t = (key: string, args?: Record<string, unknown>) => translate(`support.tickets.history_text.${key}`, args);
  // A reason given by staff is kept under `staffReason` (customers never read it); the customer's own under `reason`.
  const reason = () => text('staffReason') ?? text('reason');
  const withReason = (sentence: string, reason: string | null) =>
    reason ? `${sentence} ${t('reason', { reason })}` : sentence;

  switch (event.type) {
    case 'CREATED':
      return t('created', {
        sla: translate(`support.tickets.sla_class.${text('slaClass') ?? ''}`, { _: text('slaClass') ?? '—' }),
        due: formatDate(text('firstResponseDueAt')),
      });
    case 'STATUS_CHANGED': {
      const sentence = t('status_changed', { from: status('from'), to: status('to') });
      return text('reason') === 'no activity'
        ? `${sentence} ${t('closed_quietly')}`
        : withReason(sentence, text('reason'));
    }
    case 'ASSIGNED': {
      const to = text('to');
      if (!to) return t('unassigned');
      const name =
        text('toName') ??
        (to === ticket.assignee?.id ? ticket.assignee.displayName : null) ??
        (to === event.actor?.id ? event.actor.displayName : null) ??
        t('someone');
      return t('assigned_to', { name });
    }
    case 'ESCALATED':
      return withReason(
        t('escalated_by', { who: translate(`support.tickets.history_text.by.${text('requestedBy') ?? 'STAFF'}`) }),
        reason() === 'SLA breached' ? t('sla_reason') : reason(),
      );
    case 'SLA_BREACHED': {
      const sentence = t(text('missed') === 'FIRST_RESPONSE' ? 'missed_first_response' : 'missed_resolution', {
        due: formatDate(text('dueAt')),
      });
      return typeof data['cycle'] === 'number' ? `${sentence} ${t('cycle', { cycle: data['cycle'] })}` : sentence;
    }
    case 'REOPENED': {
      const cycle =
        typeof data['cycle'] === 'number'
          ? t('new_cycle', { cycle: data['cycle'], due: formatDate(text('resolutionDueAt')) })
          : null;
      const reasonText = reason() ? t('reason', { reason: reason() }) : null;
      return [cycle, reasonText].filter(Boolean).join(' ') || null;
    }
    case 'RATED':
      return withReason(t('rated', { score: String(data['score'] ?? '—') }), text('comment'));
    default:
      return null;
  }
}
