import { useEffect, useState } from 'react';
import { Button, Stack, Typography } from '@mui/material';
import { Confirm, DataTable, SelectInput, useListContext, useRefresh, useTranslate } from 'react-admin';
import { CancelPayoutDocument, ResolvePayoutDocument, RetryPayoutDocument } from '@support/schema';
import { api } from '../api/graphql';
import { useAction } from '../api/action';
import { PAYOUT_STATUSES, type PayoutRecord } from './dataProvider';
import { PayoutFailure, PayoutStatusChip } from './shared';
import { useFormatDate } from '../format';
import { formatPhone } from '../phone';
import { ADMIN_ONLY, useHasRole } from '../roles';
import { ResourceList } from '../components/ResourceList';

/** How often the list looks again while a payout on screen is still on its way to the bank. */
const IN_FLIGHT_REFRESH_MS = 2000;

function PayoutFilters() {
  const translate = useTranslate();
  return [
    <SelectInput
      key="status"
      source="status"
      label="support.payouts.fields.status"
      choices={PAYOUT_STATUSES.map((status) => ({ id: status, name: translate(`support.payouts.status.${status}`) }))}
      alwaysOn
      sx={{ minWidth: 220 }}
    />,
  ];
}

/** Payouts settle in the background within seconds: while one on screen is pending or processing, look again. */
function RefreshWhileInFlight() {
  const { data } = useListContext<PayoutRecord>();
  const refresh = useRefresh();
  const inFlight = (data ?? []).some((payout) => payout.status === 'PENDING' || payout.status === 'PROCESSING');
  useEffect(() => {
    if (!inFlight) return;
    const timer = setInterval(refresh, IN_FLIGHT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [inFlight, refresh]);
  return null;
}

type Action = 'retry' | 'cancel' | 'paid' | 'not_paid';

/** Retry (a failed payout) and cancel (a pending or failed one), each after a confirmation; admins only. */
function PayoutActions({ payout }: { payout: PayoutRecord }) {
  const translate = useTranslate();
  const refresh = useRefresh();
  const [asking, setAsking] = useState<Action | null>(null);
  // A refusal means the payout's status moved on: the list is read again either way.
  const { run, busy } = useAction(
    async (action: Action) => {
      if (action === 'retry') await api(RetryPayoutDocument, { id: payout.id });
      else if (action === 'cancel') await api(CancelPayoutDocument, { id: payout.id });
      else await api(ResolvePayoutDocument, { id: payout.id, outcome: action === 'paid' ? 'COMPLETED' : 'FAILED' });
    },
    { refresh: false, success: (_, action) => `support.payouts.actions.done_${action}` },
  );
  const unknown = payout.status === 'UNKNOWN';
  const canRetry = payout.status === 'FAILED' || unknown;
  const canCancel = payout.status === 'PENDING' || payout.status === 'FAILED';
  if (!canRetry && !canCancel) return null;

  const perform = async (action: Action) => {
    await run(action);
    setAsking(null);
    refresh();
  };

  const amount = payout.amountFormatted;
  const content: Record<Action, string> = {
    retry: unknown ? 'support.payouts.actions.ask_again_content' : 'support.payouts.actions.retry_content',
    cancel:
      payout.status === 'PENDING' ? 'support.payouts.actions.cancel_pending' : 'support.payouts.actions.cancel_failed',
    paid: 'support.payouts.actions.paid_content',
    not_paid: 'support.payouts.actions.not_paid_content',
  };
  const button = (action: Action, label: string, color?: 'error') => (
    <Button size="small" variant="outlined" color={color} disabled={busy} onClick={() => setAsking(action)}>
      {translate(label)}
    </Button>
  );
  return (
    <Stack spacing={1} onClick={(event) => event.stopPropagation()}>
      {unknown && button('paid', 'support.payouts.actions.paid')}
      {unknown && button('not_paid', 'support.payouts.actions.not_paid', 'error')}
      {canRetry && button('retry', unknown ? 'support.payouts.actions.ask_again' : 'support.payouts.actions.retry')}
      {canCancel && button('cancel', 'support.payouts.actions.cancel', 'error')}
      <Confirm
        isOpen={asking !== null}
        loading={busy}
        title={`support.payouts.actions.${asking ?? 'retry'}_title`}
        titleTranslateOptions={{ amount }}
        content={asking ? content[asking] : ''}
        onConfirm={() => (asking ? void perform(asking) : undefined)}
        onClose={() => setAsking(null)}
      />
    </Stack>
  );
}

const Column = DataTable.Col<PayoutRecord>;

export default function PayoutList() {
  const formatDate = useFormatDate();
  const translate = useTranslate();
  const isAdmin = useHasRole(ADMIN_ONLY).allowed;
  return (
    <ResourceList resource="payouts" filters={PayoutFilters()} perPage={25} empty={false} actions={false}>
      <RefreshWhileInFlight />
      <DataTable<PayoutRecord> bulkActionButtons={false} rowClick={false}>
        <Column
          source="createdAt"
          label="support.payouts.fields.createdAt"
          disableSort
          render={(payout) => formatDate(payout.createdAt)}
        />
        <Column
          source="user.displayName"
          label="support.payouts.fields.customer"
          disableSort
          render={(payout) => (
            <>
              <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
                {payout.user.displayName}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                {formatPhone(payout.user.phone)}
              </Typography>
            </>
          )}
        />
        <Column
          source="amountFormatted"
          label="support.payouts.fields.amount"
          disableSort
          align="right"
          render={(payout) => (
            <Typography variant="body2" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
              {payout.amountFormatted}
            </Typography>
          )}
        />
        <Column
          source="destinationKind"
          label="support.payouts.fields.destination"
          disableSort
          render={(payout) => (
            <>
              <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
                {translate(`support.payouts.destination.${payout.destinationKind}`, { _: payout.destinationKind })}
              </Typography>
              {payout.recipientName && (
                <Typography variant="caption" color="text.secondary" component="div">
                  {payout.recipientName}
                </Typography>
              )}
              {payout.accountNumberMasked && (
                <Typography variant="caption" color="text.secondary" component="div" sx={{ whiteSpace: 'nowrap' }}>
                  {payout.accountNumberMasked}
                </Typography>
              )}
            </>
          )}
        />
        <Column
          source="status"
          label="support.payouts.fields.status"
          disableSort
          render={(payout) => <PayoutStatusChip status={payout.status} />}
        />
        <Column
          source="failureCode"
          label="support.payouts.fields.failureReason"
          disableSort
          render={(payout) => (
            <Typography variant="caption" component="div" sx={{ minWidth: 160, maxWidth: 240 }}>
              <PayoutFailure code={payout.failureCode} />
            </Typography>
          )}
        />
        {isAdmin && <Column source="id" label=" " disableSort render={(payout) => <PayoutActions payout={payout} />} />}
      </DataTable>
    </ResourceList>
  );
}
