import type { AdminModule } from '../modules';

/**
 * The dashboard: react-admin's home page (src/Dashboard.tsx, lazily loaded by App.tsx, is ./Dashboard.tsx), so the
 * module brings only its strings; the charts stay in the lazily loaded chunk.
 */
const dashboard: AdminModule = {
  name: 'dashboard',
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default dashboard;
