import { List, type ListProps } from 'react-admin';

/**
 * Every resource list of the panel. What the browser's Back means on a list is the same everywhere
 * (docs/decisions.md, 2026-11-30): typing or choosing a filter, sorting and paging do not add history entries, so Back
 * leaves the list for the page before it; the list keeps its filter, sort and page for the session (react-admin's
 * store), so coming back to it — Back from a record, or the menu — shows it as it was left.
 */
export function ResourceList({ resource, ...props }: ListProps & { resource: string }) {
  return <List resource={resource} disableSyncWithLocation storeKey={`${resource}.listParams`} {...props} />;
}
