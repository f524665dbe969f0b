import { Edit } from 'react-admin';
import { WebhookForm } from './WebhookForm';

/** Edits a webhook; a refusal is notified in the panel's words and its field rules shown under the inputs. */
export default function WebhookEdit() {
  return (
    <Edit resource="webhooks" mutationMode="pessimistic" redirect="show">
      <WebhookForm editing />
    </Edit>
  );
}
