import { Card, CardContent, CardHeader, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

export function Dashboard() {
  const translate = useTranslate();
  return (
    <Card>
      <CardHeader title={translate('support.dashboard.welcome')} />
      <CardContent>
        <Typography>{translate('support.dashboard.intro')}</Typography>
      </CardContent>
    </Card>
  );
}
