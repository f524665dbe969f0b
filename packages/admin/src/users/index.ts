import { lazy } from 'react';
import PeopleIcon from '@mui/icons-material/People';
import type { RaRecord } from 'react-admin';
import type { AdminModule } from '../modules';
import { ADMIN_ONLY } from '../roles';

const users: AdminModule = {
  name: 'users',
  // The API lets only admins list accounts and change roles.
  roles: ADMIN_ONLY,
  resource: {
    list: lazy(() => import('./UserList')),
    show: lazy(() => import('./UserShow')),
    icon: PeopleIcon,
    recordRepresentation: (record: RaRecord) => String(record['displayName'] ?? record.id),
  },
  dataProvider: () => import('./dataProvider').then((loaded) => loaded.createUsersDataProvider as never),
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default users;
