import { Edit, useEditContext, useNotify, useTranslate } from 'react-admin';
import type { HelpRecord } from './dataProvider';
import { HelpForm } from './HelpForm';
import { useRefusalNotice } from '../api/action';

function EditTitle() {
  const translate = useTranslate();
  const { record } = useEditContext<HelpRecord>();
  return <>{record ? translate('support.help.title_edit', { title: record.title }) : ''}</>;
}

function EditForm() {
  const { record } = useEditContext<HelpRecord>();
  return <HelpForm articleId={record?.id} />;
}

export default function HelpEdit() {
  const notify = useNotify();
  const onError = useRefusalNotice();
  return (
    <Edit
      resource="help"
      title={<EditTitle />}
      // Saved when the server says so: customers' search must find what the editor was told is saved.
      mutationMode="pessimistic"
      redirect={false}
      mutationOptions={{
        onSuccess: () => notify('support.help.saved', { type: 'success' }),
        onError,
      }}
    >
      <EditForm />
    </Edit>
  );
}
