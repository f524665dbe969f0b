import { lazy } from 'react';
import CreditCardIcon from '@mui/icons-material/CreditCard';
import type { RaRecord } from 'react-admin';
import type { AdminModule } from '../modules';

/**
 * Applications for the marketplace card: every staff member reads them and checks a caller's code word; senior
 * agents and admins decide and reset code words (the API enforces the same, see the card's actions).
 */
const cards: AdminModule = {
  name: 'cards',
  resource: {
    list: lazy(() => import('./CardList')),
    show: lazy(() => import('./CardShow')),
    icon: CreditCardIcon,
    recordRepresentation: (record: RaRecord) => String(record['phone'] ?? record.id),
  },
  dataProvider: () => import('./dataProvider').then((loaded) => loaded.createCardsDataProvider as never),
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default cards;
