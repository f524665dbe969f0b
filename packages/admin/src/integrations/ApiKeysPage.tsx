import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import AddIcon from '@mui/icons-material/Add';
import BlockIcon from '@mui/icons-material/Block';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { Confirm, Title, useLogoutIfAccessDenied, useNotify, useTranslate } from 'react-admin';
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  RevokeApiKeyDocument,
  type ApiKeyFieldsFragment,
} from '@support/schema';
import { api } from '../api/graphql';
import { useFormatDate } from '../format';
import { useAction, useRefusalText } from '../api/action';
import { SecretDialog } from './SecretDialog';

/** The scopes the API knows (API_KEY_SCOPES in the API's integrations module). */
export const API_KEY_SCOPES = ['tickets:read', 'webhooks:manage'] as const;

type ApiKey = ApiKeyFieldsFragment;
const QUERY_KEY = ['integrations', 'apiKeys'];

function CreateKeyDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (key: ApiKey, secret: string) => void;
}) {
  const translate = useTranslate();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['tickets:read']);
  // The refusal is shown in the dialog, by the form.
  const create = useAction(() => api(CreateApiKeyDocument, { input: { name: name.trim(), scopes } }), {
    refresh: false,
    notifyRefusal: false,
    onSuccess: ({ createApiKey: { apiKey, secret } }) => {
      setName('');
      setScopes(['tickets:read']);
      onCreated(apiKey, secret);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && scopes.length > 0) void create.run();
  };
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} maxWidth="sm" fullWidth aria-labelledby="create-key-title">
      <Box component="form" onSubmit={submit} noValidate>
        <DialogTitle id="create-key-title">{translate('support.integrations.api_keys.create')}</DialogTitle>
        <DialogContent>
          {create.refusal && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {create.refusal}
            </Alert>
          )}
          <TextField
            autoFocus
            fullWidth
            required
            margin="dense"
            label={translate('support.integrations.api_keys.fields.name')}
            helperText={translate('support.integrations.api_keys.name_helper')}
            value={name}
            onChange={(event) => setName(event.target.value)}
            slotProps={{ htmlInput: { maxLength: 120 } }}
          />
          <FormControl component="fieldset" sx={{ mt: 2 }} error={scopes.length === 0}>
            <FormLabel component="legend">{translate('support.integrations.api_keys.fields.scopes')}</FormLabel>
            <FormGroup>
              {API_KEY_SCOPES.map((scope) => (
                <FormControlLabel
                  key={scope}
                  control={
                    <Checkbox
                      checked={scopes.includes(scope)}
                      onChange={(event) =>
                        setScopes((current) =>
                          event.target.checked ? [...current, scope] : current.filter((s) => s !== scope),
                        )
                      }
                    />
                  }
                  label={translate(`support.integrations.api_keys.scope.${scope}`)}
                />
              ))}
            </FormGroup>
            {scopes.length === 0 && (
              <FormHelperText>{translate('support.integrations.api_keys.scopes_helper')}</FormHelperText>
            )}
          </FormControl>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={create.busy || !name.trim() || scopes.length === 0}>
            {translate('ra.action.create')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

/** API keys for integrators: created with their secret shown once, listed by prefix, revoked after confirmation. */
export default function ApiKeysPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const refusalText = useRefusalText();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const { data, error, isPending } = useQuery({
    queryKey: QUERY_KEY,
    queryFn: async () => {
      try {
        return (await api(ApiKeysDocument)).apiKeys;
      } catch (failure) {
        await logoutIfAccessDenied(failure);
        throw failure;
      }
    },
  });
  const revoke = useAction((key: ApiKey) => api(RevokeApiKeyDocument, { id: key.id }), {
    refresh: false,
    invalidate: [QUERY_KEY],
    success: 'support.integrations.api_keys.revoked_done',
    successArgs: ({ revokeApiKey }) => ({ name: revokeApiKey.name }),
  });

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="support.integrations.api_keys.title" />
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2, gap: 2 }}>
          <Typography variant="body2" color="text.secondary">
            {translate('support.integrations.api_keys.intro')}
          </Typography>
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)} sx={{ flexShrink: 0 }}>
            {translate('support.integrations.api_keys.create')}
          </Button>
        </Stack>
        {isPending && <LinearProgress />}
        {error && <Alert severity="error">{refusalText(error)}</Alert>}
        {data && data.length === 0 && <Typography>{translate('support.integrations.api_keys.empty')}</Typography>}
        {data && data.length > 0 && (
          <Table size="small" aria-label={translate('support.integrations.api_keys.title')}>
            <TableHead>
              <TableRow>
                {(['name', 'prefix', 'scopes', 'createdAt', 'lastUsedAt', 'status'] as const).map((field) => (
                  <TableCell key={field}>{translate(`support.integrations.api_keys.fields.${field}`)}</TableCell>
                ))}
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((key) => (
                <TableRow key={key.id} data-key-id={key.id} sx={key.revokedAt ? { opacity: 0.6 } : undefined}>
                  <TableCell>{key.name}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{`sk_${key.prefix}_…`}</TableCell>
                  <TableCell>
                    <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap' }}>
                      {key.scopes.map((scope) => (
                        <Chip key={scope} size="small" variant="outlined" label={scope} />
                      ))}
                    </Stack>
                  </TableCell>
                  <TableCell>{formatDate(key.createdAt)}</TableCell>
                  <TableCell>
                    {key.lastUsedAt ? formatDate(key.lastUsedAt) : translate('support.integrations.api_keys.never')}
                  </TableCell>
                  <TableCell>
                    {key.revokedAt ? (
                      <Chip
                        size="small"
                        label={translate('support.integrations.api_keys.revoked', { date: formatDate(key.revokedAt) })}
                      />
                    ) : (
                      <Chip size="small" color="success" label={translate('support.integrations.api_keys.active')} />
                    )}
                  </TableCell>
                  <TableCell align="right">
                    {!key.revokedAt && (
                      <Button
                        color="error"
                        size="small"
                        startIcon={<BlockIcon />}
                        onClick={() => setRevoking(key)}
                        aria-label={`${translate('support.integrations.api_keys.revoke')} ${key.name}`}
                      >
                        {translate('support.integrations.api_keys.revoke')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      <CreateKeyDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key, secret) => {
          setCreating(false);
          setCreated({ name: key.name, secret });
          notify('support.integrations.api_keys.created_done', { type: 'success', messageArgs: { name: key.name } });
          void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
        }}
      />
      <SecretDialog
        title={translate('support.integrations.secret.api_key_title', { name: created?.name ?? '' })}
        secret={created?.secret ?? null}
        onClose={() => setCreated(null)}
      />
      <Confirm
        isOpen={revoking !== null}
        loading={revoke.busy}
        title={translate('support.integrations.api_keys.revoke_title', { name: revoking?.name ?? '' })}
        content={translate('support.integrations.api_keys.revoke_content')}
        confirm="support.integrations.api_keys.revoke"
        confirmColor="warning"
        onConfirm={async () => {
          if (revoking) await revoke.run(revoking);
          setRevoking(null);
        }}
        onClose={() => setRevoking(null)}
      />
    </Card>
  );
}
