import { useState } from 'react';
import { Edit, useLocaleState, useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { CatalogEntry } from './dataProvider';
import { AdminsOnly, CategoryForm, ProblemForm } from './CatalogForms';
import { useRefusalText } from '../api/action';
import { useIsAdmin } from './shared';

function EntryTitle() {
  const record = useRecordContext<CatalogEntry>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record) return null;
  const title = locale === 'en' ? record.titleEn : record.titleRu;
  return (
    <span>
      {translate(record.kind === 'category' ? 'support.catalog.category_title' : 'support.catalog.problem_title', {
        title,
      })}
    </span>
  );
}

function EntryForm({ error, onError }: { error: string | null; onError: (error: unknown) => void }) {
  const record = useRecordContext<CatalogEntry>();
  if (!record) return null;
  return record.kind === 'category' ? (
    <CategoryForm error={error} onDeleteError={onError} />
  ) : (
    <ProblemForm categoryId={record.categoryId} isOther={record.isOther} error={error} onDeleteError={onError} />
  );
}

/** Edits a category or a problem (admins only); a refused save or delete stays on screen until the next try. */
export default function CatalogEdit() {
  const { isAdmin, isPending } = useIsAdmin();
  const notify = useNotify();
  const refusalText = useRefusalText();
  const [error, setError] = useState<string | null>(null);
  if (isPending) return null;
  if (!isAdmin) return <AdminsOnly />;
  const onError = (failure: unknown) => {
    const message = refusalText(failure);
    setError(message);
    notify(message, { type: 'error', messageArgs: { _: message } });
  };
  return (
    <Edit
      mutationMode="pessimistic"
      redirect="list"
      title={<EntryTitle />}
      mutationOptions={{ onError, onMutate: () => setError(null) }}
    >
      <EntryForm error={error} onError={onError} />
    </Edit>
  );
}
