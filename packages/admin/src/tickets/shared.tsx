import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { TicketEventType, TicketStatus } from '@support/schema';

export const TICKET_STATUSES: readonly TicketStatus[] = [
  'NEW',
  'IN_PROGRESS',
  'WAITING_FOR_CUSTOMER',
  'REOPENED',
  'RESOLVED',
  'CLOSED',
];

export const TICKET_EVENT_TYPES: readonly TicketEventType[] = [
  'CREATED',
  'ASSIGNED',
  'MESSAGE',
  'INTERNAL_NOTE',
  'STATUS_CHANGED',
  'ESCALATED',
  'SLA_BREACHED',
  'REOPENED',
  'RATED',
];

const STATUS_COLORS: Record<TicketStatus, 'default' | 'primary' | 'warning' | 'success' | 'info' | 'secondary'> = {
  NEW: 'primary',
  IN_PROGRESS: 'info',
  WAITING_FOR_CUSTOMER: 'warning',
  REOPENED: 'secondary',
  RESOLVED: 'success',
  CLOSED: 'default',
};

export function StatusChip({ status }: { status: TicketStatus }) {
  const translate = useTranslate();
  return <Chip size="small" color={STATUS_COLORS[status]} label={translate(`support.tickets.status.${status}`)} />;
}
