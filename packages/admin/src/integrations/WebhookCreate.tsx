import { useState } from 'react';
import { Create, useNotify, useRedirect, useTranslate } from 'react-admin';
import type { CreatedWebhookRecord } from './dataProvider';
import { SecretDialog } from './SecretDialog';
import { useRefusalNotice } from '../api/action';
import { WebhookForm } from './WebhookForm';

/** Registers a webhook, then shows its signing secret once before going to its page (and delivery log). */
export default function WebhookCreate() {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const onError = useRefusalNotice();
  const [created, setCreated] = useState<CreatedWebhookRecord | null>(null);
  return (
    <>
      <Create
        resource="webhooks"
        title="resources.webhooks.new"
        mutationOptions={{
          onSuccess: (data: unknown) => {
            setCreated(data as CreatedWebhookRecord);
            notify('support.integrations.webhooks.created_done', { type: 'success' });
          },
          onError,
        }}
      >
        <WebhookForm />
      </Create>
      <SecretDialog
        title={translate('support.integrations.secret.webhook_title')}
        secret={created?.secret ?? null}
        hint={translate('support.integrations.secret.webhook_hint')}
        onClose={() => {
          const id = created?.id;
          setCreated(null);
          if (id) redirect('show', 'webhooks', id);
        }}
      />
    </>
  );
}
