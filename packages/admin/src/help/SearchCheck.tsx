import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  TextField,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { SearchHelpDocument } from '@support/schema';
import { api } from '../api/graphql';
import { useRefusalText } from '../api/action';

/**
 * Runs the customers' search (searchHelp: published articles, Russian word forms) so that staff can check that an
 * article is found by the words customers use. `articleId` marks the article being edited among the hits.
 */
export function SearchCheck({ articleId }: { articleId?: string }) {
  const translate = useTranslate();
  const refusalText = useRefusalText();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const { data, error, isFetching } = useQuery({
    queryKey: ['searchHelp', query],
    queryFn: async () => (await api(SearchHelpDocument, { query, first: 5 })).searchHelp,
    enabled: query.length > 0,
    staleTime: 0,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setQuery(text.trim());
  };
  return (
    <Card variant="outlined" component="section" aria-label={translate('support.help.search.title')}>
      <CardContent>
        <Typography variant="subtitle1" component="h2">
          {translate('support.help.search.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('support.help.search.hint')}
        </Typography>
        {/* Not a <form>: it may sit inside the article's form. */}
        <Box sx={{ display: 'flex', gap: 1 }} onKeyDown={(event) => event.key === 'Enter' && submit(event)}>
          <TextField
            size="small"
            fullWidth
            label={translate('support.help.search.query')}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <Button variant="outlined" onClick={submit} disabled={!text.trim()}>
            {translate('support.help.search.run')}
          </Button>
        </Box>
        {isFetching && <LinearProgress sx={{ mt: 1 }} />}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {refusalText(error)}
          </Alert>
        )}
        {data && data.length === 0 && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            {translate('support.help.search.none')}
          </Typography>
        )}
        {data && data.length > 0 && (
          <List dense aria-label={translate('support.help.search.title')}>
            {data.map((hit) => (
              <ListItem key={hit.id} disableGutters divider data-article-id={hit.id}>
                <ListItemText
                  primary={
                    <>
                      {hit.title}
                      {hit.id === articleId && (
                        <Chip
                          size="small"
                          color="primary"
                          sx={{ ml: 1 }}
                          label={translate('support.help.search.this_article')}
                        />
                      )}
                    </>
                  }
                  secondary={`${hit.snippet} · ${translate('support.help.search.rank', { rank: hit.rank.toFixed(3) })}`}
                />
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
}
