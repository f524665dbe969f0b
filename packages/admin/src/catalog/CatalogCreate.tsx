import { useState } from 'react';
import { Create, useNotify, useRecordFromLocation, type RaRecord } from 'react-admin';
import { AdminsOnly, CategoryForm, ProblemForm } from './CatalogForms';
import { useRefusalText } from '../api/action';
import { useIsAdmin } from './shared';

/** Adds a category, or with `?source={"categoryId":…}` a problem of that category (before its «Другое»). */
export default function CatalogCreate() {
  const { isAdmin, isPending } = useIsAdmin();
  const notify = useNotify();
  const refusalText = useRefusalText();
  const fromLocation = useRecordFromLocation();
  const [error, setError] = useState<string | null>(null);
  if (isPending) return null;
  if (!isAdmin) return <AdminsOnly />;
  const categoryId = typeof fromLocation?.['categoryId'] === 'string' ? fromLocation['categoryId'] : null;
  const onError = (failure: unknown) => {
    const message = refusalText(failure);
    setError(message);
    notify(message, { type: 'error', messageArgs: { _: message } });
  };
  return (
    <Create
      redirect="list"
      title={categoryId ? 'support.catalog.new_problem' : 'support.catalog.new_category'}
      record={
        (categoryId
          ? {
              categoryId,
              audience: 'ALL',
              slaClass: 'STANDARD',
              urgentAvailable: false,
              requiresOrderNumber: false,
              active: true,
            }
          : { audience: 'ALL', active: true }) as Partial<RaRecord>
      }
      mutationOptions={{ onError, onMutate: () => setError(null) }}
    >
      {categoryId ? <ProblemForm categoryId={categoryId} error={error} /> : <CategoryForm error={error} />}
    </Create>
  );
}
