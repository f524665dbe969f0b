import { useQuery } from '@tanstack/react-query';
import { Alert, Card, CardContent, Chip, LinearProgress, List, ListItem, ListItemText } from '@mui/material';
import { Title, useLocaleState, useLogoutIfAccessDenied, useTranslate } from 'react-admin';
import { MySessionsDocument } from '@support/schema';
import { api } from '../api/graphql';

/** The staff member's logged-in devices, most recently used first (times in Moscow time, as the business runs). */
export default function SessionsPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const { data, error, isPending } = useQuery({
    queryKey: ['mySessions'],
    queryFn: async () => {
      try {
        return (await api(MySessionsDocument)).mySessions;
      } catch (failure) {
        await logoutIfAccessDenied(failure);
        throw failure;
      }
    },
  });
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Moscow' });

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="support.sessions.title" />
      <CardContent>
        {isPending && <LinearProgress />}
        {error && <Alert severity="error">{translate('support.sessions.load_error')}</Alert>}
        <List>
          {data?.map((session) => (
            <ListItem key={session.id} divider>
              <ListItemText
                primary={session.userAgent ?? session.platform ?? translate('support.sessions.unknown_device')}
                secondary={translate('support.sessions.details', {
                  lastSeen: when.format(new Date(session.lastSeenAt)),
                  location: session.location ?? '—',
                })}
              />
              {session.current && <Chip color="primary" label={translate('support.sessions.current')} />}
            </ListItem>
          ))}
        </List>
      </CardContent>
    </Card>
  );
}
