import { Create, useNotify, useTranslate } from 'react-admin';
import { describeHelpError } from './errors';
import { HelpForm } from './HelpForm';

export default function HelpCreate() {
  const translate = useTranslate();
  const notify = useNotify();
  return (
    <Create
      resource="help"
      redirect="edit"
      mutationOptions={{ onError: (error) => notify(describeHelpError(translate, error), { type: 'error' }) }}
    >
      <HelpForm />
    </Create>
  );
}
