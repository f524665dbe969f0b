import { useState } from 'react';
import {
  Alert,
  Button,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Grid,
  LinearProgress,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { Confirm, Show, useRecordContext, useTranslate } from 'react-admin';
import {
  DecideCardApplicationDocument,
  ResetCodeWordDocument,
  VerifyCodeWordDocument,
  type CardDecision,
} from '@support/schema';
import { api } from '../api/graphql';
import type { CardRecord } from './dataProvider';
import { CardStatusChip } from './shared';
import { useAction } from '../api/action';
import { useFormatDate } from '../format';
import { Field } from '../components/Field';
import { Section } from '../components/Section';
import { formatPhone } from '../phone';
import { SENIOR_AND_ADMIN, useHasRole } from '../roles';

/** Who may decide applications and reset code words (the API's rule: senior agents and admins). */
const useCanDecide = (): boolean => useHasRole(SENIOR_AND_ADMIN).allowed;

function CardFields({ card }: { card: CardRecord }) {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  return (
    <Grid container spacing={2}>
      <Field label="support.cards.fields.status">
        <CardStatusChip status={card.status} />
      </Field>
      <Field label="support.cards.fields.phone">{formatPhone(card.phone)}</Field>
      <Field label="support.cards.fields.email">{card.email}</Field>
      <Field label="support.cards.fields.createdAt">{formatDate(card.createdAt)}</Field>
      <Field label="support.cards.fields.codeWord">
        <span data-testid="code-word-state">
          {translate(card.codeWordSet ? 'support.cards.code_word.set' : 'support.cards.code_word.not_set')}
        </span>
      </Field>
      {card.codeWordResetAt && (
        <Field label="support.cards.fields.codeWordResetAt">
          {translate('support.cards.code_word.reset_by', {
            date: formatDate(card.codeWordResetAt),
            name: card.codeWordResetBy ?? '—',
          })}
        </Field>
      )}
      {card.rejectionReason && <Field label="support.cards.fields.rejectionReason">{card.rejectionReason}</Field>}
    </Grid>
  );
}

function Decision({ card }: { card: CardRecord }) {
  const translate = useTranslate();
  const canDecide = useCanDecide();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const { run, busy } = useAction(
    ({ decision, why = null }: { decision: CardDecision; why?: string | null }) =>
      api(DecideCardApplicationDocument, { id: card.id, decision, reason: why }),
    { success: (_, { decision }) => `support.cards.decision.${decision.toLowerCase()}` },
  );
  const decide = (decision: CardDecision, why: string | null = null) => run({ decision, why });

  if (!canDecide) return <Alert severity="info">{translate('support.cards.decision.not_allowed')}</Alert>;
  if (card.status === 'REJECTED' || card.status === 'ISSUED')
    return <Typography color="text.secondary">{translate('support.cards.decision.final')}</Typography>;
  return (
    <>
      <Stack direction="row" spacing={1}>
        {card.status === 'SUBMITTED' && (
          <>
            <Button variant="contained" color="success" disabled={busy} onClick={() => void decide('APPROVED')}>
              {translate('support.cards.decision.approve')}
            </Button>
            <Button variant="outlined" color="error" disabled={busy} onClick={() => setRejecting(true)}>
              {translate('support.cards.decision.reject')}
            </Button>
          </>
        )}
        {card.status === 'APPROVED' && (
          <Button variant="contained" disabled={busy} onClick={() => void decide('ISSUED')}>
            {translate('support.cards.decision.issue')}
          </Button>
        )}
      </Stack>
      <Dialog open={rejecting} onClose={() => setRejecting(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('support.cards.decision.reject_title')}</DialogTitle>
        <DialogContent>
          <TextField
            label={translate('support.cards.decision.reason')}
            helperText={translate('support.cards.decision.reason_hint')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            required
            multiline
            minRows={2}
            fullWidth
            sx={{ mt: 1 }}
            slotProps={{ htmlInput: { maxLength: 500 } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRejecting(false)}>{translate('support.cards.decision.cancel')}</Button>
          <Button
            variant="contained"
            color="error"
            disabled={busy || !reason.trim()}
            onClick={async () => {
              if (await decide('REJECTED', reason.trim())) setRejecting(false);
            }}
          >
            {translate('support.cards.decision.reject')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/** Checks a word a caller says; shows only whether it matched. The word is cleared after each check. */
function VerifyCodeWord({ card }: { card: CardRecord }) {
  const translate = useTranslate();
  const [word, setWord] = useState('');
  const [matched, setMatched] = useState<boolean | null>(null);
  // The result is shown by the field only (a notice would outlive the call); the word is cleared either way.
  const { run, busy, refusal } = useAction(
    (codeWord: string) => api(VerifyCodeWordDocument, { userId: card.userId, codeWord }),
    { refresh: false, notifyRefusal: false, onSuccess: ({ verifyCodeWord }) => setMatched(verifyCodeWord) },
  );

  if (!card.codeWordSet) return <Alert severity="info">{translate('support.cards.verify.none')}</Alert>;

  const check = async () => {
    setMatched(null);
    const codeWord = word;
    setWord('');
    await run(codeWord);
  };
  const outcome: { severity: 'success' | 'error' | 'warning'; text: string } | null = refusal
    ? { severity: 'warning', text: refusal }
    : matched === null
      ? null
      : matched
        ? { severity: 'success', text: translate('support.cards.verify.matched') }
        : { severity: 'error', text: translate('support.cards.verify.mismatched') };

  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary">
        {translate('support.cards.verify.hint')}
      </Typography>
      <Stack
        direction="row"
        spacing={1}
        component="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (word.trim() && !busy) void check();
        }}
      >
        <TextField
          label={translate('support.cards.verify.input')}
          value={word}
          onChange={(event) => setWord(event.target.value)}
          size="small"
          autoComplete="off"
          slotProps={{ htmlInput: { spellCheck: false, maxLength: 64 } }}
          sx={{ minWidth: 320 }}
        />
        <Button type="submit" variant="contained" disabled={busy || !word.trim()}>
          {translate('support.cards.verify.check')}
        </Button>
      </Stack>
      {outcome && (
        <Alert severity={outcome.severity} data-testid="code-word-result">
          {outcome.text}
        </Alert>
      )}
    </Stack>
  );
}

function ResetCodeWord({ card }: { card: CardRecord }) {
  const translate = useTranslate();
  const [confirming, setConfirming] = useState(false);
  const { run, busy } = useAction(() => api(ResetCodeWordDocument, { userId: card.userId }), {
    success: 'support.cards.reset.done',
  });
  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary">
        {translate('support.cards.reset.hint')}
      </Typography>
      <div>
        <Button variant="outlined" color="warning" disabled={busy} onClick={() => setConfirming(true)}>
          {translate('support.cards.reset.button')}
        </Button>
      </div>
      <Confirm
        isOpen={confirming}
        loading={busy}
        title="support.cards.reset.confirm_title"
        content="support.cards.reset.confirm_content"
        onConfirm={async () => {
          await run();
          setConfirming(false);
        }}
        onClose={() => setConfirming(false)}
      />
    </Stack>
  );
}

function CardView() {
  const card = useRecordContext<CardRecord>();
  const canDecide = useCanDecide();
  if (!card) return <LinearProgress sx={{ m: 2 }} />;
  return (
    <>
      <CardContent>
        <CardFields card={card} />
      </CardContent>
      <Stack spacing={2} sx={{ p: 2, pt: 0 }}>
        <Section title="support.cards.decision.title">
          <Decision card={card} />
        </Section>
        <Section title="support.cards.verify.title">
          <VerifyCodeWord card={card} />
        </Section>
        {canDecide && card.codeWordSet && (
          <Section title="support.cards.reset.title">
            <ResetCodeWord card={card} />
          </Section>
        )}
      </Stack>
    </>
  );
}

/** The page title (react-admin's own would repeat the resource name before it). */
function CardTitle() {
  const card = useRecordContext<CardRecord>();
  const translate = useTranslate();
  return <>{card ? translate('support.cards.title_one', { phone: formatPhone(card.phone) }) : ''}</>;
}

export default function CardShow() {
  return (
    <Show resource="cards" actions={false} title={<CardTitle />}>
      <CardView />
    </Show>
  );
}
