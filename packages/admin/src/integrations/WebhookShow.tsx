import PowerSettingsNewIcon from '@mui/icons-material/PowerSettingsNew';
import { Button, Card, CardContent, Grid } from '@mui/material';
import { EditButton, Show, TopToolbar, useNotify, useRecordContext, useTranslate, useUpdate } from 'react-admin';
import { useFormatDate } from '../format';
import type { WebhookRecord } from './dataProvider';
import { DeliveryLog } from './DeliveryLog';
import { useRefusalNotice } from '../api/action';
import { ActiveChip, EventTypeChips } from './shared';
import { Field } from '../components/Field';

/** Disables or enables the webhook: a disabled one gets no new deliveries (the log keeps what was sent). */
function ToggleActiveButton() {
  const translate = useTranslate();
  const notify = useNotify();
  const onError = useRefusalNotice();
  const record = useRecordContext<WebhookRecord>();
  const [update, { isPending }] = useUpdate<WebhookRecord>();
  if (!record) return null;
  const toggle = () =>
    update(
      'webhooks',
      { id: record.id, data: { ...record, active: !record.active }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: (saved) =>
          notify(
            saved.active ? 'support.integrations.webhooks.enabled_done' : 'support.integrations.webhooks.disabled_done',
            { type: 'success' },
          ),
        onError,
      },
    );
  return (
    <Button
      size="small"
      startIcon={<PowerSettingsNewIcon />}
      color={record.active ? 'warning' : 'success'}
      onClick={toggle}
      disabled={isPending}
    >
      {translate(record.active ? 'support.integrations.webhooks.disable' : 'support.integrations.webhooks.enable')}
    </Button>
  );
}

function WebhookDetails() {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  const webhook = useRecordContext<WebhookRecord>();
  if (!webhook) return null;
  return (
    <>
      <CardContent>
        <Grid container spacing={2}>
          <Field label="support.integrations.webhooks.fields.url">{webhook.url}</Field>
          <Field label="support.integrations.webhooks.fields.description">{webhook.description ?? '—'}</Field>
          <Field label="support.integrations.webhooks.fields.active">
            <ActiveChip active={webhook.active} />
          </Field>
          <Field label="support.integrations.webhooks.fields.eventTypes">
            <EventTypeChips types={webhook.eventTypes} />
          </Field>
          <Field label="support.integrations.webhooks.fields.categoryIds">
            {webhook.categoryIds.length === 0
              ? translate('support.integrations.webhooks.all_categories')
              : translate('support.integrations.webhooks.categories_count', {
                  smart_count: webhook.categoryIds.length,
                })}
          </Field>
          <Field label="support.integrations.webhooks.fields.createdAt">{formatDate(webhook.createdAt)}</Field>
        </Grid>
      </CardContent>
      <Card variant="outlined" sx={{ m: 2 }}>
        <CardContent>
          <DeliveryLog webhookId={webhook.id} />
        </CardContent>
      </Card>
    </>
  );
}

export default function WebhookShow() {
  return (
    <Show
      resource="webhooks"
      actions={
        <TopToolbar>
          <ToggleActiveButton />
          <EditButton />
        </TopToolbar>
      }
    >
      <WebhookDetails />
    </Show>
  );
}
