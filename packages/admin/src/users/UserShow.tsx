import { useState } from 'react';
import {
  Alert,
  AlertTitle,
  Button,
  CardContent,
  Chip,
  Grid,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { Confirm, Show, useRecordContext, useTranslate } from 'react-admin';
import { GrantRoleDocument, RevokeRoleDocument, type Role } from '@support/schema';
import { api, session } from '../api/graphql';
import { useAction } from '../api/action';
import { useFormatDate } from '../format';
import type { UserRecord } from './dataProvider';
import { RoleChips } from './shared';
import { formatPhone } from '../phone';
import { ROLES } from '../roles';
import { Section } from '../components/Section';

interface Change {
  role: Role;
  grant: boolean;
}

function Roles({ user }: { user: UserRecord }) {
  const translate = useTranslate();
  const [pending, setPending] = useState<Change | null>(null);
  const roleName = (role: Role) => translate(`support.users.role.${role}`);
  const { run, busy, refusal, reset } = useAction(
    async ({ role, grant }: Change) => {
      const input = { userId: user.id, role };
      if (grant) await api(GrantRoleDocument, { input });
      else await api(RevokeRoleDocument, { input });
    },
    {
      success: (_, { grant }) => (grant ? 'support.users.granted' : 'support.users.revoked'),
      successArgs: (_, { role }) => ({ role: roleName(role) }),
    },
  );

  const apply = async (change: Change) => {
    await run(change);
    setPending(null);
  };

  const name = { name: user.displayName, phone: formatPhone(user.phone) };
  return (
    <Stack spacing={2}>
      {refusal && (
        <Alert severity="error" role="alert" data-testid="role-refusal" onClose={reset}>
          <AlertTitle>{translate('support.users.refused')}</AlertTitle>
          {refusal}
        </Alert>
      )}
      <Table size="small" data-testid="roles">
        <TableBody>
          {ROLES.map((role) => {
            const has = user.roles.includes(role);
            return (
              <TableRow key={role} data-role={role} data-granted={has ? 'true' : 'false'}>
                <TableCell>{roleName(role)}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={has ? 'success' : 'default'}
                    variant={has ? 'filled' : 'outlined'}
                    label={translate(has ? 'support.users.has_role' : 'support.users.no_role')}
                  />
                </TableCell>
                <TableCell align="right">
                  <Button
                    size="small"
                    variant={has ? 'outlined' : 'contained'}
                    color={has ? 'error' : 'primary'}
                    disabled={busy}
                    aria-label={`${translate(has ? 'support.users.revoke' : 'support.users.grant')}: ${roleName(role)}`}
                    onClick={() => setPending({ role, grant: !has })}
                  >
                    {translate(has ? 'support.users.revoke' : 'support.users.grant')}
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Typography variant="body2" color="text.secondary">
        {translate('support.users.roles_hint')}
      </Typography>
      <Confirm
        isOpen={pending !== null}
        loading={busy}
        title={pending?.grant ? 'support.users.confirm_grant_title' : 'support.users.confirm_revoke_title'}
        content={pending?.grant ? 'support.users.confirm_grant' : 'support.users.confirm_revoke'}
        translateOptions={{ ...name, role: pending ? roleName(pending.role) : '' }}
        confirm={pending?.grant ? 'support.users.grant' : 'support.users.revoke'}
        onConfirm={() => pending && void apply(pending)}
        onClose={() => setPending(null)}
      />
    </Stack>
  );
}

function UserView() {
  const user = useRecordContext<UserRecord>();
  const translate = useTranslate();
  const formatDate = useFormatDate();
  if (!user) return <LinearProgress sx={{ m: 2 }} />;
  const self = session.read()?.user.id === user.id;
  return (
    <>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
          <Typography variant="h5" component="h2">
            {user.displayName}
          </Typography>
          {self && <Chip size="small" color="info" label={translate('support.users.you')} />}
        </Stack>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 5 }}>
            <Table size="small">
              <TableBody>
                <TableRow>
                  <TableCell component="th">{translate('support.users.fields.phone')}</TableCell>
                  <TableCell data-testid="user-phone">{formatPhone(user.phone)}</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell component="th">{translate('support.users.fields.createdAt')}</TableCell>
                  <TableCell>{formatDate(user.createdAt)}</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell component="th">{translate('support.users.fields.roles')}</TableCell>
                  <TableCell data-testid="user-roles">
                    <RoleChips roles={user.roles} />
                  </TableCell>
                </TableRow>
              </TableBody>
            </Table>
          </Grid>
          <Grid size={{ xs: 12, md: 7 }}>
            <Section title="support.users.roles_title">
              <Roles user={user} />
            </Section>
          </Grid>
        </Grid>
      </CardContent>
    </>
  );
}

function UserTitle() {
  const user = useRecordContext<UserRecord>();
  return <>{user?.displayName ?? ''}</>;
}

export default function UserShow() {
  return (
    <Show resource="users" actions={false} title={<UserTitle />}>
      <UserView />
    </Show>
  );
}
