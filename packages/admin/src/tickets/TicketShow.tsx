import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Grid,
  LinearProgress,
  MenuItem,
  Paper,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { Show, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import {
  AssignTicketDocument,
  ChangeTicketStatusDocument,
  EscalateTicketDocument,
  ReplyToTicketDocument,
  type TicketStatus,
} from '@support/schema';
import { api, session } from '../api/graphql';
import { useAction } from '../api/action';
import type { TicketRecord } from './dataProvider';
import { useTicketEvents } from './events';
import { describeHistoryEvent } from './historyText';
import { StatusChip } from './shared';
import { useFormatDate } from '../format';
import { Field } from '../components/Field';
import { Section } from '../components/Section';
import { formatPhone } from '../phone';

function TicketFields({ ticket }: { ticket: TicketRecord }) {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  return (
    <Grid container spacing={2}>
      <Field label="support.tickets.fields.status">
        <StatusChip status={ticket.status} />
        {ticket.escalated && (
          <Chip size="small" color="error" sx={{ ml: 1 }} label={translate('support.tickets.escalated')} />
        )}
        {ticket.urgent && (
          <Chip size="small" color="warning" sx={{ ml: 1 }} label={translate('support.tickets.urgent')} />
        )}
      </Field>
      <Field label="support.tickets.fields.category">{ticket.category.title}</Field>
      <Field label="support.tickets.fields.problem">{ticket.otherSubject ?? ticket.problem.title}</Field>
      <Field label="support.tickets.fields.customer">
        {ticket.customer ? `${ticket.customer.displayName} (${formatPhone(ticket.customer.phone)})` : '—'}
      </Field>
      <Field label="support.tickets.fields.assignee">{ticket.assignee?.displayName ?? '—'}</Field>
      <Field label="support.tickets.fields.orderNumber">{ticket.orderNumber ?? '—'}</Field>
      <Field label="support.tickets.fields.replyChannel">
        {translate(`support.tickets.reply_channel.${ticket.replyChannel}`, { _: ticket.replyChannel })}
      </Field>
      <Field label="support.tickets.fields.slaClass">
        {translate(`support.tickets.sla_class.${ticket.slaClass}`, { _: ticket.slaClass })}
      </Field>
      <Field label="support.tickets.fields.firstResponseDueAt">
        <Box component="span" sx={ticket.slaBreached ? { color: 'error.main', fontWeight: 'bold' } : undefined}>
          {formatDate(ticket.firstResponseDueAt)}
          {ticket.slaBreached && ` · ${translate('support.tickets.sla_breached')}`}
          {ticket.slaPaused && ` · ${translate('support.tickets.sla_paused')}`}
        </Box>
      </Field>
      <Field label="support.tickets.fields.resolutionDueAt">{formatDate(ticket.resolutionDueAt)}</Field>
      <Field label="support.tickets.fields.createdAt">{formatDate(ticket.createdAt)}</Field>
      <Grid size={12}>
        <Typography variant="caption" color="text.secondary" component="div">
          {translate('support.tickets.fields.description')}
        </Typography>
        <Typography variant="body1" sx={{ whiteSpace: 'pre-wrap' }}>
          {ticket.description}
        </Typography>
      </Grid>
      {ticket.attachments.length > 0 && (
        <Field label="support.tickets.fields.attachments">
          {ticket.attachments.map((attachment) => attachment.fileName).join(', ')}
        </Field>
      )}
    </Grid>
  );
}

function Conversation({ ticket }: { ticket: TicketRecord }) {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  return (
    <Stack spacing={1} data-testid="conversation">
      {ticket.messages.length === 0 && (
        <Typography color="text.secondary">{translate('support.tickets.no_messages')}</Typography>
      )}
      {ticket.messages.map((message) => (
        <Paper
          key={message.id}
          variant="outlined"
          data-internal={message.internal ? 'true' : 'false'}
          sx={{
            p: 1.5,
            bgcolor: message.internal ? 'warning.light' : message.authorRole === 'CUSTOMER' ? 'grey.100' : 'info.light',
            borderStyle: message.internal ? 'dashed' : 'solid',
          }}
        >
          <Typography variant="caption" component="div">
            {message.author.displayName} · {formatDate(message.createdAt)}
            {message.internal && ` · ${translate('support.tickets.internal_note')}`}
          </Typography>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
            {message.body}
          </Typography>
        </Paper>
      ))}
    </Stack>
  );
}

function HistoryDetails({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Typography variant="body2" component="div" sx={{ wordBreak: 'break-word' }}>
      {text}
    </Typography>
  );
}

function History({ ticket }: { ticket: TicketRecord }) {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  return (
    <Box component="ol" data-testid="history" sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {ticket.history.map((event) => (
        <Box
          component="li"
          key={event.id}
          sx={{ borderLeft: 2, borderColor: 'primary.main', pl: 2, pb: 1.5, position: 'relative' }}
        >
          <Typography variant="subtitle2">
            {translate(`support.tickets.event.${event.type}`, { _: event.type })}
          </Typography>
          <Typography variant="caption" color="text.secondary" component="div">
            {event.actor?.displayName ?? translate('support.tickets.system')} · {formatDate(event.createdAt)}
            {!event.public && ` · ${translate('support.tickets.staff_only')}`}
          </Typography>
          <HistoryDetails text={describeHistoryEvent(event, ticket, translate, formatDate)} />
        </Box>
      ))}
    </Box>
  );
}

function Actions({ ticket }: { ticket: TicketRecord }) {
  const translate = useTranslate();
  const [body, setBody] = useState('');
  const [status, setStatus] = useState<TicketStatus | ''>('');
  const me = session.read()?.user.id;
  // Every action on the ticket: its call and the notice that it is done.
  const action = useAction(({ call }: { call: () => Promise<unknown>; done: string }) => call(), {
    success: (_, { done }) => done,
  });
  const busy = action.busy;
  const run = (call: () => Promise<unknown>, done: string) => action.run({ call, done });

  const reply = async (internal: boolean) => {
    const sent = await run(
      () => api(ReplyToTicketDocument, { input: { ticketId: ticket.id, body: body.trim(), internal } }),
      internal ? 'support.tickets.note_added' : 'support.tickets.reply_sent',
    );
    if (sent) setBody('');
  };

  const allowed = ticket.allowedStatuses.filter((candidate) => candidate !== ticket.status);
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button
          variant="outlined"
          disabled={busy || !me || ticket.assignee?.id === me}
          onClick={() =>
            void run(
              () => api(AssignTicketDocument, { ticketId: ticket.id, assigneeId: me }),
              'support.tickets.assigned',
            )
          }
        >
          {translate('support.tickets.actions.assign_to_me')}
        </Button>
        <Button
          variant="outlined"
          color="error"
          disabled={busy || ticket.escalated}
          onClick={() =>
            void run(() => api(EscalateTicketDocument, { ticketId: ticket.id }), 'support.tickets.escalated_done')
          }
        >
          {translate('support.tickets.actions.escalate')}
        </Button>
      </Stack>
      <TextField
        label={translate('support.tickets.actions.message')}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        multiline
        minRows={3}
        fullWidth
      />
      <Stack direction="row" spacing={1}>
        <Button variant="contained" disabled={busy || !body.trim()} onClick={() => void reply(false)}>
          {translate('support.tickets.actions.reply')}
        </Button>
        <Button variant="outlined" color="warning" disabled={busy || !body.trim()} onClick={() => void reply(true)}>
          {translate('support.tickets.actions.add_note')}
        </Button>
      </Stack>
      {allowed.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <TextField
            select
            label={translate('support.tickets.actions.new_status')}
            value={status}
            onChange={(event) => setStatus(event.target.value as TicketStatus)}
            sx={{ minWidth: 240 }}
            size="small"
          >
            {allowed.map((candidate) => (
              <MenuItem key={candidate} value={candidate}>
                {translate(`support.tickets.status.${candidate}`)}
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="contained"
            disabled={busy || !status}
            onClick={() =>
              void run(
                () =>
                  api(ChangeTicketStatusDocument, { ticketId: ticket.id, status: status as TicketStatus }).then(() =>
                    setStatus(''),
                  ),
                'support.tickets.status_changed',
              )
            }
          >
            {translate('support.tickets.actions.change_status')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}

function TicketView() {
  const ticket = useRecordContext<TicketRecord>();
  const translate = useTranslate();
  const refresh = useRefresh();
  useTicketEvents(() => refresh(), ticket?.id);
  // react-admin shows the list's copy of the record (no messages or history) until the full one arrives.
  if (!ticket || !Array.isArray(ticket.history)) return <LinearProgress sx={{ m: 2 }} />;
  return (
    <>
      <CardContent>
        <TicketFields ticket={ticket} />
      </CardContent>
      <Grid container spacing={2} sx={{ p: 2 }}>
        <Grid size={{ xs: 12, md: 7 }}>
          <Section title="support.tickets.conversation">
            <Conversation ticket={ticket} />
          </Section>
          <Card variant="outlined" sx={{ mt: 2 }}>
            <CardContent>
              <Typography variant="h6" gutterBottom>
                {translate('support.tickets.actions.title')}
              </Typography>
              {ticket.status === 'CLOSED' ? (
                <Alert severity="info">{translate('support.tickets.closed')}</Alert>
              ) : (
                <Actions ticket={ticket} />
              )}
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Section title="support.tickets.history">
            <History ticket={ticket} />
          </Section>
        </Grid>
      </Grid>
    </>
  );
}

/** The page title, once (react-admin's own would put the resource name and the record before it). */
function TicketTitle() {
  const ticket = useRecordContext<TicketRecord>();
  const translate = useTranslate();
  return <>{ticket ? translate('support.tickets.title_one', { number: ticket.number }) : ''}</>;
}

export default function TicketShow() {
  return (
    <Show resource="tickets" actions={false} title={<TicketTitle />}>
      <TicketView />
    </Show>
  );
}
