import { useQuery } from '@tanstack/react-query';
import {
  AutocompleteArrayInput,
  BooleanInput,
  CheckboxGroupInput,
  SaveButton,
  SimpleForm,
  TextInput,
  Toolbar,
  useLocaleState,
  useTranslate,
} from 'react-admin';
import { SupportCategoriesDocument } from '@support/schema';
import { api } from '../api/graphql';
import { TICKET_EVENT_TYPES } from '../tickets/shared';
import { textLength } from '../errors';

/** As the API checks it: trimmed, then a full http(s) address of at most 2000 characters. */
const validateUrl = [
  textLength(1, 2000),
  (value: unknown) =>
    typeof value === 'string' && /^https?:\/\/\S+$/i.test(value.trim())
      ? undefined
      : 'support.integrations.webhooks.helper.url',
];

function useCategoryChoices() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useQuery({
    queryKey: ['supportCategories', 'all'],
    queryFn: async () => (await api(SupportCategoriesDocument, {})).supportCategories,
  });
  return (data ?? []).map((category) => ({
    id: category.id,
    name: `${locale === 'en' ? category.titleEn : category.titleRu} — ${translate(
      `support.integrations.webhooks.audience.${category.audience}`,
    )}`,
  }));
}

/** The API has no way to delete these, so the form offers saving only. */
function SaveOnlyToolbar() {
  return (
    <Toolbar>
      <SaveButton />
    </Toolbar>
  );
}

/** The webhook's fields; `editing` adds the on/off switch (a new webhook starts enabled). */
export function WebhookForm({ editing = false }: { editing?: boolean }) {
  const translate = useTranslate();
  const categories = useCategoryChoices();
  return (
    <SimpleForm toolbar={<SaveOnlyToolbar />} defaultValues={{ eventTypes: [], categoryIds: [] }}>
      <TextInput
        source="url"
        label="support.integrations.webhooks.fields.url"
        helperText="support.integrations.webhooks.helper.url"
        validate={validateUrl}
        fullWidth
      />
      <TextInput
        source="description"
        label="support.integrations.webhooks.fields.description"
        validate={textLength(0, 200)}
        fullWidth
      />
      <CheckboxGroupInput
        source="eventTypes"
        label="support.integrations.webhooks.fields.eventTypes"
        helperText="support.integrations.webhooks.helper.eventTypes"
        choices={TICKET_EVENT_TYPES.map((type) => ({ id: type, name: translate(`support.tickets.event.${type}`) }))}
      />
      <AutocompleteArrayInput
        source="categoryIds"
        label="support.integrations.webhooks.fields.categoryIds"
        helperText="support.integrations.webhooks.helper.categoryIds"
        choices={categories}
        fullWidth
      />
      {editing && <BooleanInput source="active" label="support.integrations.webhooks.fields.active" />}
    </SimpleForm>
  );
}
