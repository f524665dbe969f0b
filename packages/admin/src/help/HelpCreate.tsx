import { Create } from 'react-admin';
import { HelpForm } from './HelpForm';

/** A new article; a refusal is notified in the panel's words (the data provider's) with its field rules. */
export default function HelpCreate() {
  return (
    <Create resource="help" redirect="edit" title="resources.help.new">
      <HelpForm />
    </Create>
  );
}
