import type { ru } from './messages';

/** The module's English strings, loaded when the panel switches to English. */
export const en: typeof ru = {
  support: {
    dashboard: {
      range: {
        label: 'Period',
        from: 'From',
        to: 'To',
        days_7: '7 days',
        days_30: '30 days',
        days_90: '90 days',
        days_365: 'Year',
        invalid: 'Choose the first and the last day of the period.',
        reversed: 'The period starts after it ends.',
        too_long: 'The period is at most 366 days.',
        moscow: 'Days are counted in Moscow time.',
      },
      totals: {
        created: 'Filed',
        resolved: 'Resolved',
        open: 'Open now',
        first_response: 'First response in time',
        resolution: 'Resolved in time',
        median: 'Median first response',
      },
      per_day: {
        title: 'Tickets per day',
        created: 'Filed',
        resolved: 'Resolved',
      },
      open_by_status: {
        title: 'Open tickets by status',
        hint: 'Of the tickets filed in the period, those open now.',
        count: 'Tickets',
      },
      sla: {
        title: 'SLA compliance by category',
        hint: 'The share of tickets whose first response and resolution came in time. Tickets not yet due are left out.',
        first_response: 'First response, %',
        resolution: 'Resolution, %',
        met_of: '%{met} of %{total}',
        none: 'no data',
        pending: 'not yet due: %{count}',
      },
      median: {
        title: 'Median first response time by category',
        hours: 'Hours',
      },
      table: {
        title: 'By category',
        category: 'Category',
        created: 'Filed',
        first_response: 'First response in time',
        resolution: 'Resolved in time',
        median: 'Median first response',
        overall: 'All categories',
      },
      duration: {
        seconds: '%{seconds} s',
        minutes: '%{minutes} min',
        hours: '%{hours} h',
        hours_minutes: '%{hours} h %{minutes} min',
        days_hours: '%{days} d %{hours} h',
      },
      no_data: 'No tickets in this period',
      retry: 'Retry',
    },
  },
};
