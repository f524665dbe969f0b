import { Box } from '@mui/material';
import { DataTable, SearchInput, SelectInput, useTranslate } from 'react-admin';
import type { HelpListRecord } from './dataProvider';
import { SearchCheck } from './SearchCheck';
import { KeywordChips, StatusChip } from './shared';
import { useFormatDate } from '../format';
import { ResourceList } from '../components/ResourceList';

function HelpFilters() {
  const translate = useTranslate();
  return [
    <SearchInput
      key="q"
      source="q"
      placeholder={translate('support.help.filters.q')}
      alwaysOn
      sx={{ minWidth: 320 }}
    />,
    <SelectInput
      key="published"
      source="published"
      label="support.help.filters.published"
      choices={[
        { id: 'published', name: 'support.help.status.published' },
        { id: 'draft', name: 'support.help.status.draft' },
      ]}
      alwaysOn
      sx={{ minWidth: 180 }}
    />,
  ];
}

const Column = DataTable.Col<HelpListRecord>;

export default function HelpList() {
  const formatDate = useFormatDate();
  return (
    <ResourceList
      resource="help"
      filters={HelpFilters()}
      sort={{ field: 'title', order: 'ASC' }}
      perPage={1000}
      pagination={false}
      aside={
        <Box sx={{ width: 340, ml: 2, mt: 8, flexShrink: 0 }}>
          <SearchCheck />
        </Box>
      }
    >
      <DataTable<HelpListRecord> rowClick="edit" bulkActionButtons={false}>
        <Column source="title" label="support.help.fields.title" />
        <Column
          source="tags"
          label="support.help.fields.tags"
          disableSort
          render={(record) => <KeywordChips tags={record.tags} />}
        />
        <Column
          source="published"
          label="support.help.fields.published"
          render={(record) => <StatusChip published={record.published} />}
        />
        <Column
          source="updatedAt"
          label="support.help.fields.updatedAt"
          render={(record) => formatDate(record.updatedAt)}
        />
      </DataTable>
    </ResourceList>
  );
}
