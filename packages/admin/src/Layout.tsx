import type { ReactNode } from 'react';
import DevicesIcon from '@mui/icons-material/Devices';
import { Layout as RaLayout, Menu } from 'react-admin';

function AppMenu() {
  return (
    <Menu>
      <Menu.DashboardItem />
      <Menu.ResourceItem name="tickets" />
      <Menu.Item to="/sessions" primaryText="support.sessions.title" leftIcon={<DevicesIcon />} />
    </Menu>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return <RaLayout menu={AppMenu}>{children}</RaLayout>;
}
