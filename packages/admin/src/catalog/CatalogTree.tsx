import { useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  Box,
  Button,
  Chip,
  IconButton,
  LinearProgress,
  List as MuiList,
  ListItem,
  Paper,
  Stack,
  Tooltip,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import DragIndicatorIcon from '@mui/icons-material/DragIndicator';
import EditIcon from '@mui/icons-material/Edit';
import {
  CreateButton,
  List,
  TopToolbar,
  useCreatePath,
  useListContext,
  useLocaleState,
  useTranslate,
} from 'react-admin';
import { ReorderSupportCategoriesDocument, ReorderSupportProblemsDocument } from '@support/schema';
import { api } from '../api/graphql';
import { useAction } from '../api/action';
import type { CatalogCategory } from './dataProvider';
import { moveItem, useDragReorder, useIsAdmin } from './shared';

type Problem = CatalogCategory['problems'][number];

function useTitle() {
  const [locale] = useLocaleState();
  return (entry: { titleRu: string; titleEn: string }) => ({
    main: locale === 'en' ? entry.titleEn : entry.titleRu,
    other: locale === 'en' ? entry.titleRu : entry.titleEn,
  });
}

function MoveButtons({
  title,
  index,
  count,
  disabled,
  onMove,
}: {
  title: string;
  index: number;
  count: number;
  disabled: boolean;
  onMove: (from: number, to: number) => void;
}) {
  const translate = useTranslate();
  return (
    <>
      <IconButton
        size="small"
        aria-label={translate('support.catalog.move_up', { title })}
        disabled={disabled || index === 0}
        onClick={() => onMove(index, index - 1)}
      >
        <ArrowUpwardIcon fontSize="small" />
      </IconButton>
      <IconButton
        size="small"
        aria-label={translate('support.catalog.move_down', { title })}
        disabled={disabled || index === count - 1}
        onClick={() => onMove(index, index + 1)}
      >
        <ArrowDownwardIcon fontSize="small" />
      </IconButton>
    </>
  );
}

function DragHandle() {
  const translate = useTranslate();
  return (
    <Tooltip title={translate('support.catalog.drag')}>
      <DragIndicatorIcon fontSize="small" color="action" sx={{ cursor: 'grab', mr: 1 }} />
    </Tooltip>
  );
}

function EditLink({ id, title }: { id: string; title: string }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <IconButton
      size="small"
      component={Link}
      to={createPath({ resource: 'catalog', type: 'edit', id })}
      aria-label={translate('support.catalog.edit', { title })}
    >
      <EditIcon fontSize="small" />
    </IconButton>
  );
}

function ProblemChips({ problem }: { problem: Problem }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', justifyContent: 'flex-end' }}>
      {problem.isOther && <Chip size="small" variant="outlined" label={translate('support.catalog.chips.other')} />}
      <Chip
        size="small"
        color={problem.slaClass === 'URGENT' ? 'warning' : problem.slaClass === 'COMPLEX' ? 'secondary' : 'default'}
        label={translate(`support.catalog.sla_class.${problem.slaClass}`)}
      />
      {problem.urgentAvailable && (
        <Chip size="small" color="warning" variant="outlined" label={translate('support.catalog.chips.urgent')} />
      )}
      {problem.requiresOrderNumber && (
        <Chip size="small" variant="outlined" label={translate('support.catalog.chips.order_number')} />
      )}
      <Chip size="small" variant="outlined" label={translate(`support.catalog.audience.${problem.audience}`)} />
      {!problem.active && <Chip size="small" color="error" label={translate('support.catalog.chips.inactive')} />}
    </Stack>
  );
}

function CategoryCard({
  category,
  index,
  count,
  isAdmin,
  busy,
  onMoveCategory,
  onMoveProblems,
  rowProps,
}: {
  category: CatalogCategory;
  index: number;
  count: number;
  isAdmin: boolean;
  busy: boolean;
  onMoveCategory: (from: number, to: number) => void;
  onMoveProblems: (category: CatalogCategory, from: number, to: number) => void;
  rowProps: Record<string, unknown>;
}) {
  const translate = useTranslate();
  const titleOf = useTitle();
  const createPath = useCreatePath();
  const title = titleOf(category);
  // «Другое» stays last and out of the reorder; the others move among themselves.
  const movable = category.problems.filter((problem) => !problem.isOther);
  const fixed = category.problems.filter((problem) => problem.isOther);
  const problemDrag = useDragReorder(
    `problem-${category.id}`,
    (from, to) => onMoveProblems(category, from, to),
    isAdmin && !busy,
  );
  const problemRow = (problem: Problem, position: number | null) => {
    const problemTitle = titleOf(problem);
    return (
      <ListItem
        key={problem.id}
        divider
        data-testid="problem"
        data-id={problem.id}
        {...(position === null ? {} : problemDrag.rowProps(position))}
        sx={{
          gap: 1,
          opacity: problem.active ? 1 : 0.6,
          '&[data-drag-over="true"]': { bgcolor: 'action.hover' },
        }}
      >
        {isAdmin && (position === null ? <Box sx={{ width: 28 }} /> : <DragHandle />)}
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="body2" data-testid="problem-title">
            {problemTitle.main}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {problemTitle.other}
          </Typography>
        </Box>
        <ProblemChips problem={problem} />
        {isAdmin && (
          <Stack direction="row" sx={{ minWidth: 116, justifyContent: 'flex-end' }}>
            {position !== null && (
              <MoveButtons
                title={problemTitle.main}
                index={position}
                count={movable.length}
                disabled={busy}
                onMove={(from, to) => onMoveProblems(category, from, to)}
              />
            )}
            <EditLink id={problem.id} title={problemTitle.main} />
          </Stack>
        )}
      </ListItem>
    );
  };

  return (
    <Paper
      variant="outlined"
      data-testid="category"
      data-id={category.id}
      {...rowProps}
      sx={{ '&[data-drag-over="true"]': { borderColor: 'primary.main', borderWidth: 2 } }}
    >
      <Stack
        direction="row"
        spacing={1}
        sx={{
          alignItems: 'center',
          px: 2,
          py: 1,
          bgcolor: category.active ? 'action.selected' : 'action.disabledBackground',
        }}
      >
        {isAdmin && <DragHandle />}
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }} data-testid="category-title">
            {title.main}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {title.other}
          </Typography>
        </Box>
        <Chip size="small" variant="outlined" label={translate(`support.catalog.audience.${category.audience}`)} />
        {!category.active && <Chip size="small" color="error" label={translate('support.catalog.chips.inactive')} />}
        {isAdmin && (
          <>
            <MoveButtons title={title.main} index={index} count={count} disabled={busy} onMove={onMoveCategory} />
            <EditLink id={category.id} title={title.main} />
            <Button
              size="small"
              startIcon={<AddIcon />}
              component={Link}
              to={{
                pathname: createPath({ resource: 'catalog', type: 'create' }),
                search: `?source=${encodeURIComponent(JSON.stringify({ categoryId: category.id }))}`,
              }}
              aria-label={`${translate('support.catalog.add_problem')}: ${title.main}`}
            >
              {translate('support.catalog.add_problem')}
            </Button>
          </>
        )}
      </Stack>
      <MuiList dense disablePadding>
        {movable.map((problem, position) => problemRow(problem, position))}
        {fixed.map((problem) => problemRow(problem, null))}
      </MuiList>
    </Paper>
  );
}

/** The tree: categories in order, each with its problems; admins reorder by dragging or with the arrows. */
function CatalogTreeView() {
  const { data, isPending, refetch } = useListContext<CatalogCategory>();
  const { isAdmin } = useIsAdmin();
  const translate = useTranslate();
  // The new order, shown at once while the API saves it; dropped once the list is read again.
  const [optimistic, setOptimistic] = useState<CatalogCategory[] | null>(null);
  const reorder = useAction((write: () => Promise<unknown>) => write(), {
    refresh: false,
    success: 'support.catalog.reordered',
  });
  const busy = reorder.busy || optimistic !== null;
  const categories = optimistic ?? data ?? [];

  const save = async (next: CatalogCategory[], write: () => Promise<unknown>) => {
    setOptimistic(next);
    await reorder.run(write);
    await refetch();
    setOptimistic(null);
  };

  const moveCategory = (from: number, to: number) => {
    const next = moveItem(categories, from, to);
    void save(next, () => api(ReorderSupportCategoriesDocument, { ids: next.map((category) => category.id) }));
  };

  const moveProblems = (category: CatalogCategory, from: number, to: number) => {
    const movable = moveItem(
      category.problems.filter((problem) => !problem.isOther),
      from,
      to,
    );
    const problems = [...movable, ...category.problems.filter((problem) => problem.isOther)];
    const next = categories.map((entry) => (entry.id === category.id ? { ...entry, problems } : entry));
    void save(next, () =>
      api(ReorderSupportProblemsDocument, { categoryId: category.id, ids: movable.map((problem) => problem.id) }),
    );
  };

  const categoryDrag = useDragReorder('category', moveCategory, isAdmin && !busy);

  return (
    <Box sx={{ p: 2 }}>
      {!isAdmin && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('support.catalog.view_only')}
        </Alert>
      )}
      {(isPending || busy) && <LinearProgress sx={{ mb: 1 }} />}
      {!isPending && categories.length === 0 && (
        <Typography color="text.secondary">{translate('support.catalog.empty')}</Typography>
      )}
      <Stack spacing={2} data-testid="catalog-tree">
        {categories.map((category, index) => (
          <CategoryCard
            key={category.id}
            category={category}
            index={index}
            count={categories.length}
            isAdmin={isAdmin}
            busy={busy}
            onMoveCategory={moveCategory}
            onMoveProblems={moveProblems}
            rowProps={categoryDrag.rowProps(index)}
          />
        ))}
      </Stack>
    </Box>
  );
}

function TreeActions() {
  const { isAdmin } = useIsAdmin();
  return <TopToolbar>{isAdmin && <CreateButton label="support.catalog.add_category" />}</TopToolbar>;
}

export default function CatalogTree() {
  return (
    <List
      title="support.catalog.tree_title"
      pagination={false}
      perPage={1000}
      actions={<TreeActions />}
      disableSyncWithLocation
      empty={false}
    >
      <CatalogTreeView />
    </List>
  );
}
