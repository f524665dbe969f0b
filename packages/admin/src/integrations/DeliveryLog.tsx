import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import ReplayIcon from '@mui/icons-material/Replay';
import {
  Alert,
  Box,
  Button,
  IconButton,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { RetryWebhookDeliveryDocument, WebhookDeliveriesDocument, type WebhookDeliveryStatus } from '@support/schema';
import { api } from '../api/graphql';
import { useFormatDate } from '../format';
import { useAction, useRefusalText } from '../api/action';
import { DeliveryStatusChip } from './shared';

const STATUSES: readonly WebhookDeliveryStatus[] = ['PENDING', 'DELIVERED', 'FAILED'];
const PAGE_SIZE = 50;
/** The dispatcher sends within seconds; the log follows without a reload. */
const REFRESH_MS = 5000;

/** One webhook's deliveries, newest first, keyset-paged, with their last answer and a way to send one again. */
export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const translate = useTranslate();
  const refusalText = useRefusalText();
  const formatDate = useFormatDate();
  const [status, setStatus] = useState<WebhookDeliveryStatus | null>(null);
  const queryKey = ['integrations', 'webhookDeliveries', webhookId, status];
  const log = useInfiniteQuery({
    queryKey,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      (await api(WebhookDeliveriesDocument, { webhookId, status, first: PAGE_SIZE, after: pageParam }))
        .webhookDeliveries,
    getNextPageParam: (page) => (page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null),
    refetchInterval: REFRESH_MS,
  });
  const retry = useAction((id: string) => api(RetryWebhookDeliveryDocument, { id }), {
    refresh: false,
    success: 'support.integrations.deliveries.retried',
    invalidate: [['integrations', 'webhookDeliveries', webhookId]],
  });
  const deliveries = log.data?.pages.flatMap((page) => page.nodes) ?? [];

  return (
    <Box component="section" aria-labelledby="delivery-log-title">
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 2, flexWrap: 'wrap' }}>
        <Box>
          <Typography variant="h6" component="h2" id="delivery-log-title">
            {translate('support.integrations.deliveries.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {translate('support.integrations.deliveries.hint')}
          </Typography>
        </Box>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={status ?? 'ALL'}
          onChange={(_event, value: string | null) =>
            value && setStatus(value === 'ALL' ? null : (value as WebhookDeliveryStatus))
          }
        >
          <ToggleButton value="ALL">{translate('support.integrations.deliveries.all')}</ToggleButton>
          {STATUSES.map((value) => (
            <ToggleButton key={value} value={value}>
              {translate(`support.integrations.deliveries.status.${value}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Box>
      {log.isPending && <LinearProgress sx={{ mt: 1 }} />}
      {log.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {refusalText(log.error)}
        </Alert>
      )}
      {log.data && deliveries.length === 0 && (
        <Typography sx={{ mt: 2 }}>{translate('support.integrations.deliveries.empty')}</Typography>
      )}
      {deliveries.length > 0 && (
        <Table size="small" sx={{ mt: 1 }} aria-labelledby="delivery-log-title">
          <TableHead>
            <TableRow>
              {(
                ['createdAt', 'event', 'status', 'attempts', 'lastStatusCode', 'nextAttemptAt', 'lastResult'] as const
              ).map((field) => (
                <TableCell key={field}>{translate(`support.integrations.deliveries.fields.${field}`)}</TableCell>
              ))}
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {deliveries.map((delivery) => (
              <TableRow key={delivery.id} data-delivery-id={delivery.id} data-status={delivery.status}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(delivery.createdAt)}</TableCell>
                <TableCell>
                  {delivery.eventType ? translate(`support.tickets.event.${delivery.eventType}`) : '—'}
                  {delivery.ticketNumber && (
                    <Typography variant="caption" component="div" color="text.secondary">
                      {translate('support.integrations.deliveries.ticket', { number: delivery.ticketNumber })}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <DeliveryStatusChip status={delivery.status} />
                  {delivery.deliveredAt && (
                    <Typography variant="caption" component="div" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
                      {formatDate(delivery.deliveredAt)}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{delivery.attempts}</TableCell>
                <TableCell>{delivery.lastStatusCode ?? '—'}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {delivery.status === 'PENDING' ? formatDate(delivery.nextAttemptAt) : '—'}
                </TableCell>
                <TableCell sx={{ maxWidth: 240 }}>
                  {!delivery.lastError && !delivery.lastResponse && '—'}
                  {delivery.lastError && (
                    <Tooltip title={delivery.lastError}>
                      <Typography variant="body2" noWrap color="error">
                        {delivery.lastError}
                      </Typography>
                    </Tooltip>
                  )}
                  {delivery.lastResponse && (
                    <Tooltip title={delivery.lastResponse}>
                      <Typography variant="body2" noWrap sx={{ fontFamily: 'monospace' }}>
                        {delivery.lastResponse}
                      </Typography>
                    </Tooltip>
                  )}
                </TableCell>
                <TableCell align="right">
                  <Tooltip title={translate('support.integrations.deliveries.retry')}>
                    <span>
                      <IconButton
                        size="small"
                        color="primary"
                        aria-label={translate('support.integrations.deliveries.retry')}
                        disabled={retry.busy}
                        onClick={() => void retry.run(delivery.id)}
                      >
                        <ReplayIcon fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {log.hasNextPage && (
        <Button sx={{ mt: 1 }} onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {translate('support.integrations.deliveries.more')}
        </Button>
      )}
    </Box>
  );
}
