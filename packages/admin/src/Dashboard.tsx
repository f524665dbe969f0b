import { Card, CardContent, CardHeader, Typography } from '@mui/material';
import { Title, useGetIdentity, useTranslate } from 'react-admin';

export default function Dashboard() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="support.title" />
      <CardHeader
        title={translate('support.dashboard.welcome')}
        subheader={identity?.fullName ? translate('support.dashboard.greeting', { name: identity.fullName }) : null}
      />
      <CardContent>
        <Typography>{translate('support.dashboard.intro')}</Typography>
      </CardContent>
    </Card>
  );
}
