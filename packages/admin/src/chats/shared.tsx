import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { SupportChatState } from '@support/schema';

const STATE_COLORS: Record<SupportChatState, 'default' | 'primary' | 'warning' | 'success' | 'info'> = {
  BOT: 'default',
  QUEUED: 'warning',
  ASSIGNED: 'info',
  CLOSED: 'success',
};

export function ChatStateChip({ state }: { state: SupportChatState | null }) {
  const translate = useTranslate();
  if (!state) return null;
  return (
    <Chip
      size="small"
      color={STATE_COLORS[state]}
      label={translate(`support.chats.state.${state}`, { _: state })}
      data-state={state}
    />
  );
}
