import { Box, Button, Tab, Tabs, Typography } from '@mui/material';
import { DataTable, useListContext, useRedirect, useRefresh, useTranslate } from 'react-admin';
import { TakeChatDocument } from '@support/schema';
import { api } from '../api/graphql';
import { queueTabOf, type ChatRecord } from './dataProvider';
import { useSupportQueueChanges } from './live';
import { ChatStateChip } from './shared';
import { useAction } from '../api/action';
import { useFormatDate } from '../format';
import { ResourceList } from '../components/ResourceList';

/** Refreshes the list whenever a support chat changes, so new chats and messages show without a reload. */
function LiveRefresh() {
  const refresh = useRefresh();
  useSupportQueueChanges(
    () => refresh(),
    () => refresh(),
  );
  return null;
}

function QueueTabs() {
  const translate = useTranslate();
  const { filterValues, setFilters } = useListContext();
  const tab = queueTabOf(filterValues as Record<string, unknown>);
  return (
    <Tabs value={tab} onChange={(_event, value: string) => setFilters({ ...filterValues, tab: value }, {})}>
      <Tab value="queue" label={translate('support.chats.tabs.queue')} />
      <Tab value="mine" label={translate('support.chats.tabs.mine')} />
    </Tabs>
  );
}

function Empty() {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  return (
    <Typography color="text.secondary" sx={{ p: 3 }} data-testid="chats-empty">
      {translate(`support.chats.empty.${queueTabOf(filterValues as Record<string, unknown>)}`)}
    </Typography>
  );
}

function TakeButton({ chat }: { chat: ChatRecord }) {
  const translate = useTranslate();
  const redirect = useRedirect();
  const { run, busy } = useAction(() => api(TakeChatDocument, { chatId: chat.id }), {
    refresh: false,
    success: 'support.chats.taken',
    onSuccess: () => redirect('show', 'chats', chat.id),
  });
  if (chat.supportState !== 'QUEUED') return null;
  return (
    <Button
      size="small"
      variant="contained"
      disabled={busy}
      onClick={async (event) => {
        event.stopPropagation();
        await run();
      }}
    >
      {translate('support.chats.take')}
    </Button>
  );
}

const Column = DataTable.Col<ChatRecord>;

function ChatTable() {
  const formatDate = useFormatDate();
  const { data, isPending } = useListContext<ChatRecord>();
  if (!isPending && data?.length === 0) return <Empty />;
  return (
    <DataTable<ChatRecord> rowClick="show" bulkActionButtons={false}>
      <Column
        source="counterpart.displayName"
        label="support.chats.fields.customer"
        disableSort
        render={(chat) => chat.counterpart.displayName}
      />
      <Column
        source="lastMessage.text"
        label="support.chats.fields.lastMessage"
        disableSort
        render={(chat) => (
          <Typography variant="body2" noWrap sx={{ maxWidth: 420 }} title={chat.lastMessage?.text}>
            {chat.lastMessage?.text ?? '—'}
          </Typography>
        )}
      />
      <Column
        source="supportState"
        label="support.chats.fields.state"
        disableSort
        render={(chat) => <ChatStateChip state={chat.supportState} />}
      />
      <Column
        source="updatedAt"
        label="support.chats.fields.updatedAt"
        disableSort
        render={(chat) => formatDate(chat.updatedAt)}
      />
      <Column source="id" label=" " disableSort render={(chat) => <TakeButton chat={chat} />} />
    </DataTable>
  );
}

export default function ChatList() {
  return (
    <>
      {/* Outside the List: it must listen even while the queue is empty. */}
      <LiveRefresh />
      <ResourceList resource="chats" filterDefaultValues={{ tab: 'queue' }} perPage={25} empty={false} actions={false}>
        <Box sx={{ px: 2 }}>
          <QueueTabs />
        </Box>
        <ChatTable />
      </ResourceList>
    </>
  );
}
