import { Chip, Stack } from '@mui/material';
import { useTranslate } from 'react-admin';

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
