import { lazy } from 'react';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import type { RaRecord } from 'react-admin';
import type { AdminModule } from '../modules';

/**
 * Categories and problems. Every staff role views the tree (the API shows staff inactive entries too); only admins
 * get the editing controls and forms, as only they pass the API's @Authorized('ADMIN') on the catalog mutations.
 */
const catalog: AdminModule = {
  name: 'catalog',
  resource: {
    // Loaded on demand: the login page (the first screen) does not need them.
    list: lazy(() => import('./CatalogTree')),
    edit: lazy(() => import('./CatalogEdit')),
    create: lazy(() => import('./CatalogCreate')),
    icon: AccountTreeIcon,
    recordRepresentation: (record: RaRecord) => String(record['title'] ?? record.id),
  },
  dataProvider: () => import('./dataProvider').then((loaded) => loaded.createCatalogDataProvider as never),
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default catalog;
