import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Grid,
  LinearProgress,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { UpdateHotlineDocument } from '@support/schema';
import { api } from '../api/graphql';
import { BusinessCalendarCard } from './BusinessCalendar';
import { ExceptionsCard } from './Exceptions';
import { WeeklyHoursCard } from './WeeklyHours';
import { useFormats, useHotline, useHotlineAction, useIsAdmin, type Hotline } from './shared';

/** «Open now / opens at» exactly as the API answers `hotline` (what the apps show customers). */
function StatusCard({ hotline, checkedAt }: { hotline: Hotline; checkedAt: number }) {
  const translate = useTranslate();
  const formats = useFormats();
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="hotline-status">
      <CardHeader title={translate('support.hotline.status.title')} />
      <CardContent>
        <Stack spacing={1.5}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Chip
              color={hotline.isOpenNow ? 'success' : 'default'}
              label={translate(hotline.isOpenNow ? 'support.hotline.status.open' : 'support.hotline.status.closed')}
              data-testid="hotline-open-state"
              data-open={hotline.isOpenNow ? 'true' : 'false'}
            />
            <Typography variant="h6">
              {hotline.phoneDisplay}
              {hotline.extension ? ` · ${translate('support.hotline.contact.extension')} ${hotline.extension}` : ''}
            </Typography>
          </Stack>
          <Typography data-testid="hotline-next">
            {hotline.isOpenNow && hotline.closesAt
              ? translate('support.hotline.status.closes_at', { when: formats.when(hotline.closesAt) })
              : hotline.nextOpenAt
                ? translate('support.hotline.status.opens_at', { when: formats.when(hotline.nextOpenAt) })
                : translate('support.hotline.status.no_opening')}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {translate('support.hotline.status.computed', { time: formats.time(checkedAt) })}{' '}
            {translate('support.hotline.moscow_time')}
          </Typography>
        </Stack>
      </CardContent>
    </Card>
  );
}

function ContactCard({ hotline, isAdmin }: { hotline: Hotline; isAdmin: boolean }) {
  const translate = useTranslate();
  const { run, busy, error } = useHotlineAction();
  const initial = {
    phone: hotline.phoneDisplay,
    extension: hotline.extension ?? '',
    purposeRu: hotline.purposeRu,
    purposeEn: hotline.purposeEn,
  };
  const [values, setValues] = useState(initial);
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);
  const extensionValid = /^\d{0,10}$/.test(values.extension.trim());
  const field = (name: keyof typeof values, label: string, extra: Record<string, unknown> = {}) => (
    <TextField
      label={translate(label)}
      value={values[name]}
      onChange={(event) => setValues({ ...values, [name]: event.target.value })}
      disabled={!isAdmin || busy}
      size="small"
      fullWidth
      {...extra}
    />
  );
  const save = () =>
    run(async () => {
      const { updateHotline } = await api(UpdateHotlineDocument, {
        input: {
          phone: values.phone.trim(),
          extension: values.extension.trim(),
          purposeRu: values.purposeRu.trim(),
          purposeEn: values.purposeEn.trim(),
        },
      });
      return updateHotline;
    });
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="hotline-contact">
      <CardHeader title={translate('support.hotline.contact.title')} />
      <CardContent>
        <Stack spacing={2}>
          {error && <Alert severity="error">{error}</Alert>}
          <Stack direction="row" spacing={2}>
            {field('phone', 'support.hotline.contact.phone')}
            {field('extension', 'support.hotline.contact.extension', {
              error: !extensionValid,
              helperText: translate('support.hotline.contact.extension_hint'),
              sx: { maxWidth: 220 },
            })}
          </Stack>
          {field('purposeRu', 'support.hotline.contact.purposeRu', { multiline: true, minRows: 2 })}
          {field('purposeEn', 'support.hotline.contact.purposeEn', { multiline: true, minRows: 2 })}
          {isAdmin && (
            <Stack direction="row" spacing={1}>
              <Button
                variant="contained"
                disabled={busy || !dirty || !extensionValid || !values.phone.trim()}
                onClick={() => void save()}
              >
                {translate('support.hotline.save')}
              </Button>
              <Button disabled={busy || !dirty} onClick={() => setValues(initial)}>
                {translate('support.hotline.reset')}
              </Button>
            </Stack>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}

/** The hotline page: its live status, number and purpose, weekly hours, exceptions and the business calendar. */
export default function HotlinePage() {
  const translate = useTranslate();
  const isAdmin = useIsAdmin();
  const { data: hotline, error, isPending, dataUpdatedAt } = useHotline();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="support.hotline.title" />
      {isPending && <LinearProgress />}
      {error && <Alert severity="error">{translate('support.hotline.load_error')}</Alert>}
      {!isAdmin && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('support.hotline.view_only')}
        </Alert>
      )}
      {hotline && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 5 }}>
            <StatusCard hotline={hotline} checkedAt={dataUpdatedAt} />
          </Grid>
          <Grid size={{ xs: 12, md: 7 }}>
            {/* Keyed by what the API holds, so a save (or another admin's change) resets the form to it. */}
            <ContactCard
              key={[hotline.phone, hotline.extension, hotline.purposeRu, hotline.purposeEn].join('|')}
              hotline={hotline}
              isAdmin={isAdmin}
            />
          </Grid>
          <Grid size={12}>
            <WeeklyHoursCard key={JSON.stringify(hotline.weeklyHours)} hotline={hotline} isAdmin={isAdmin} />
          </Grid>
          <Grid size={{ xs: 12, lg: 6 }}>
            <ExceptionsCard hotline={hotline} isAdmin={isAdmin} />
          </Grid>
          <Grid size={{ xs: 12, lg: 6 }}>
            <BusinessCalendarCard isAdmin={isAdmin} />
          </Grid>
        </Grid>
      )}
    </Box>
  );
}
