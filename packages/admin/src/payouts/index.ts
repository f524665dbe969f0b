import { lazy } from 'react';
import PaymentsIcon from '@mui/icons-material/Payments';
import type { AdminModule } from '../modules';
import { createPayoutsDataProvider } from './dataProvider';
import { messages } from './messages';

/** Wallet payouts (customers' withdrawals): every staff member reads them; admins retry and cancel. */
const payouts: AdminModule = {
  name: 'payouts',
  resource: {
    list: lazy(() => import('./PayoutList')),
    icon: PaymentsIcon,
  },
  dataProvider: (api) => createPayoutsDataProvider(api) as never,
  messages,
};

export default payouts;
