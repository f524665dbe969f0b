import { Alert, Box, Paper, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/** The search snippet and the chat bot's suggestion show the start of the body, as the API cuts it. */
const SNIPPET_LENGTH = 200;

export interface PreviewArticle {
  title?: unknown;
  body?: unknown;
  published?: unknown;
}

/**
 * The article as the customer app shows it: the API keeps the body as plain text with line breaks, so it is shown
 * as text (never as HTML), with its breaks kept; and the start of it as the chat bot suggests the article.
 */
export function HelpPreview({ article }: { article: PreviewArticle }) {
  const translate = useTranslate();
  const title = typeof article.title === 'string' ? article.title.trim() : '';
  const body = typeof article.body === 'string' ? article.body.trim() : '';
  const published = article.published !== false;
  return (
    <Box component="section" aria-label={translate('support.help.preview.title')} data-testid="help-preview">
      <Typography variant="subtitle1" component="h2" sx={{ mb: 1 }}>
        {translate('support.help.preview.title')}
      </Typography>
      {!published && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {translate('support.help.preview.draft')}
        </Alert>
      )}
      {/* A phone-sized screen of the customer app. */}
      <Paper
        variant="outlined"
        sx={{ maxWidth: 380, borderRadius: 4, overflow: 'hidden', opacity: published ? 1 : 0.7, mx: 'auto' }}
      >
        <Box sx={{ bgcolor: 'primary.main', color: 'primary.contrastText', px: 2, py: 1 }}>
          <Typography variant="subtitle2" component="div">
            {translate('support.help.preview.app_header')}
          </Typography>
        </Box>
        <Box sx={{ p: 2 }}>
          <Typography variant="h6" component="h3" sx={{ mb: 1, wordBreak: 'break-word' }}>
            {title || translate('support.help.preview.empty_title')}
          </Typography>
          <Typography
            variant="body2"
            component="div"
            data-testid="help-preview-body"
            sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', color: body ? 'text.primary' : 'text.disabled' }}
          >
            {body || translate('support.help.preview.empty_body')}
          </Typography>
        </Box>
      </Paper>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 2, mb: 1 }}>
        {translate('support.help.preview.bot')}
      </Typography>
      <Paper variant="outlined" sx={{ maxWidth: 380, mx: 'auto', p: 1.5, borderRadius: 3, bgcolor: 'action.hover' }}>
        <Typography variant="caption" color="text.secondary" component="div">
          {translate('support.help.preview.bot_intro')}
        </Typography>
        <Typography variant="subtitle2" component="div">
          {title || translate('support.help.preview.empty_title')}
        </Typography>
        <Typography variant="body2" sx={{ wordBreak: 'break-word' }}>
          {body.slice(0, SNIPPET_LENGTH)}
          {body.length > SNIPPET_LENGTH ? '…' : ''}
        </Typography>
      </Paper>
    </Box>
  );
}
