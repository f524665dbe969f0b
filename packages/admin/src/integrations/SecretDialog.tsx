import { useRef } from 'react';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  InputAdornment,
  TextField,
  Typography,
} from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';

/**
 * A secret the API gives once (an API key, a webhook's signing secret): shown with a warning and a copy button.
 * It closes only by its button, so a stray click or Escape does not lose it.
 */
export function SecretDialog({
  title,
  secret,
  hint,
  onClose,
}: {
  title: string;
  secret: string | null;
  hint?: string;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const field = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '');
      notify('support.integrations.secret.copied', { type: 'success' });
    } catch {
      field.current?.select();
      notify('support.integrations.secret.copy_failed', { type: 'warning' });
    }
  };
  return (
    <Dialog open={secret !== null} maxWidth="sm" fullWidth aria-labelledby="secret-dialog-title">
      <DialogTitle id="secret-dialog-title">{title}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('support.integrations.secret.warning')}
        </Alert>
        <TextField
          fullWidth
          label={translate('support.integrations.secret.label')}
          value={secret ?? ''}
          inputRef={field}
          onFocus={(event) => event.target.select()}
          slotProps={{
            htmlInput: { readOnly: true, spellCheck: false, 'data-testid': 'one-time-secret' },
            input: {
              sx: { fontFamily: 'monospace' },
              endAdornment: (
                <InputAdornment position="end">
                  <Button startIcon={<ContentCopyIcon />} onClick={() => void copy()}>
                    {translate('support.integrations.secret.copy')}
                  </Button>
                </InputAdornment>
              ),
            },
          }}
        />
        {hint && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            {hint}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          {translate('support.integrations.secret.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
