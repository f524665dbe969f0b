import { Edit } from 'react-admin';
import { useRefusalNotice } from '../api/action';
import { WebhookForm } from './WebhookForm';

/** Edits a webhook; a refusal is notified in the panel's words and its field rules shown under the inputs. */
export default function WebhookEdit() {
  const onError = useRefusalNotice();
  return (
    <Edit resource="webhooks" mutationMode="pessimistic" redirect="show" mutationOptions={{ onError }}>
      <WebhookForm editing />
    </Edit>
  );
}
