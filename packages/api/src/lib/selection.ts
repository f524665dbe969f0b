import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `path` below the field being resolved (through fragments too), e.g.
 * `['nodes', 'lastMessage']` under a connection: lets a list resolver read what the fields below will need in
 * its own statement instead of one more.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return fieldsUnder(info, path) !== null;
}

/**
 * The names of the fields the operation selects directly below `path` (through fragments and every occurrence of
 * the path; empty for a leaf), or null when it does not select `path` at all: lets a list read only the columns its
 * selection shows (`['nodes', 'customer']` → `{ id, displayName }`).
 */
export function fieldsUnder(info: GraphQLResolveInfo, path: readonly string[]): Set<string> | null {
  let found: Set<string> | null = null;
  const collect = (set: SelectionSetNode | undefined, into: Set<string>) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) into.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, into);
      else collect(info.fragments[selection.name.value]?.selectionSet, into);
    }
  };
  const walk = (set: SelectionSetNode | undefined, rest: readonly string[]): void => {
    if (rest.length === 0) {
      collect(set, (found ??= new Set()));
      return;
    }
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === rest[0]) walk(selection.selectionSet, rest.slice(1));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, rest);
      else walk(info.fragments[selection.name.value]?.selectionSet, rest);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, path);
  return found;
}
