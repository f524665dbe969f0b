import type { ReactNode } from 'react';
import { Grid, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A labelled value on a record's page (label: a translation key), a third of the row on wide screens;
 * long values (URLs, ids) wrap anywhere. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Grid size={{ xs: 12, sm: 6, md: 4 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate(label)}
      </Typography>
      <Typography variant="body2" component="div" sx={{ overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </Grid>
  );
}
