import { lazy } from 'react';
import HelpCenterIcon from '@mui/icons-material/HelpCenter';
import type { RaRecord } from 'react-admin';
import type { AdminModule } from '../modules';
import { SENIOR_AND_ADMIN } from '../roles';

/** Help-centre articles: the list with search, and an editor with a preview as customers see the article. */
const help: AdminModule = {
  name: 'help',
  // Writing articles is for senior agents and admins (the API's rule for create/update).
  roles: SENIOR_AND_ADMIN,
  resource: {
    list: lazy(() => import('./HelpList')),
    edit: lazy(() => import('./HelpEdit')),
    create: lazy(() => import('./HelpCreate')),
    icon: HelpCenterIcon,
    recordRepresentation: (record: RaRecord) => String(record['title'] ?? record.id),
  },
  dataProvider: () => import('./dataProvider').then((loaded) => loaded.createHelpDataProvider as never),
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default help;
