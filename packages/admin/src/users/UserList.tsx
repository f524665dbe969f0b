import { DataTable, SelectInput, TextInput, useTranslate } from 'react-admin';
import { useFormatDate } from '../format';
import type { UserRecord } from './dataProvider';
import { RoleChips } from './shared';
import { formatPhone } from '../phone';
import { ROLES } from '../roles';
import { ResourceList } from '../components/ResourceList';

function UserFilters() {
  const translate = useTranslate();
  return [
    <TextInput key="text" source="text" label="support.users.filters.text" alwaysOn resettable />,
    <SelectInput
      key="role"
      source="role"
      label="support.users.filters.role"
      choices={ROLES.map((role) => ({ id: role, name: translate(`support.users.role.${role}`) }))}
      alwaysOn
      sx={{ minWidth: 200 }}
    />,
  ];
}

const Column = DataTable.Col<UserRecord>;

export default function UserList() {
  const formatDate = useFormatDate();
  return (
    <ResourceList resource="users" filters={UserFilters()} perPage={25} exporter={false} empty={false}>
      <DataTable<UserRecord> rowClick="show" bulkActionButtons={false}>
        <Column source="displayName" label="support.users.fields.displayName" disableSort />
        <Column
          source="phone"
          label="support.users.fields.phone"
          disableSort
          render={(record) => formatPhone(record.phone)}
        />
        <Column
          source="roles"
          label="support.users.fields.roles"
          disableSort
          render={(record) => <RoleChips roles={record.roles} />}
        />
        <Column
          source="createdAt"
          label="support.users.fields.createdAt"
          disableSort
          render={(record) => formatDate(record.createdAt)}
        />
      </DataTable>
    </ResourceList>
  );
}
