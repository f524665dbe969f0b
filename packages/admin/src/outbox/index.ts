import { lazy } from 'react';
import OutboxIcon from '@mui/icons-material/Outbox';
import type { AdminModule } from '../modules';

/** The development outbox: what the API would have sent (login codes among it). Not in production. */
const outbox: AdminModule = {
  name: 'outbox',
  developmentOnly: true,
  pages: [
    {
      path: '/outbox',
      component: lazy(() => import('./OutboxPage')),
      label: 'support.outbox.menu',
      icon: OutboxIcon,
    },
  ],
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default outbox;
