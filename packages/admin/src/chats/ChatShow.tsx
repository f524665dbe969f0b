import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  LinearProgress,
  MenuItem,
  Paper,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { Show, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import {
  ConvertChatToTicketDocument,
  MessagesDocument,
  SendMessageDocument,
  SupportCategoriesDocument,
  TakeChatDocument,
  UserDocument,
  type ConvertChatToTicketMutationVariables,
  type MessagesQuery,
  type UserQuery,
} from '@support/schema';
import { api, session } from '../api/graphql';
import type { ChatRecord } from './dataProvider';
import { useChatMessages, useSupportQueueChanges } from './live';
import { ChatStateChip } from './shared';
import { useAction } from '../api/action';
import { useFormatDate } from '../format';
import { formatPhone } from '../phone';

type Message = MessagesQuery['messages']['nodes'][number];
type Customer = UserQuery['user'];

/** An id for a message we send, so that a retry of the same send is the same message (works without HTTPS too). */
function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `admin-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The last 100 messages, oldest first (the API reads history backwards with `last`), refetched on every new one. */
function useMessages(chatId: string) {
  const queryClient = useQueryClient();
  const queryKey = ['chats', 'messages', chatId];
  const query = useQuery({
    queryKey,
    queryFn: async () => (await api(MessagesDocument, { chatId, last: 100 })).messages.nodes,
  });
  useChatMessages(
    chatId,
    () => void queryClient.invalidateQueries({ queryKey }),
    () => void queryClient.invalidateQueries({ queryKey }),
  );
  return { ...query, reload: () => queryClient.invalidateQueries({ queryKey }) };
}

function useCustomer(userId: string | null) {
  return useQuery({
    queryKey: ['chats', 'customer', userId],
    enabled: Boolean(userId),
    queryFn: async () => (userId ? (await api(UserDocument, { id: userId })).user : null),
  });
}

function MessageBubble({ message, customerName }: { message: Message; customerName: string }) {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  const fromCustomer = message.authorKind === 'USER';
  const fromStaff = message.authorKind === 'STAFF';
  const author = fromCustomer
    ? customerName
    : message.mine
      ? translate('support.chats.author.me')
      : translate(`support.chats.author.${message.authorKind}`, { _: message.authorKind });
  return (
    <Box
      sx={{ display: 'flex', justifyContent: fromCustomer ? 'flex-start' : fromStaff ? 'flex-end' : 'center' }}
      data-author={message.authorKind}
    >
      <Paper
        variant="outlined"
        sx={{
          p: 1.5,
          maxWidth: '75%',
          bgcolor: fromCustomer ? 'grey.100' : fromStaff ? 'info.light' : 'background.paper',
          borderStyle: fromCustomer || fromStaff ? 'solid' : 'dashed',
        }}
      >
        <Typography variant="caption" component="div" color="text.secondary">
          {author} · {formatDate(message.createdAt)}
        </Typography>
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {message.text}
        </Typography>
      </Paper>
    </Box>
  );
}

function Conversation({ messages, customerName }: { messages: Message[]; customerName: string }) {
  const translate = useTranslate();
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [messages.length]);
  return (
    <Stack spacing={1} data-testid="conversation" sx={{ maxHeight: '55vh', overflowY: 'auto', pr: 1 }}>
      {messages.length === 0 && (
        <Typography color="text.secondary">{translate('support.chats.no_messages')}</Typography>
      )}
      {messages.map((message) => (
        <MessageBubble key={message.id} message={message} customerName={customerName} />
      ))}
      <div ref={end} />
    </Stack>
  );
}

function Composer({ chat, onSent }: { chat: ChatRecord; onSent: () => void }) {
  const translate = useTranslate();
  const [text, setText] = useState('');
  // One id per text being sent: pressing «Send» again after a network failure does not send it twice.
  const [clientMessageId, setClientMessageId] = useState(newClientMessageId);
  const { run, busy } = useAction(
    () => api(SendMessageDocument, { input: { chatId: chat.id, text: text.trim(), clientMessageId } }),
    {
      // The first answer assigns the chat to the sender: the header follows.
      refresh: chat.supportState !== 'ASSIGNED',
      onSuccess: () => {
        setText('');
        setClientMessageId(newClientMessageId());
        onSent();
      },
    },
  );
  const send = () => run();

  return (
    <Stack spacing={1}>
      <TextField
        label={translate('support.chats.message')}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setClientMessageId(newClientMessageId());
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && text.trim() && !busy) void send();
        }}
        multiline
        minRows={2}
        fullWidth
        slotProps={{ htmlInput: { maxLength: 4000 } }}
      />
      <Box>
        <Button variant="contained" disabled={busy || !text.trim()} onClick={() => void send()}>
          {translate('support.chats.send')}
        </Button>
      </Box>
    </Stack>
  );
}

function ToTicketDialog({
  chat,
  customer,
  open,
  onClose,
  onCreated,
}: {
  chat: ChatRecord;
  customer: Customer | undefined;
  open: boolean;
  onClose: () => void;
  onCreated: (ticket: { id: string; number: string }) => void;
}) {
  const translate = useTranslate();
  const [categoryId, setCategoryId] = useState('');
  const [problemId, setProblemId] = useState('');
  const [otherSubject, setOtherSubject] = useState('');
  const [orderNumber, setOrderNumber] = useState(chat.orderNumber ?? '');
  const { run, busy } = useAction(
    (input: ConvertChatToTicketMutationVariables['input']) =>
      api(ConvertChatToTicketDocument, { chatId: chat.id, input }),
    {
      refresh: false,
      success: 'support.chats.to_ticket.created',
      successArgs: ({ convertChatToTicket }) => ({ number: convertChatToTicket.number }),
      onSuccess: ({ convertChatToTicket }) => onCreated(convertChatToTicket),
    },
  );
  const { data: categories } = useQuery({
    queryKey: ['chats', 'supportCategories'],
    enabled: open,
    queryFn: async () => (await api(SupportCategoriesDocument, {})).supportCategories,
  });
  // Seller problems only for customers who sell: the API refuses the rest.
  const seller = customer?.roles.includes('SELLER') ?? false;
  const fits = (audience: string) => audience !== 'SELLER' || seller;
  const categoryChoices = (categories ?? []).filter((category) => category.active && fits(category.audience));
  const category = categoryChoices.find((candidate) => candidate.id === categoryId);
  const problems = (category?.problems ?? []).filter(
    (problem) => problem.active && (problem.isOther || fits(problem.audience)),
  );
  const problem = problems.find((candidate) => candidate.id === problemId);
  const needsOrder = Boolean(problem?.requiresOrderNumber);
  const ready =
    Boolean(problem) && (!problem?.isOther || otherSubject.trim() !== '') && (!needsOrder || orderNumber.trim() !== '');

  const create = async () => {
    if (!problem || !category) return;
    await run(
      problem.isOther
        ? { categoryId: category.id, otherSubject: otherSubject.trim(), orderNumber: orderNumber.trim() || null }
        : { problemId: problem.id, orderNumber: orderNumber.trim() || null },
    );
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('support.chats.to_ticket.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{translate('support.chats.to_ticket.hint')}</DialogContentText>
        <Stack spacing={2}>
          <TextField
            select
            label={translate('support.chats.to_ticket.category')}
            value={categoryId}
            onChange={(event) => {
              setCategoryId(event.target.value);
              setProblemId('');
            }}
          >
            {categoryChoices.map((choice) => (
              <MenuItem key={choice.id} value={choice.id}>
                {choice.title}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label={translate('support.chats.to_ticket.problem')}
            value={problemId}
            disabled={!category}
            onChange={(event) => setProblemId(event.target.value)}
          >
            {problems.map((choice) => (
              <MenuItem key={choice.id} value={choice.id}>
                {choice.title}
              </MenuItem>
            ))}
          </TextField>
          {problem?.isOther && (
            <TextField
              label={translate('support.chats.to_ticket.other_subject')}
              value={otherSubject}
              onChange={(event) => setOtherSubject(event.target.value)}
              required
              slotProps={{ htmlInput: { maxLength: 200 } }}
            />
          )}
          <TextField
            label={translate('support.chats.to_ticket.order_number')}
            value={orderNumber}
            onChange={(event) => setOrderNumber(event.target.value)}
            required={needsOrder}
            helperText={needsOrder ? translate('support.chats.to_ticket.order_number_required') : undefined}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('support.chats.to_ticket.cancel')}</Button>
        <Button variant="contained" disabled={busy || !ready} onClick={() => void create()}>
          {translate('support.chats.to_ticket.create')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ChatView() {
  const chat = useRecordContext<ChatRecord>();
  if (!chat) return <LinearProgress sx={{ m: 2 }} />;
  return <ChatDetails chat={chat} />;
}

function ChatDetails({ chat }: { chat: ChatRecord }) {
  const translate = useTranslate();
  const refresh = useRefresh();
  const formatDate = useFormatDate();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [created, setCreated] = useState<{ id: string; number: string } | null>(null);
  const { run: take, busy } = useAction(() => api(TakeChatDocument, { chatId: chat.id }), {
    success: 'support.chats.taken',
  });
  const me = session.read()?.user.id;
  const messages = useMessages(chat.id);
  const customer = useCustomer(chat.counterpart.id);
  // Taken by someone else, turned into a ticket, a new message: the header follows.
  useSupportQueueChanges(
    (changed) => {
      if (changed.id === chat.id) refresh();
    },
    () => refresh(),
  );

  const mine = chat.supportState === 'ASSIGNED' && chat.assigneeId === me;
  const otherAgent = chat.supportState === 'ASSIGNED' && chat.assigneeId !== me;
  const closed = chat.supportState === 'CLOSED';
  const ticketId = created?.id ?? chat.ticketId;

  return (
    <>
      <CardContent>
        <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
          <Box>
            <Typography variant="caption" color="text.secondary" component="div">
              {translate('support.chats.fields.customer')}
            </Typography>
            <Typography variant="body1" data-testid="chat-customer">
              {chat.counterpart.displayName}
              {customer.data && ` · ${formatPhone(customer.data.phone)}`}
            </Typography>
          </Box>
          <Box>
            <Typography variant="caption" color="text.secondary" component="div">
              {translate('support.chats.fields.state')}
            </Typography>
            <ChatStateChip state={chat.supportState} />
          </Box>
          <Box>
            <Typography variant="caption" color="text.secondary" component="div">
              {translate('support.chats.fields.updatedAt')}
            </Typography>
            <Typography variant="body2">{formatDate(chat.updatedAt)}</Typography>
          </Box>
          {chat.orderNumber && (
            <Box>
              <Typography variant="caption" color="text.secondary" component="div">
                {translate('support.chats.fields.orderNumber')}
              </Typography>
              <Typography variant="body2">{chat.orderNumber}</Typography>
            </Box>
          )}
          <Box sx={{ flexGrow: 1 }} />
          {!mine && !otherAgent && !closed && (
            <Button variant="outlined" disabled={busy} onClick={() => void take()}>
              {translate('support.chats.take')}
            </Button>
          )}
          {ticketId ? (
            <Button component={Link} to={`/tickets/${ticketId}/show`} variant="outlined" data-testid="chat-ticket-link">
              {created
                ? translate('support.chats.ticket_number_link', { number: created.number })
                : translate('support.chats.ticket_link')}
            </Button>
          ) : (
            <Button variant="outlined" color="secondary" onClick={() => setDialogOpen(true)}>
              {translate('support.chats.to_ticket.open')}
            </Button>
          )}
        </Stack>
      </CardContent>
      <Box sx={{ p: 2, pt: 0 }}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" gutterBottom>
              {translate('support.chats.conversation')}
            </Typography>
            {messages.isPending ? (
              <LinearProgress />
            ) : (
              <Conversation messages={messages.data ?? []} customerName={chat.counterpart.displayName} />
            )}
          </CardContent>
          <CardContent>
            {closed ? (
              <Alert severity="info">{translate('support.chats.closed')}</Alert>
            ) : otherAgent ? (
              <Alert severity="info">{translate('support.chats.other_agent')}</Alert>
            ) : (
              <Stack spacing={1}>
                <Typography variant="body2" color="text.secondary">
                  {translate(mine ? 'support.chats.yours' : 'support.chats.unassigned_hint')}
                </Typography>
                <Composer chat={chat} onSent={() => void messages.reload()} />
              </Stack>
            )}
          </CardContent>
        </Card>
      </Box>
      {!ticketId && (
        <ToTicketDialog
          chat={chat}
          customer={customer.data ?? undefined}
          open={dialogOpen}
          onClose={() => setDialogOpen(false)}
          onCreated={(ticket) => {
            setCreated(ticket);
            setDialogOpen(false);
            refresh();
          }}
        />
      )}
    </>
  );
}

/** The page title (react-admin's own would repeat the resource name before it). */
function ChatTitle() {
  const chat = useRecordContext<ChatRecord>();
  const translate = useTranslate();
  return <>{chat ? translate('support.chats.title_one', { name: chat.counterpart.displayName }) : ''}</>;
}

export default function ChatShow() {
  return (
    <Show resource="chats" actions={false} title={<ChatTitle />}>
      <ChatView />
    </Show>
  );
}
