import { useState, type ReactNode } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Grid,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { BarChart } from '@mui/x-charts/BarChart';
import { Gauge } from '@mui/x-charts/Gauge';
import { Title, useGetIdentity, useLocaleState, useTranslate } from 'react-admin';
import { SupportStatsDocument, type SupportStatsQuery } from '@support/schema';
import { api } from '../api/graphql';
import { useRefusalText } from '../api/action';
import { formatDuration, formatPercent } from './format';
import { lastDays, PRESET_DAYS, presetOf, rangeProblem, type DateRange } from './range';
import { DateField } from '../components/DateTimeFields';

type Stats = SupportStatsQuery['supportStats'];
type Sla = Stats['overall']['firstResponse'];

const CHART_HEIGHT = 300;

function Greeting() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (
    <CardHeader
      title={translate('support.dashboard.welcome')}
      subheader={identity?.fullName ? translate('support.dashboard.greeting', { name: identity.fullName }) : null}
    />
  );
}

function RangePicker({ range, onChange }: { range: DateRange; onChange: (range: DateRange) => void }) {
  const translate = useTranslate();
  // What is typed is kept here until it makes a valid range; only then is it asked for.
  const [draft, setDraft] = useState(range);
  const [syncedWith, setSyncedWith] = useState(range);
  if (syncedWith !== range) {
    setSyncedWith(range);
    setDraft(range);
  }
  const problem = rangeProblem(draft);
  const edit = (next: DateRange) => {
    setDraft(next);
    if (!rangeProblem(next)) onChange(next);
  };
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }}>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={presetOf(draft)}
        aria-label={translate('support.dashboard.range.label')}
        onChange={(_, days: number | null) => days && edit(lastDays(days))}
      >
        {PRESET_DAYS.map((days) => (
          <ToggleButton key={days} value={days}>
            {translate(`support.dashboard.range.days_${days}`)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Stack direction="row" spacing={1}>
        <DateField
          size="small"
          label={translate('support.dashboard.range.from')}
          value={draft.from}
          onChange={(value) => edit({ ...draft, from: value })}
          error={Boolean(problem)}
        />
        <DateField
          size="small"
          label={translate('support.dashboard.range.to')}
          value={draft.to}
          onChange={(value) => edit({ ...draft, to: value })}
          error={Boolean(problem)}
        />
      </Stack>
      <Typography variant="body2" color={problem ? 'error' : 'text.secondary'} role={problem ? 'alert' : undefined}>
        {translate(problem ?? 'support.dashboard.range.moscow')}
      </Typography>
    </Stack>
  );
}

function Tile({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {translate(label)}
        </Typography>
        <Box data-testid={testId}>{children}</Box>
      </CardContent>
    </Card>
  );
}

function SlaTile({ label, testId, sla }: { label: string; testId: string; sla: Sla }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const percent = formatPercent(sla.rate, locale);
  return (
    <Tile label={label} testId={testId}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Gauge
          width={88}
          height={88}
          value={sla.rate === null ? 0 : Math.round(sla.rate * 100)}
          text={percent ?? '—'}
          aria-hidden
        />
        <Box>
          <Typography variant="h5" component="div" data-value>
            {percent ?? '—'}
          </Typography>
          <Typography variant="caption" color="text.secondary" component="div">
            {translate('support.dashboard.sla.met_of', { met: sla.met, total: sla.met + sla.missed })}
            {sla.pending > 0 && ` · ${translate('support.dashboard.sla.pending', { count: sla.pending })}`}
          </Typography>
        </Box>
      </Stack>
    </Tile>
  );
}

function Totals({ stats }: { stats: Stats }) {
  const translate = useTranslate();
  const sum = (key: 'created' | 'resolved') => stats.days.reduce((total, day) => total + day[key], 0);
  const open = stats.openByStatus.reduce((total, status) => total + status.count, 0);
  const median = stats.overall.medianFirstResponseSeconds;
  const number = (value: ReactNode) => (
    <Typography variant="h4" component="div" data-value>
      {value}
    </Typography>
  );
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 6, md: 2 }}>
        <Tile label="support.dashboard.totals.created" testId="total-created">
          {number(sum('created'))}
        </Tile>
      </Grid>
      <Grid size={{ xs: 6, md: 2 }}>
        <Tile label="support.dashboard.totals.resolved" testId="total-resolved">
          {number(sum('resolved'))}
        </Tile>
      </Grid>
      <Grid size={{ xs: 6, md: 2 }}>
        <Tile label="support.dashboard.totals.open" testId="total-open">
          {number(open)}
        </Tile>
      </Grid>
      <Grid size={{ xs: 6, md: 2 }}>
        <Tile label="support.dashboard.totals.median" testId="total-median">
          {number(median === null ? '—' : formatDuration(median, translate))}
        </Tile>
      </Grid>
      <Grid size={{ xs: 12, sm: 6, md: 2 }}>
        <SlaTile
          label="support.dashboard.totals.first_response"
          testId="sla-first-response"
          sla={stats.overall.firstResponse}
        />
      </Grid>
      <Grid size={{ xs: 12, sm: 6, md: 2 }}>
        <SlaTile label="support.dashboard.totals.resolution" testId="sla-resolution" sla={stats.overall.resolution} />
      </Grid>
    </Grid>
  );
}

/** A card with one chart, or when the period has nothing for it, a sentence saying so instead of empty axes. */
function ChartCard({
  title,
  hint,
  testId,
  empty = false,
  children,
}: {
  title: string;
  hint?: string;
  testId: string;
  /** Nothing to draw for the period. */
  empty?: boolean;
  children: ReactNode;
}) {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid={testId}>
      <CardHeader
        title={translate(title)}
        subheader={hint ? translate(hint) : undefined}
        slotProps={{ title: { variant: 'h6' }, subheader: { variant: 'body2' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {empty ? (
          <Box
            data-testid="no-data"
            sx={{ minHeight: 120, display: 'flex', alignItems: 'center', justifyContent: 'center' }}
          >
            <Typography color="text.secondary">{translate('support.dashboard.no_data')}</Typography>
          </Box>
        ) : (
          children
        )}
      </CardContent>
    </Card>
  );
}

/** "dd.MM" (ru) or "MM/dd" (en) for an axis of days. */
function useDayFormat() {
  const [locale] = useLocaleState();
  const format = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone: 'UTC' });
  return (date: string) => format.format(new Date(`${date}T00:00:00Z`));
}

function PerDayChart({ stats }: { stats: Stats }) {
  const translate = useTranslate();
  const theme = useTheme();
  const formatDay = useDayFormat();
  // Numbers on the bars while they fit (a month); longer periods show them in the tooltip.
  const label =
    stats.days.length <= 31 ? (item: { value: number | null }) => (item.value ? String(item.value) : null) : undefined;
  return (
    <ChartCard
      title="support.dashboard.per_day.title"
      testId="chart-per-day"
      empty={stats.days.every((day) => day.created === 0 && day.resolved === 0)}
    >
      <BarChart
        height={CHART_HEIGHT}
        dataset={stats.days}
        xAxis={[{ scaleType: 'band', dataKey: 'date', valueFormatter: formatDay }]}
        yAxis={[{ tickMinStep: 1 }]}
        series={[
          {
            id: 'created',
            dataKey: 'created',
            label: translate('support.dashboard.per_day.created'),
            color: theme.palette.primary.main,
            ...(label ? { barLabel: label } : {}),
          },
          {
            id: 'resolved',
            dataKey: 'resolved',
            label: translate('support.dashboard.per_day.resolved'),
            color: theme.palette.success.main,
            ...(label ? { barLabel: label } : {}),
          },
        ]}
        localeText={{ noData: translate('support.dashboard.no_data') }}
      />
    </ChartCard>
  );
}

function OpenByStatusChart({ stats }: { stats: Stats }) {
  const translate = useTranslate();
  const theme = useTheme();
  const data = stats.openByStatus.map((entry) => ({
    status: translate(`support.tickets.status.${entry.status}`),
    count: entry.count,
  }));
  return (
    <ChartCard
      title="support.dashboard.open_by_status.title"
      hint="support.dashboard.open_by_status.hint"
      testId="chart-open-by-status"
      empty={data.every((entry) => entry.count === 0)}
    >
      <BarChart
        height={CHART_HEIGHT}
        layout="horizontal"
        dataset={data}
        yAxis={[{ scaleType: 'band', dataKey: 'status', width: 180 }]}
        // Room right of the longest bar for its number.
        xAxis={[{ tickMinStep: 1, min: 0, max: Math.max(1, ...data.map((entry) => entry.count)) * 1.25 }]}
        series={[
          {
            id: 'open',
            dataKey: 'count',
            label: translate('support.dashboard.open_by_status.count'),
            color: theme.palette.warning.main,
            barLabel: (item) => String(item.value ?? 0),
            barLabelPlacement: 'outside',
          },
        ]}
        hideLegend
      />
    </ChartCard>
  );
}

function SlaByCategoryChart({ stats }: { stats: Stats }) {
  const translate = useTranslate();
  const theme = useTheme();
  const data = stats.categories.map((entry) => ({
    category: entry.category.title,
    firstResponse: entry.firstResponse.rate === null ? null : Math.round(entry.firstResponse.rate * 100),
    resolution: entry.resolution.rate === null ? null : Math.round(entry.resolution.rate * 100),
  }));
  const percent = (value: number | null) => (value === null ? translate('support.dashboard.sla.none') : `${value}%`);
  return (
    <ChartCard
      title="support.dashboard.sla.title"
      hint="support.dashboard.sla.hint"
      testId="chart-sla"
      empty={data.every((entry) => entry.firstResponse === null && entry.resolution === null)}
    >
      <BarChart
        height={CHART_HEIGHT}
        layout="horizontal"
        dataset={data}
        yAxis={[{ scaleType: 'band', dataKey: 'category', width: 170 }]}
        // Up to 120 so that a 100% bar has room for its number; ticks stop at 100%.
        xAxis={[
          { min: 0, max: 120, tickInterval: [0, 20, 40, 60, 80, 100], valueFormatter: (value: number) => `${value}%` },
        ]}
        series={[
          {
            id: 'firstResponse',
            dataKey: 'firstResponse',
            label: translate('support.dashboard.sla.first_response'),
            color: theme.palette.info.main,
            valueFormatter: percent,
            barLabel: (item) => (item.value === null ? null : `${item.value}%`),
            barLabelPlacement: 'outside',
          },
          {
            id: 'resolution',
            dataKey: 'resolution',
            label: translate('support.dashboard.sla.resolution'),
            color: theme.palette.success.main,
            valueFormatter: percent,
            barLabel: (item) => (item.value === null ? null : `${item.value}%`),
            barLabelPlacement: 'outside',
          },
        ]}
        localeText={{ noData: translate('support.dashboard.no_data') }}
      />
    </ChartCard>
  );
}

function MedianByCategoryChart({ stats }: { stats: Stats }) {
  const translate = useTranslate();
  const theme = useTheme();
  const data = stats.categories.map((entry) => ({
    category: entry.category.title,
    seconds: entry.medianFirstResponseSeconds,
    hours: entry.medianFirstResponseSeconds === null ? null : entry.medianFirstResponseSeconds / 3600,
  }));
  return (
    <ChartCard
      title="support.dashboard.median.title"
      testId="chart-median"
      empty={data.every((entry) => entry.hours === null)}
    >
      <BarChart
        height={CHART_HEIGHT}
        layout="horizontal"
        dataset={data}
        yAxis={[{ scaleType: 'band', dataKey: 'category', width: 170 }]}
        xAxis={[
          {
            label: translate('support.dashboard.median.hours'),
            min: 0,
            max: Math.max(1, ...data.map((entry) => entry.hours ?? 0)) * 1.35,
            tickMinStep: 1,
          },
        ]}
        series={[
          {
            id: 'median',
            dataKey: 'hours',
            label: translate('support.dashboard.totals.median'),
            color: theme.palette.secondary.main,
            valueFormatter: (value: number | null) =>
              value === null ? translate('support.dashboard.sla.none') : formatDuration(value * 3600, translate),
            barLabel: (item) => (item.value === null ? null : formatDuration(item.value * 3600, translate)),
            barLabelPlacement: 'outside',
          },
        ]}
        hideLegend
        localeText={{ noData: translate('support.dashboard.no_data') }}
      />
    </ChartCard>
  );
}

function CategoryTable({ stats }: { stats: Stats }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const sla = (value: Sla) => {
    const percent = formatPercent(value.rate, locale);
    const count = translate('support.dashboard.sla.met_of', { met: value.met, total: value.met + value.missed });
    return percent ? `${percent} (${count})` : '—';
  };
  const median = (seconds: number | null) => (seconds === null ? '—' : formatDuration(seconds, translate));
  const rows = [
    ...stats.categories.map((entry) => ({ key: entry.category.id, title: entry.category.title, ...entry })),
    { key: 'overall', title: translate('support.dashboard.table.overall'), ...stats.overall },
  ];
  return (
    <ChartCard title="support.dashboard.table.title" testId="category-table" empty={stats.overall.created === 0}>
      <Table size="small" sx={{ '& td:not(:first-of-type)': { whiteSpace: 'nowrap' } }}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('support.dashboard.table.category')}</TableCell>
            <TableCell align="right">{translate('support.dashboard.table.created')}</TableCell>
            <TableCell align="right">{translate('support.dashboard.table.first_response')}</TableCell>
            <TableCell align="right">{translate('support.dashboard.table.resolution')}</TableCell>
            <TableCell align="right">{translate('support.dashboard.table.median')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.key} sx={row.key === 'overall' ? { '& td': { fontWeight: 'bold' } } : undefined}>
              <TableCell>{row.title}</TableCell>
              <TableCell align="right">{row.created}</TableCell>
              <TableCell align="right">{sla(row.firstResponse)}</TableCell>
              <TableCell align="right">{sla(row.resolution)}</TableCell>
              <TableCell align="right">{median(row.medianFirstResponseSeconds)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ChartCard>
  );
}

/** The home page: a greeting, then support statistics for a period of Moscow days, computed by the API. */
export default function Dashboard() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const refusalText = useRefusalText();
  const [range, setRange] = useState<DateRange>(() => lastDays(30));
  const query = useQuery({
    queryKey: ['supportStats', range.from, range.to, locale],
    queryFn: async () => (await api(SupportStatsDocument, { from: range.from, to: range.to })).supportStats,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const stats = query.data;
  return (
    <Box sx={{ mt: 2, mb: 4 }}>
      <Title title="support.title" />
      <Card sx={{ mb: 2 }}>
        <Greeting />
        <CardContent sx={{ pt: 0 }}>
          <Typography sx={{ mb: 2 }}>{translate('support.dashboard.intro')}</Typography>
          <RangePicker range={range} onChange={setRange} />
        </CardContent>
        {query.isFetching && <LinearProgress />}
      </Card>
      {query.isError && (
        <Alert
          severity="error"
          sx={{ mb: 2 }}
          action={
            <Button color="inherit" size="small" onClick={() => void query.refetch()}>
              {translate('support.dashboard.retry')}
            </Button>
          }
        >
          {refusalText(query.error)}
        </Alert>
      )}
      {stats && (
        <Stack spacing={2} data-testid="support-stats" data-from={stats.from} data-to={stats.to}>
          <Totals stats={stats} />
          <PerDayChart stats={stats} />
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, lg: 5 }}>
              <OpenByStatusChart stats={stats} />
            </Grid>
            <Grid size={{ xs: 12, lg: 7 }}>
              <SlaByCategoryChart stats={stats} />
            </Grid>
            <Grid size={{ xs: 12, lg: 5 }}>
              <MedianByCategoryChart stats={stats} />
            </Grid>
            <Grid size={{ xs: 12, lg: 7 }}>
              <CategoryTable stats={stats} />
            </Grid>
          </Grid>
        </Stack>
      )}
    </Box>
  );
}
