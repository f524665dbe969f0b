import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import RefreshIcon from '@mui/icons-material/Refresh';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControlLabel,
  LinearProgress,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useLocaleState, useTranslate } from 'react-admin';
import { useRefusalText } from '../api/action';
import { fetchOutbox, isOutboxMissing, recipientQuery, type OutboxMessage } from './devOutbox';

const REFRESH_MS = 3000;

function useFormatTime(): (value: string) => string {
  const [locale] = useLocaleState();
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: 'Europe/Moscow',
  });
  return (value) => format.format(new Date(value));
}

function matches(message: OutboxMessage, part: string): boolean {
  if (!part) return true;
  const to = message.to.toLowerCase();
  return to.includes(part) || to.replace(/\D/g, '').includes(part);
}

/** The development outbox: what was "sent" (login codes among it), newest first, filtered by recipient, live. */
export default function OutboxPage() {
  const translate = useTranslate();
  const refusalText = useRefusalText();
  const formatTime = useFormatTime();
  const [recipient, setRecipient] = useState('');
  const [autoRefresh, setAutoRefresh] = useState(true);
  const { to, part } = recipientQuery(recipient);
  const { data, error, isPending, isFetching, refetch } = useQuery({
    queryKey: ['devOutbox', to],
    queryFn: () => fetchOutbox(to),
    refetchInterval: (query) => (autoRefresh && !isOutboxMissing(query.state.error) ? REFRESH_MS : false),
    retry: false,
  });
  const shown = (data ?? []).filter((message) => matches(message, part));
  const label = (group: string, value: string) => translate(`support.outbox.${group}.${value}`, { _: value });

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="support.outbox.title" />
      <CardContent>
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('support.outbox.intro')}
        </Alert>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
          <TextField
            size="small"
            label={translate('support.outbox.recipient')}
            helperText={translate('support.outbox.recipient_helper')}
            value={recipient}
            onChange={(event) => setRecipient(event.target.value)}
            sx={{ minWidth: 320 }}
          />
          <FormControlLabel
            control={<Switch checked={autoRefresh} onChange={(event) => setAutoRefresh(event.target.checked)} />}
            label={translate('support.outbox.auto_refresh')}
          />
          <Button startIcon={<RefreshIcon />} onClick={() => void refetch()} disabled={isFetching}>
            {translate('support.outbox.refresh')}
          </Button>
        </Box>
        {isPending && <LinearProgress />}
        {error && (
          <Alert severity={isOutboxMissing(error) ? 'warning' : 'error'} sx={{ mb: 2 }}>
            {isOutboxMissing(error)
              ? translate('support.outbox.not_served')
              : translate('support.outbox.load_error', { detail: refusalText(error) })}
          </Alert>
        )}
        {data && shown.length === 0 && <Typography sx={{ mt: 2 }}>{translate('support.outbox.empty')}</Typography>}
        {shown.length > 0 && (
          <Table size="small" aria-label={translate('support.outbox.title')}>
            <TableHead>
              <TableRow>
                {(['createdAt', 'channel', 'to', 'purpose', 'code', 'text', 'status'] as const).map((field) => (
                  <TableCell key={field}>{translate(`support.outbox.fields.${field}`)}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map((message) => (
                <TableRow key={message.id} data-message-id={message.id} data-to={message.to}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatTime(message.createdAt)}</TableCell>
                  <TableCell>{label('channel', message.channel)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{message.to}</TableCell>
                  <TableCell>{label('purpose', message.purpose)}</TableCell>
                  <TableCell>
                    {message.code && (
                      <Typography
                        component="span"
                        data-testid="login-code"
                        sx={{ fontFamily: 'monospace', fontSize: '1.1rem', fontWeight: 'bold', letterSpacing: 2 }}
                      >
                        {message.code}
                      </Typography>
                    )}
                    {message.callerNumber && (
                      <Typography variant="caption" component="div" color="text.secondary">
                        {translate('support.outbox.caller', { number: message.callerNumber })}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ maxWidth: 420 }}>
                    {message.subject && (
                      <Typography variant="body2" sx={{ fontWeight: 'bold' }}>
                        {message.subject}
                      </Typography>
                    )}
                    <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                      {message.text}
                    </Typography>
                  </TableCell>
                  <TableCell>{label('status', message.status)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
