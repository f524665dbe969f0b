import { lazy } from 'react';
import OutboxIcon from '@mui/icons-material/Outbox';
import type { AdminModule } from '../modules';
import { devOutboxShown } from './devOutbox';
import { messages } from './messages';

/** The development outbox: what the API would have sent (login codes among it). Not in production. */
const outbox: AdminModule = {
  name: 'outbox',
  developmentOnly: true,
  // The shell does not act on developmentOnly yet, so the module offers its page only where the outbox can be.
  pages: devOutboxShown
    ? [
        {
          path: '/outbox',
          component: lazy(() => import('./OutboxPage')),
          label: 'support.outbox.menu',
          icon: OutboxIcon,
        },
      ]
    : [],
  messages,
};

export default outbox;
