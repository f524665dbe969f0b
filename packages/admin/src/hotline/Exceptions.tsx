import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  FormControlLabel,
  IconButton,
  List,
  ListItem,
  ListItemText,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import { useTranslate } from 'react-admin';
import { RemoveHotlineExceptionDocument, SetHotlineExceptionDocument } from '@support/schema';
import { api } from '../api/graphql';
import { moscowDate, useFormats, useHotlineAction, type Hotline } from './shared';
import { DateField, TimeField } from '../components/DateTimeFields';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Dates when the hotline is closed or keeps special hours (they win over the weekly hours and the calendar). */
export function ExceptionsCard({ hotline, isAdmin }: { hotline: Hotline; isAdmin: boolean }) {
  const translate = useTranslate();
  const formats = useFormats();
  const { run, busy, error } = useHotlineAction();
  const [form, setForm] = useState({ date: moscowDate(), closed: true, opens: '10:00', closes: '16:00', note: '' });
  const hoursValid = form.closed || (Boolean(form.opens) && Boolean(form.closes) && form.opens < form.closes);
  const valid = DATE.test(form.date) && hoursValid;

  const save = () =>
    run(async () => {
      const { setHotlineException } = await api(SetHotlineExceptionDocument, {
        input: {
          date: form.date,
          opens: form.closed ? null : form.opens,
          closes: form.closed ? null : form.closes,
          note: form.note.trim() || null,
        },
      });
      return setHotlineException;
    });
  const remove = (date: string) =>
    run(async () => (await api(RemoveHotlineExceptionDocument, { date })).removeHotlineException, {
      success: 'support.hotline.exceptions.removed',
    });

  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="hotline-exceptions">
      <CardHeader
        title={translate('support.hotline.exceptions.title')}
        subheader={translate('support.hotline.exceptions.hint')}
      />
      <CardContent>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        {hotline.exceptions.length === 0 ? (
          <Typography color="text.secondary">{translate('support.hotline.exceptions.empty')}</Typography>
        ) : (
          <List dense>
            {hotline.exceptions.map((exception) => (
              <ListItem
                key={exception.date}
                divider
                data-testid="hotline-exception"
                data-date={exception.date}
                secondaryAction={
                  isAdmin && (
                    <IconButton
                      edge="end"
                      disabled={busy}
                      aria-label={translate('support.hotline.exceptions.remove', {
                        date: formats.date(exception.date),
                      })}
                      onClick={() => void remove(exception.date)}
                    >
                      <DeleteIcon />
                    </IconButton>
                  )
                }
              >
                <ListItemText
                  primary={formats.date(exception.date)}
                  secondary={[
                    exception.closed
                      ? translate('support.hotline.exceptions.closed')
                      : translate('support.hotline.exceptions.hours', {
                          opens: exception.opens,
                          closes: exception.closes,
                        }),
                    exception.note,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              </ListItem>
            ))}
          </List>
        )}
        {isAdmin && (
          <Stack spacing={2} sx={{ mt: 2 }}>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
              <DateField
                size="small"
                label={translate('support.hotline.exceptions.date')}
                value={form.date}
                onChange={(value) => setForm({ ...form, date: value })}
              />
              <FormControlLabel
                control={
                  <Switch
                    checked={form.closed}
                    onChange={(event) => setForm({ ...form, closed: event.target.checked })}
                  />
                }
                label={translate('support.hotline.exceptions.closed')}
              />
              {!form.closed && (
                <>
                  <TimeField
                    size="small"
                    label={translate('support.hotline.weekly.opens')}
                    value={form.opens}
                    error={!hoursValid}
                    onChange={(value) => setForm({ ...form, opens: value })}
                  />
                  <TimeField
                    size="small"
                    label={translate('support.hotline.weekly.closes')}
                    value={form.closes}
                    error={!hoursValid}
                    helperText={hoursValid ? undefined : translate('support.hotline.weekly.order')}
                    onChange={(value) => setForm({ ...form, closes: value })}
                  />
                </>
              )}
            </Stack>
            <TextField
              size="small"
              label={translate('support.hotline.exceptions.note')}
              value={form.note}
              onChange={(event) => setForm({ ...form, note: event.target.value })}
              slotProps={{ htmlInput: { maxLength: 200 } }}
            />
            <div>
              <Button variant="contained" disabled={busy || !valid} onClick={() => void save()}>
                {translate('support.hotline.exceptions.add')}
              </Button>
            </div>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
