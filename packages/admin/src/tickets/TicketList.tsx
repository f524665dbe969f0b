import { useQuery } from '@tanstack/react-query';
import { Typography } from '@mui/material';
import {
  BooleanInput,
  DataTable,
  SelectArrayInput,
  SelectInput,
  TextInput,
  useLocaleState,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { SupportCategoriesDocument } from '@support/schema';
import { api, session } from '../api/graphql';
import type { TicketListRecord } from './dataProvider';
import { useTicketEvents } from './events';
import { StatusChip, TICKET_STATUSES } from './shared';
import { useFormatDate } from '../format';
import { LocalDateInput } from '../components/DateTimeFields';
import { ResourceList } from '../components/ResourceList';

/** Categories and problems for the filters, in the panel's language. */
function useCatalogChoices() {
  const [locale] = useLocaleState();
  const { data } = useQuery({
    queryKey: ['supportCategories', locale],
    queryFn: async () => (await api(SupportCategoriesDocument, {})).supportCategories,
  });
  const title = (item: { titleRu: string; titleEn: string }) => (locale === 'en' ? item.titleEn : item.titleRu);
  return {
    categories: (data ?? []).map((category) => ({ id: category.id, name: title(category) })),
    problems: (data ?? []).flatMap((category) =>
      category.problems.map((problem) => ({ id: problem.id, name: `${title(category)} › ${title(problem)}` })),
    ),
  };
}

function TicketFilters() {
  const translate = useTranslate();
  const { categories, problems } = useCatalogChoices();
  const me = session.read()?.user.id;
  return [
    <TextInput key="text" source="text" label="support.tickets.filters.text" alwaysOn resettable />,
    <TextInput key="number" source="number" label="support.tickets.fields.number" alwaysOn resettable />,
    <SelectArrayInput
      key="statuses"
      source="statuses"
      label="support.tickets.fields.status"
      choices={TICKET_STATUSES.map((status) => ({ id: status, name: translate(`support.tickets.status.${status}`) }))}
      alwaysOn
      sx={{ minWidth: 180 }}
    />,
    <SelectInput
      key="categoryId"
      source="categoryId"
      label="support.tickets.fields.category"
      choices={categories}
      sx={{ minWidth: 180 }}
    />,
    <SelectInput
      key="problemId"
      source="problemId"
      label="support.tickets.fields.problem"
      choices={problems}
      sx={{ minWidth: 220 }}
    />,
    <SelectInput
      key="assigneeId"
      source="assigneeId"
      label="support.tickets.fields.assignee"
      choices={me ? [{ id: me, name: translate('support.tickets.filters.me') }] : []}
      sx={{ minWidth: 160 }}
    />,
    <LocalDateInput key="createdFrom" source="createdFrom" label="support.tickets.filters.createdFrom" />,
    <LocalDateInput key="createdTo" source="createdTo" label="support.tickets.filters.createdTo" />,
    <TextInput key="orderNumber" source="orderNumber" label="support.tickets.fields.orderNumber" resettable />,
    <BooleanInput key="dueSoon" source="dueSoon" label="support.tickets.filters.dueSoon" />,
    <BooleanInput key="slaBreached" source="slaBreached" label="support.tickets.filters.slaBreached" />,
    <BooleanInput key="unassigned" source="unassigned" label="support.tickets.filters.unassigned" />,
  ];
}

/** Refreshes the list on every ticket event, so new and changed tickets show without a reload. */
function LiveRefresh() {
  const refresh = useRefresh();
  useTicketEvents(() => refresh());
  return null;
}

const Column = DataTable.Col<TicketListRecord>;

export default function TicketList() {
  const formatDate = useFormatDate();
  return (
    <>
      {/* Outside the List: it must listen even while the list is empty. */}
      <LiveRefresh />
      <ResourceList
        resource="tickets"
        filters={TicketFilters()}
        sort={{ field: 'createdAt', order: 'DESC' }}
        perPage={25}
        empty={false}
      >
        <DataTable<TicketListRecord> rowClick="show" bulkActionButtons={false}>
          <Column
            source="number"
            label="support.tickets.fields.number"
            disableSort
            cellSx={() => ({ whiteSpace: 'nowrap' })}
            render={(ticket) => <span data-testid="ticket-number">{ticket.number}</span>}
          />
          <Column
            source="status"
            label="support.tickets.fields.status"
            disableSort
            render={(record) => <StatusChip status={record.status} />}
          />
          <Column
            source="category.title"
            label="support.tickets.fields.category"
            disableSort
            render={(record) => record.category.title}
          />
          <Column
            source="problem.title"
            label="support.tickets.fields.problem"
            disableSort
            render={(record) => record.otherSubject ?? record.problem.title}
          />
          {/* Sorting by it lists open tickets by their next due time (the API's DUE_SOONEST). */}
          <Column
            source="nextDueAt"
            label="support.tickets.fields.nextDueAt"
            sortByOrder="ASC"
            render={(record) => (
              <Typography
                variant="body2"
                sx={record.slaBreached ? { color: 'error.main', fontWeight: 'bold' } : undefined}
                data-sla-breached={record.slaBreached ? 'true' : undefined}
              >
                {formatDate(record.firstRespondedAt ? record.resolutionDueAt : record.firstResponseDueAt)}
              </Typography>
            )}
          />
          <Column
            source="assignee.displayName"
            label="support.tickets.fields.assignee"
            disableSort
            render={(record) => record.assignee?.displayName ?? '—'}
          />
          <Column
            source="createdAt"
            label="support.tickets.fields.createdAt"
            render={(record) => formatDate(record.createdAt)}
          />
        </DataTable>
      </ResourceList>
    </>
  );
}
