import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { CardApplicationStatus } from '@support/schema';

const STATUS_COLORS: Record<CardApplicationStatus, 'default' | 'primary' | 'warning' | 'success' | 'error' | 'info'> = {
  SUBMITTED: 'warning',
  APPROVED: 'info',
  REJECTED: 'error',
  ISSUED: 'success',
};

export function CardStatusChip({ status }: { status: CardApplicationStatus }) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={STATUS_COLORS[status]}
      label={translate(`support.cards.status.${status}`, { _: status })}
      data-status={status}
    />
  );
}
