import { Chip, Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Role } from '@support/schema';
import { ROLES, STAFF_ROLES } from '../roles';

export function RoleChips({ roles }: { roles: readonly Role[] }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {ROLES.filter((role) => roles.includes(role)).map((role) => (
        <Chip
          key={role}
          size="small"
          color={role === 'ADMIN' ? 'error' : STAFF_ROLES.includes(role) ? 'primary' : 'default'}
          label={translate(`support.users.role.${role}`)}
        />
      ))}
    </Stack>
  );
}
