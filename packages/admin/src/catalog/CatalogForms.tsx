import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, CardContent, Typography } from '@mui/material';
import {
  BooleanInput,
  DeleteWithConfirmButton,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Title,
  Toolbar,
  required,
  useCreatePath,
  useGetOne,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { CatalogCategory, CatalogEntry } from './dataProvider';
import { AUDIENCES, SLA_CLASSES } from './shared';
import { textLength } from '../errors';

const audienceChoices = AUDIENCES.map((id) => ({ id, name: `support.catalog.audience.${id}` }));
const slaChoices = SLA_CLASSES.map((id) => ({ id, name: `support.catalog.sla_class.${id}` }));

/** The API's rule, checked before sending: complex cases are never urgent. */
const validateProblem = (values: Record<string, unknown>) =>
  values['urgentAvailable'] && values['slaClass'] === 'COMPLEX'
    ? { urgentAvailable: 'support.catalog.validation.urgent_complex' }
    : {};

/** A refusal to show where it happened, in the panel's words (`refusalText`). */
export function ErrorAlert({ message }: { message: string | null }) {
  const translate = useTranslate();
  if (!message) return null;
  return (
    <Alert severity="error" role="alert" data-testid="catalog-error" sx={{ mb: 2 }}>
      {translate(message, { _: message })}
    </Alert>
  );
}

function EntryToolbar({ onDeleteError }: { onDeleteError?: (error: unknown) => void }) {
  const record = useRecordContext<CatalogEntry>();
  const [locale] = useLocaleState();
  const title = record ? (locale === 'en' ? record.titleEn : record.titleRu) : '';
  const isOther = record?.kind === 'problem' && record.isOther;
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      {record && !isOther && onDeleteError && (
        <DeleteWithConfirmButton
          mutationMode="pessimistic"
          redirect="list"
          confirmTitle="support.catalog.delete_title"
          titleTranslateOptions={{ title }}
          confirmContent={
            record.kind === 'category'
              ? 'support.catalog.delete_category_content'
              : 'support.catalog.delete_problem_content'
          }
          mutationOptions={{ onError: (error: unknown) => onDeleteError(error) }}
        />
      )}
    </Toolbar>
  );
}

function TitleInputs({ max }: { max: number }) {
  return (
    <>
      <TextInput source="titleRu" label="support.catalog.fields.titleRu" validate={textLength(1, max)} fullWidth />
      <TextInput source="titleEn" label="support.catalog.fields.titleEn" validate={textLength(1, max)} fullWidth />
    </>
  );
}

export function CategoryForm({ error, onDeleteError }: { error: string | null; onDeleteError?: (e: unknown) => void }) {
  return (
    <SimpleForm toolbar={<EntryToolbar onDeleteError={onDeleteError} />} sx={{ maxWidth: 720 }}>
      <ErrorAlert message={error} />
      <TitleInputs max={150} />
      <SelectInput
        source="audience"
        label="support.catalog.fields.audience"
        choices={audienceChoices}
        validate={required()}
      />
      <BooleanInput source="active" label="support.catalog.fields.active" />
    </SimpleForm>
  );
}

function CategoryOf({ categoryId }: { categoryId: string }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useGetOne<CatalogCategory>('catalog', { id: categoryId });
  if (!data) return null;
  return (
    <Typography variant="subtitle2" color="text.secondary" sx={{ mb: 1 }}>
      {translate('support.catalog.in_category', { title: locale === 'en' ? data.titleEn : data.titleRu })}
    </Typography>
  );
}

export function ProblemForm({
  categoryId,
  isOther = false,
  error,
  onDeleteError,
}: {
  categoryId: string;
  isOther?: boolean;
  error: string | null;
  onDeleteError?: (e: unknown) => void;
}) {
  const translate = useTranslate();
  return (
    <SimpleForm
      toolbar={<EntryToolbar onDeleteError={onDeleteError} />}
      validate={validateProblem}
      sx={{ maxWidth: 720 }}
    >
      <ErrorAlert message={error} />
      <CategoryOf categoryId={categoryId} />
      {isOther && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('support.catalog.other_hint')}
        </Alert>
      )}
      <TitleInputs max={200} />
      <SelectInput
        source="audience"
        label="support.catalog.fields.audience"
        choices={audienceChoices}
        validate={required()}
        disabled={isOther}
      />
      <SelectInput
        source="slaClass"
        label="support.catalog.fields.slaClass"
        choices={slaChoices}
        validate={required()}
      />
      <BooleanInput source="urgentAvailable" label="support.catalog.fields.urgentAvailable" disabled={isOther} />
      <BooleanInput
        source="requiresOrderNumber"
        label="support.catalog.fields.requiresOrderNumber"
        disabled={isOther}
      />
      <BooleanInput source="active" label="support.catalog.fields.active" disabled={isOther} />
    </SimpleForm>
  );
}

/** What an agent gets on an edit or create address: the API would refuse the change anyway. */
export function AdminsOnly(): ReactElement {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="support.catalog.tree_title" />
      <CardContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('support.catalog.admins_only')}
        </Alert>
        <Button component={Link} to={createPath({ resource: 'catalog', type: 'list' })}>
          {translate('support.catalog.back')}
        </Button>
      </CardContent>
    </Card>
  );
}
