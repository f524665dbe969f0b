import { lazy } from 'react';
import ConfirmationNumberIcon from '@mui/icons-material/ConfirmationNumber';
import type { RaRecord } from 'react-admin';
import type { AdminModule } from '../modules';
import { createTicketsDataProvider } from './dataProvider';
import { messages } from './messages';

const tickets: AdminModule = {
  name: 'tickets',
  resource: {
    // Loaded on demand: the login page (the first screen) does not need them.
    list: lazy(() => import('./TicketList')),
    show: lazy(() => import('./TicketShow')),
    icon: ConfirmationNumberIcon,
    recordRepresentation: (record: RaRecord) => `№ ${String(record['number'] ?? record.id)}`,
  },
  dataProvider: (api) => createTicketsDataProvider(api) as never,
  messages,
};

export default tickets;
