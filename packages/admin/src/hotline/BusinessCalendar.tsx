import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  IconButton,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import { useLogoutIfAccessDenied, useTranslate } from 'react-admin';
import {
  BusinessCalendarDocument,
  RemoveCalendarDayDocument,
  SetCalendarDayDocument,
  type CalendarDayKind,
} from '@support/schema';
import { api } from '../api/graphql';
import { moscowDate, useFormats, useHotlineAction } from './shared';
import { DateField } from '../components/DateTimeFields';

const KINDS: readonly CalendarDayKind[] = ['HOLIDAY', 'WORKING_DAY'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The Moscow business calendar, a year at a time: holidays and transferred working days. SLA deadlines and the
 * hotline's hours follow it, so a change here also refreshes the hotline's status.
 */
export function BusinessCalendarCard({ isAdmin }: { isAdmin: boolean }) {
  const translate = useTranslate();
  const formats = useFormats();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const today = moscowDate();
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [form, setForm] = useState<{ date: string; kind: CalendarDayKind; name: string }>({
    date: today,
    kind: 'HOLIDAY',
    name: '',
  });
  const { run, busy, error } = useHotlineAction();
  const days = useQuery({
    queryKey: ['businessCalendar', year],
    queryFn: async () => {
      try {
        return (await api(BusinessCalendarDocument, { from: `${year}-01-01`, to: `${year}-12-31` })).businessCalendar;
      } catch (failure) {
        await logoutIfAccessDenied(failure);
        throw failure;
      }
    },
  });
  // A calendar change moves the hotline's hours too: read both again.
  const invalidate = ['businessCalendar', 'hotline'] as const;
  const save = () =>
    run(
      () =>
        api(SetCalendarDayDocument, { input: { date: form.date, kind: form.kind, name: form.name.trim() || null } }),
      { invalidate },
    );
  const remove = (date: string) =>
    run(() => api(RemoveCalendarDayDocument, { date }), { success: 'support.hotline.calendar.removed', invalidate });

  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="business-calendar">
      <CardHeader
        title={translate('support.hotline.calendar.title')}
        subheader={translate('support.hotline.calendar.hint')}
        action={
          <TextField
            select
            size="small"
            label={translate('support.hotline.calendar.year')}
            value={year}
            onChange={(event) => setYear(Number(event.target.value))}
            sx={{ minWidth: 110 }}
          >
            {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((candidate) => (
              <MenuItem key={candidate} value={candidate}>
                {candidate}
              </MenuItem>
            ))}
          </TextField>
        }
      />
      <CardContent>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        {days.isPending && <LinearProgress />}
        {days.error && <Alert severity="error">{translate('support.hotline.load_error')}</Alert>}
        {days.data?.length === 0 && (
          <Typography color="text.secondary">{translate('support.hotline.calendar.empty')}</Typography>
        )}
        {days.data && days.data.length > 0 && (
          <List dense sx={{ maxHeight: 360, overflow: 'auto' }}>
            {days.data.map((day) => (
              <ListItem
                key={day.date}
                divider
                data-testid="calendar-day"
                data-date={day.date}
                sx={day.date === today ? { bgcolor: 'action.selected' } : undefined}
                secondaryAction={
                  isAdmin && (
                    <IconButton
                      edge="end"
                      disabled={busy}
                      aria-label={translate('support.hotline.calendar.remove', { date: formats.date(day.date) })}
                      onClick={() => void remove(day.date)}
                    >
                      <DeleteIcon />
                    </IconButton>
                  )
                }
              >
                <ListItemText primary={formats.date(day.date)} secondary={day.name} />
                <Chip
                  size="small"
                  sx={{ mr: 2 }}
                  color={day.kind === 'HOLIDAY' ? 'warning' : 'info'}
                  label={translate(`support.hotline.calendar.kinds.${day.kind}`)}
                />
              </ListItem>
            ))}
          </List>
        )}
        {isAdmin && (
          <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
            <DateField
              size="small"
              label={translate('support.hotline.calendar.date')}
              value={form.date}
              onChange={(value) => setForm({ ...form, date: value })}
            />
            <TextField
              select
              size="small"
              label={translate('support.hotline.calendar.kind')}
              value={form.kind}
              onChange={(event) => setForm({ ...form, kind: event.target.value as CalendarDayKind })}
              sx={{ minWidth: 200 }}
            >
              {KINDS.map((kind) => (
                <MenuItem key={kind} value={kind}>
                  {translate(`support.hotline.calendar.kinds.${kind}`)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              size="small"
              label={translate('support.hotline.calendar.name')}
              value={form.name}
              onChange={(event) => setForm({ ...form, name: event.target.value })}
              slotProps={{ htmlInput: { maxLength: 120 } }}
            />
            <Button variant="contained" disabled={busy || !DATE.test(form.date)} onClick={() => void save()}>
              {translate('support.hotline.calendar.add')}
            </Button>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
