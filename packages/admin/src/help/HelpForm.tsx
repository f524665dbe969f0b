import { useQuery } from '@tanstack/react-query';
import { Grid } from '@mui/material';
import {
  BooleanInput,
  FormDataConsumer,
  SelectInput,
  SaveButton,
  SimpleForm,
  TextArrayInput,
  TextInput,
  Toolbar,
  useLocaleState,
} from 'react-admin';
import { SupportCategoriesDocument } from '@support/schema';
import { api } from '../api/graphql';
import { textLength } from '../errors';
import { HelpPreview } from './HelpPreview';
import { SearchCheck } from './SearchCheck';

/** The API has no way to delete these, so the form offers saving only. */
function SaveOnlyToolbar() {
  return (
    <Toolbar>
      <SaveButton />
    </Toolbar>
  );
}

/** The API's rules (HelpArticleInput), checked before sending as the API checks them: trimmed. */
const validateTitle = textLength(3, 200);
const validateBody = textLength(20, 20000);
const validateTags = (tags: unknown) =>
  Array.isArray(tags) && tags.length > 20 ? { message: 'ra.validation.maxLength', args: { max: 20 } } : undefined;

function useCategoryChoices() {
  const [locale] = useLocaleState();
  const { data } = useQuery({
    queryKey: ['supportCategories', 'all'],
    queryFn: async () => (await api(SupportCategoriesDocument, {})).supportCategories,
  });
  return (data ?? []).map((category) => ({
    id: category.id,
    name: locale === 'en' ? category.titleEn : category.titleRu,
  }));
}

/** The article editor: fields on the left, the customer's view of what is typed on the right, live. */
export function HelpForm({ articleId }: { articleId?: string }) {
  const categories = useCategoryChoices();
  return (
    <SimpleForm toolbar={<SaveOnlyToolbar />} defaultValues={{ published: true, tags: [] }}>
      <Grid container spacing={3} sx={{ width: '100%' }}>
        <Grid size={{ xs: 12, lg: 7 }}>
          <TextInput source="title" label="support.help.fields.title" validate={validateTitle} fullWidth />
          <TextInput
            source="body"
            label="support.help.fields.body"
            validate={validateBody}
            helperText="support.help.helper.body"
            multiline
            minRows={10}
            fullWidth
          />
          <TextArrayInput
            source="tags"
            label="support.help.fields.tags"
            helperText="support.help.helper.tags"
            validate={validateTags}
            fullWidth
          />
          <SelectInput
            source="categoryId"
            label="support.help.fields.category"
            choices={categories}
            emptyText="support.help.no_category"
            fullWidth
          />
          <BooleanInput
            source="published"
            label="support.help.fields.published"
            helperText="support.help.helper.published"
          />
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <FormDataConsumer>{({ formData }) => <HelpPreview article={formData} />}</FormDataConsumer>
        </Grid>
        {articleId && (
          <Grid size={12}>
            <SearchCheck articleId={articleId} />
          </Grid>
        )}
      </Grid>
    </SimpleForm>
  );
}
