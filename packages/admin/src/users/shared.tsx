import { Chip, Stack } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Role } from '@support/schema';
import { ROLES } from './dataProvider';

/** +79001234567 → +7 900 123-45-67 (Russian numbers; others as stored). */
export function formatPhone(phone: string): string {
  const match = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(phone);
  return match ? `+7 ${match[1]} ${match[2]}-${match[3]}-${match[4]}` : phone;
}

const STAFF: readonly Role[] = ['AGENT', 'SENIOR_AGENT', 'ADMIN'];

export function RoleChips({ roles }: { roles: readonly Role[] }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {ROLES.filter((role) => roles.includes(role)).map((role) => (
        <Chip
          key={role}
          size="small"
          color={role === 'ADMIN' ? 'error' : STAFF.includes(role) ? 'primary' : 'default'}
          label={translate(`support.users.role.${role}`)}
        />
      ))}
    </Stack>
  );
}
