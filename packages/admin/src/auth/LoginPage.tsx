import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Box, Button, CardContent, CircularProgress, Link, TextField, Typography } from '@mui/material';
import { LocalesMenuButton, Login, useLogin, useTranslate } from 'react-admin';
import { useRefusalText } from '../api/action';
import { isApiError } from '../api/client';
import { requestLoginCode, type LoginChallenge } from './authProvider';
import { developmentTools } from '../modules';
import { toE164 } from '../phone';

/**
 * Refusals after which the code just entered can be corrected and sent again; any other one starts over. Their words
 * come from `useRefusalText('auth')`: the login's own sentence for a code (`support.auth.errors.<CODE>`), else the
 * panel's one table.
 */
const RETRYABLE = new Set(['LOGIN_CODE_INVALID', 'BAD_USER_INPUT', 'NETWORK_ERROR']);

/** The code of a failed step: the API's, or UNKNOWN for anything else (never an exception's English). */
const codeOf = (error: unknown): string => (isApiError(error) ? error.code : 'UNKNOWN');

/** Seconds left until `until` (ms since the epoch), ticking every second. */
function useSecondsLeft(until: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (until <= Date.now()) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** Staff login: phone number, then the code sent by SMS. */
export function LoginPage() {
  const translate = useTranslate();
  const login = useLogin();
  const [phone, setPhone] = useState('');
  const [challenge, setChallenge] = useState<LoginChallenge | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  // A new code for the same phone can be asked for only after a cooldown (the API says when).
  const [cooldown, setCooldown] = useState({ phone: '', until: 0 });
  const secondsLeft = useSecondsLeft(cooldown.until);
  const resendIn = cooldown.phone === phone ? secondsLeft : 0;
  const wait = translate(resendIn < 120 ? 'support.auth.wait_seconds' : 'support.auth.wait_minutes', {
    seconds: resendIn,
    minutes: Math.ceil(resendIn / 60),
  });
  // The rate limit message counts down with the button, and goes once a new code can be asked for.
  const shownError = isApiError(error, 'RATE_LIMITED') && resendIn === 0 ? null : error;
  const refusalText = useRefusalText('auth');
  const errorText = (failure: unknown): string => {
    // A malformed value is the field of the step the person is on: the phone, then the code.
    if (isApiError(failure, 'BAD_USER_INPUT'))
      return translate(challenge ? 'support.auth.errors.code_format' : 'support.auth.errors.invalid_phone');
    if (failure instanceof Error && failure.message.startsWith('support.')) return translate(failure.message);
    return isApiError(failure) ? refusalText(failure, { wait }) : translate('support.auth.errors.UNKNOWN');
  };

  const sendCode = async () => {
    setLoading(true);
    setError(null);
    try {
      const sent = await requestLoginCode(phone);
      setChallenge(sent);
      setCode('');
      setCooldown({ phone, until: Date.parse(sent.resendAvailableAt) });
    } catch (failure) {
      if (isApiError(failure, 'RATE_LIMITED')) {
        const retryAfterSeconds = Number(failure.extensions['retryAfterSeconds']) || 60;
        setCooldown({ phone, until: Date.now() + retryAfterSeconds * 1000 });
      }
      setError(failure);
    } finally {
      setLoading(false);
    }
  };

  const verifyCode = async () => {
    if (!challenge) return;
    setLoading(true);
    setError(null);
    try {
      await login({ challengeId: challenge.id, code });
    } catch (failure) {
      // The code cannot be used any more (or the account was refused): start over with the phone.
      if (!RETRYABLE.has(codeOf(failure))) setChallenge(null);
      setError(failure);
      setLoading(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void (challenge ? verifyCode() : sendCode());
  };

  const changePhone = () => {
    setChallenge(null);
    setCode('');
    setError(null);
  };

  return (
    <Login>
      <Box component="form" onSubmit={submit} noValidate sx={{ width: 340 }}>
        <CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <Typography variant="h6" component="h1" align="center">
            {translate('support.auth.title')}
          </Typography>
          {shownError !== null && (
            <Alert severity="error" role="alert">
              {errorText(shownError)}
            </Alert>
          )}
          {challenge ? (
            <>
              <Typography variant="body2">{translate('support.auth.code_sent', { phone })}</Typography>
              <TextField
                autoFocus
                label={translate('support.auth.code')}
                value={code}
                onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, challenge.codeLength))}
                autoComplete="one-time-code"
                slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: challenge.codeLength } }}
                required
                fullWidth
              />
              <Button
                type="submit"
                variant="contained"
                disabled={loading || code.length !== challenge.codeLength}
                fullWidth
              >
                {loading ? <CircularProgress size={19} thickness={3} /> : translate('support.auth.sign_in')}
              </Button>
              <Box sx={{ display: 'flex', justifyContent: 'space-between' }}>
                <Button size="small" onClick={changePhone} disabled={loading}>
                  {translate('support.auth.change_phone')}
                </Button>
                <Button size="small" onClick={() => void sendCode()} disabled={loading || resendIn > 0}>
                  {resendIn > 0 ? translate('support.auth.resend_in', { wait }) : translate('support.auth.resend')}
                </Button>
              </Box>
              {developmentTools && (
                <Typography variant="caption" color="text.secondary">
                  {translate('support.auth.dev_outbox')}{' '}
                  <Link href={`/dev/outbox?to=${encodeURIComponent(toE164(phone))}`} target="_blank" rel="noopener">
                    /dev/outbox
                  </Link>
                </Typography>
              )}
            </>
          ) : (
            <>
              <TextField
                autoFocus
                label={translate('support.auth.phone')}
                helperText={translate('support.auth.phone_hint')}
                value={phone}
                onChange={(event) => setPhone(event.target.value)}
                type="tel"
                autoComplete="tel"
                required
                fullWidth
              />
              <Button type="submit" variant="contained" disabled={loading || !phone.trim() || resendIn > 0} fullWidth>
                {loading ? (
                  <CircularProgress size={19} thickness={3} />
                ) : resendIn > 0 ? (
                  translate('support.auth.send_code_in', { wait })
                ) : (
                  translate('support.auth.send_code')
                )}
              </Button>
            </>
          )}
          <Box sx={{ display: 'flex', justifyContent: 'center' }}>
            <LocalesMenuButton />
          </Box>
        </CardContent>
      </Box>
    </Login>
  );
}
