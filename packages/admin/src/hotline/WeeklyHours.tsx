import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  FormControlLabel,
  Stack,
  Switch,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { UpdateHotlineDocument } from '@support/schema';
import { api } from '../api/graphql';
import { useHotlineAction, type Hotline } from './shared';
import { TimeField } from '../components/DateTimeFields';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface DayRow {
  weekday: number;
  open: boolean;
  opens: string;
  closes: string;
}

/** The API lists only the days it is open; the editor shows all seven, closed ones switched off. */
const toRows = (weekly: Hotline['weeklyHours']): DayRow[] =>
  WEEKDAYS.map((weekday) => {
    const hours = weekly.find((day) => day.weekday === weekday);
    return hours
      ? { weekday, open: true, opens: hours.opens, closes: hours.closes }
      : { weekday, open: false, opens: '09:00', closes: '18:00' };
  });

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const rowValid = (row: DayRow) =>
  !row.open || (CLOCK.test(row.opens) && CLOCK.test(row.closes) && row.opens < row.closes);
const openDays = (rows: DayRow[]) =>
  rows.filter((row) => row.open).map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));

/** Per weekday: open or closed, and from when to when (Moscow time). Saved as a whole week. */
export function WeeklyHoursCard({ hotline, isAdmin }: { hotline: Hotline; isAdmin: boolean }) {
  const translate = useTranslate();
  const { run, busy, error } = useHotlineAction();
  const initial = toRows(hotline.weeklyHours);
  const [rows, setRows] = useState(initial);
  const dirty = JSON.stringify(openDays(rows)) !== JSON.stringify(openDays(initial));
  const valid = rows.every(rowValid);
  const change = (weekday: number, patch: Partial<DayRow>) =>
    setRows(rows.map((row) => (row.weekday === weekday ? { ...row, ...patch } : row)));
  const save = () =>
    run(async () => (await api(UpdateHotlineDocument, { input: { weeklyHours: openDays(rows) } })).updateHotline);

  return (
    <Card variant="outlined" data-testid="weekly-hours">
      <CardHeader
        title={translate('support.hotline.weekly.title')}
        subheader={`${translate('support.hotline.weekly.hint')} ${translate('support.hotline.moscow_time')}`}
      />
      <CardContent>
        <Stack spacing={1}>
          {error && <Alert severity="error">{error}</Alert>}
          {rows.map((row) => {
            const invalid = !rowValid(row);
            return (
              <Stack
                key={row.weekday}
                direction="row"
                spacing={2}
                sx={{ alignItems: 'center', flexWrap: 'wrap' }}
                data-testid={`weekday-${row.weekday}`}
              >
                <Typography sx={{ width: 130, fontWeight: 500 }}>
                  {translate(`support.hotline.weekdays.${row.weekday}`)}
                </Typography>
                <FormControlLabel
                  sx={{ width: 140 }}
                  control={
                    <Switch
                      checked={row.open}
                      disabled={!isAdmin || busy}
                      onChange={(event) => change(row.weekday, { open: event.target.checked })}
                    />
                  }
                  label={translate(row.open ? 'support.hotline.weekly.open' : 'support.hotline.weekly.closed_day')}
                />
                <TimeField
                  size="small"
                  label={translate('support.hotline.weekly.opens')}
                  value={row.opens}
                  onChange={(value) => change(row.weekday, { opens: value })}
                  disabled={!isAdmin || busy || !row.open}
                  error={invalid}
                  sx={{ width: 140 }}
                />
                <TimeField
                  size="small"
                  label={translate('support.hotline.weekly.closes')}
                  value={row.closes}
                  onChange={(value) => change(row.weekday, { closes: value })}
                  disabled={!isAdmin || busy || !row.open}
                  error={invalid}
                  sx={{ width: 140 }}
                />
                {invalid && (
                  <Typography variant="caption" color="error">
                    {translate('support.hotline.weekly.order')}
                  </Typography>
                )}
              </Stack>
            );
          })}
          {isAdmin && (
            <Stack direction="row" spacing={1} sx={{ pt: 1 }}>
              <Button variant="contained" disabled={busy || !dirty || !valid} onClick={() => void save()}>
                {translate('support.hotline.save')}
              </Button>
              <Button disabled={busy || !dirty} onClick={() => setRows(initial)}>
                {translate('support.hotline.reset')}
              </Button>
            </Stack>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
