import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `path` below the field being resolved (through fragments too), e.g.
 * `['nodes', 'lastMessage']` under a connection: lets a list resolver read what the fields below will need in
 * its own statement instead of one more.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const within = (set: SelectionSetNode | undefined, rest: readonly string[]): boolean => {
    if (!set || rest.length === 0) return rest.length === 0;
    return set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD)
        return selection.name.value === rest[0] && within(selection.selectionSet, rest.slice(1)) === true;
      if (selection.kind === Kind.INLINE_FRAGMENT) return within(selection.selectionSet, rest);
      const fragment = info.fragments[selection.name.value];
      return fragment ? within(fragment.selectionSet, rest) : false;
    });
  };
  return info.fieldNodes.some((node) => within(node.selectionSet, path));
}
