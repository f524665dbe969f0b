import { DataTable, useTranslate } from 'react-admin';
import { useFormatDate } from '../format';
import type { WebhookRecord } from './dataProvider';
import { ActiveChip, EventTypeChips } from './shared';
import { ResourceList } from '../components/ResourceList';

const Column = DataTable.Col<WebhookRecord>;

export default function WebhookList() {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  return (
    <ResourceList resource="webhooks" perPage={1000} pagination={false}>
      <DataTable<WebhookRecord> rowClick="show" bulkActionButtons={false}>
        <Column source="url" label="support.integrations.webhooks.fields.url" disableSort />
        <Column
          source="description"
          label="support.integrations.webhooks.fields.description"
          disableSort
          render={(record) => record.description ?? '—'}
        />
        <Column
          source="eventTypes"
          label="support.integrations.webhooks.fields.eventTypes"
          disableSort
          render={(record) => <EventTypeChips types={record.eventTypes} />}
        />
        <Column
          source="categoryIds"
          label="support.integrations.webhooks.fields.categoryIds"
          disableSort
          render={(record) =>
            record.categoryIds.length === 0
              ? translate('support.integrations.webhooks.all_categories')
              : translate('support.integrations.webhooks.categories_count', { smart_count: record.categoryIds.length })
          }
        />
        <Column
          source="active"
          label="support.integrations.webhooks.fields.active"
          disableSort
          render={(record) => <ActiveChip active={record.active} />}
        />
        <Column
          source="createdAt"
          label="support.integrations.webhooks.fields.createdAt"
          disableSort
          render={(record) => formatDate(record.createdAt)}
        />
      </DataTable>
    </ResourceList>
  );
}
