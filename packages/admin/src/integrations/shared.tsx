import { Chip, Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { TicketEventType, WebhookDeliveryStatus } from '@support/schema';

export function ActiveChip({ active }: { active: boolean }) {
  const translate = useTranslate();
  return active ? (
    <Chip size="small" color="success" label={translate('support.integrations.webhooks.enabled')} />
  ) : (
    <Chip size="small" label={translate('support.integrations.webhooks.disabled')} />
  );
}

/** The event types a webhook gets (none chosen: every one). */
export function EventTypeChips({ types }: { types: readonly TicketEventType[] }) {
  const translate = useTranslate();
  if (types.length === 0) return <>{translate('support.integrations.webhooks.all_events')}</>;
  return (
    <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap' }}>
      {types.map((type) => (
        <Chip key={type} size="small" variant="outlined" label={translate(`support.tickets.event.${type}`)} />
      ))}
    </Stack>
  );
}

const STATUS_COLORS: Record<WebhookDeliveryStatus, 'warning' | 'success' | 'error'> = {
  PENDING: 'warning',
  DELIVERED: 'success',
  FAILED: 'error',
};

export function DeliveryStatusChip({ status }: { status: WebhookDeliveryStatus }) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={STATUS_COLORS[status]}
      label={translate(`support.integrations.deliveries.status.${status}`)}
    />
  );
}
