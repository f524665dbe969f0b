import { lazy } from 'react';
import ConfirmationNumberIcon from '@mui/icons-material/ConfirmationNumber';
import type { RaRecord } from 'react-admin';
import type { AdminModule } from '../modules';

const tickets: AdminModule = {
  name: 'tickets',
  resource: {
    // Loaded on demand: the login page (the first screen) does not need them.
    list: lazy(() => import('./TicketList')),
    show: lazy(() => import('./TicketShow')),
    icon: ConfirmationNumberIcon,
    recordRepresentation: (record: RaRecord) => `№ ${String(record['number'] ?? record.id)}`,
  },
  dataProvider: () => import('./dataProvider').then((loaded) => loaded.createTicketsDataProvider as never),
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default tickets;
