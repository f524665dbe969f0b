import { lazy } from 'react';
import PaymentsIcon from '@mui/icons-material/Payments';
import type { AdminModule } from '../modules';

/** Wallet payouts (customers' withdrawals): every staff member reads them; admins retry and cancel. */
const payouts: AdminModule = {
  name: 'payouts',
  resource: {
    list: lazy(() => import('./PayoutList')),
    icon: PaymentsIcon,
  },
  dataProvider: () => import('./dataProvider').then((loaded) => loaded.createPayoutsDataProvider as never),
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default payouts;
