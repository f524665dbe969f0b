import { Chip, Stack } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';

export function StatusChip({ published }: { published: boolean }) {
  const translate = useTranslate();
  return published ? (
    <Chip size="small" color="success" label={translate('support.help.status.published')} />
  ) : (
    <Chip size="small" variant="outlined" label={translate('support.help.status.draft')} />
  );
}

export function KeywordChips({ tags }: { tags: readonly string[] }) {
  return (
    <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {tags.map((tag) => (
        <Chip key={tag} size="small" variant="outlined" label={tag} />
      ))}
    </Stack>
  );
}

/** Dates as the business runs: Moscow time, in the panel's language. */
export function useFormatDate(): (value: string | null | undefined) => string {
  const [locale] = useLocaleState();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Moscow' });
  return (value) => (value ? format.format(new Date(value)) : '—');
}
