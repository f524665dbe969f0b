import type { ReactNode } from 'react';
import DevicesIcon from '@mui/icons-material/Devices';
import { Layout as RaLayout, Menu, usePermissions } from 'react-admin';
import type { Role } from '@support/schema';
import { isVisibleTo } from './modules';
import { modules } from './registry';

function AppMenu() {
  const { permissions } = usePermissions<Role[]>();
  const visible = modules.filter(isVisibleTo(permissions ?? []));
  return (
    // Long entries («Категории и проблемы») wrap onto a second line instead of being cut.
    <Menu
      sx={{
        '& .MuiMenuItem-root': { whiteSpace: 'normal' },
        '& .MuiMenuItem-root *': { textOverflow: 'clip', whiteSpace: 'normal' },
      }}
    >
      <Menu.DashboardItem />
      {visible.flatMap((module) => [
        ...(module.resource ? [<Menu.ResourceItem key={module.name} name={module.name} />] : []),
        ...(module.pages ?? []).map(({ path, label, icon: Icon }) => (
          <Menu.Item key={path} to={path} primaryText={label} leftIcon={<Icon />} />
        )),
      ])}
      <Menu.Item to="/sessions" primaryText="support.sessions.title" leftIcon={<DevicesIcon />} />
    </Menu>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return <RaLayout menu={AppMenu}>{children}</RaLayout>;
}
