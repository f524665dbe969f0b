import { Admin } from 'react-admin';
import { i18nProvider } from './i18n';
import { Dashboard } from './Dashboard';

export function App() {
  return <Admin title="Поддержка" i18nProvider={i18nProvider} dashboard={Dashboard} />;
}
