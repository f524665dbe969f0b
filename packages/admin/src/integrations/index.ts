import { lazy } from 'react';
import KeyIcon from '@mui/icons-material/Key';
import WebhookIcon from '@mui/icons-material/Webhook';
import type { RaRecord } from 'react-admin';
import type { AdminModule } from '../modules';
import { ADMIN_ONLY } from '../roles';

/**
 * Integrations: webhooks (a react-admin resource: list, create with the signing secret shown once, edit, on/off,
 * and the delivery log) and API keys (a page: create with the secret shown once, revoke). Admins only, as the API.
 */
const integrations: AdminModule = {
  name: 'webhooks',
  roles: ADMIN_ONLY,
  resource: {
    list: lazy(() => import('./WebhookList')),
    create: lazy(() => import('./WebhookCreate')),
    edit: lazy(() => import('./WebhookEdit')),
    show: lazy(() => import('./WebhookShow')),
    icon: WebhookIcon,
    recordRepresentation: (record: RaRecord) => String(record['url'] ?? record.id),
  },
  dataProvider: () => import('./dataProvider').then((loaded) => loaded.createWebhooksDataProvider as never),
  pages: [
    {
      path: '/api-keys',
      component: lazy(() => import('./ApiKeysPage')),
      label: 'support.integrations.api_keys.title',
      icon: KeyIcon,
    },
  ],
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default integrations;
