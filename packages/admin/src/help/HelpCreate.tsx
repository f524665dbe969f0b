import { Create } from 'react-admin';
import { HelpForm } from './HelpForm';
import { useRefusalNotice } from '../api/action';

/** A new article; a refusal is notified in the panel's words (the data provider's) with its field rules. */
export default function HelpCreate() {
  const onError = useRefusalNotice();
  return (
    <Create resource="help" redirect="edit" title="resources.help.new" mutationOptions={{ onError }}>
      <HelpForm />
    </Create>
  );
}
