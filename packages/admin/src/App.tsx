import { lazy } from 'react';
import { BrowserRouter, Route } from 'react-router';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import type { Role } from '@support/schema';
import { authProvider } from './auth/authProvider';
import { LoginPage } from './auth/LoginPage';
import { i18nProvider, store } from './i18n';
import { Layout } from './Layout';
import { dataProvider } from './dataProvider';
import { isVisibleTo } from './modules';
import { modules } from './registry';

// The login page is the first screen; the pages behind it load on demand.
const Dashboard = lazy(() => import('./Dashboard'));
const SessionsPage = lazy(() => import('./sessions/SessionsPage'));

// Real paths (/admin/login; the API serves index.html for any /admin/ path). Navigations are not React transitions:
// react-admin's logout navigates to /login and resets its store at once, and with react-router 7's transitions the
// urgent store update re-ran the auth check on the old page, bouncing between / and /login for seconds
// (marmelab/react-admin#10885).
const basename = import.meta.env.BASE_URL.replace(/\/$/, '');

export function App() {
  return (
    <BrowserRouter basename={basename} useTransitions={false}>
      <Admin
        title="Поддержка"
        i18nProvider={i18nProvider}
        store={store}
        authProvider={authProvider}
        dataProvider={dataProvider}
        loginPage={LoginPage}
        dashboard={Dashboard}
        layout={Layout}
        requireAuth
        disableTelemetry
      >
        {(permissions: Role[] | undefined) => {
          // Roles shape what is registered: an agent has no route to an admin-only screen (the API refuses anyway).
          const visible = modules.filter(isVisibleTo(permissions ?? []));
          return [
            ...visible.flatMap((module) =>
              module.resource ? [<Resource key={module.name} name={module.name} {...module.resource} />] : [],
            ),
            <CustomRoutes key="pages">
              <Route path="/sessions" element={<SessionsPage />} />
              {visible.flatMap((module) =>
                (module.pages ?? []).map(({ path, component: Page }) => (
                  <Route key={path} path={path} element={<Page />} />
                )),
              )}
            </CustomRoutes>,
          ];
        }}
      </Admin>
    </BrowserRouter>
  );
}
