import { DataTable, SelectInput, TextInput, useTranslate } from 'react-admin';
import { CARD_STATUSES, type CardRecord } from './dataProvider';
import { CardStatusChip } from './shared';
import { useFormatDate } from '../format';
import { formatPhone } from '../phone';
import { ResourceList } from '../components/ResourceList';

function CardFilters() {
  const translate = useTranslate();
  return [
    <SelectInput
      key="status"
      source="status"
      label="support.cards.fields.status"
      choices={CARD_STATUSES.map((status) => ({ id: status, name: translate(`support.cards.status.${status}`) }))}
      alwaysOn
      sx={{ minWidth: 200 }}
    />,
    <TextInput key="phone" source="phone" label="support.cards.fields.phone_search" alwaysOn resettable />,
  ];
}

const Column = DataTable.Col<CardRecord>;

export default function CardList() {
  const formatDate = useFormatDate();
  const translate = useTranslate();
  return (
    <ResourceList resource="cards" filters={CardFilters()} perPage={25} empty={false} actions={false}>
      <DataTable<CardRecord> rowClick="show" bulkActionButtons={false}>
        <Column
          source="createdAt"
          label="support.cards.fields.createdAt"
          disableSort
          render={(card) => formatDate(card.createdAt)}
        />
        <Column
          source="phone"
          label="support.cards.fields.phone"
          disableSort
          render={(card) => formatPhone(card.phone)}
        />
        <Column source="email" label="support.cards.fields.email" disableSort />
        <Column
          source="status"
          label="support.cards.fields.status"
          disableSort
          render={(card) => <CardStatusChip status={card.status} />}
        />
        <Column
          source="codeWordSet"
          label="support.cards.fields.codeWord"
          disableSort
          render={(card) =>
            translate(card.codeWordSet ? 'support.cards.code_word.set' : 'support.cards.code_word.not_set')
          }
        />
      </DataTable>
    </ResourceList>
  );
}
