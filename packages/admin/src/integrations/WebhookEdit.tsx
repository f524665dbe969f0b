import { Edit, useNotify, useTranslate } from 'react-admin';
import { describeIntegrationsError } from './errors';
import { WebhookForm } from './WebhookForm';

export default function WebhookEdit() {
  const translate = useTranslate();
  const notify = useNotify();
  return (
    <Edit
      resource="webhooks"
      mutationMode="pessimistic"
      redirect="show"
      mutationOptions={{
        onError: (error: unknown) => notify(describeIntegrationsError(translate, error), { type: 'error' }),
      }}
    >
      <WebhookForm editing />
    </Edit>
  );
}
