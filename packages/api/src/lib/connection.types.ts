import { Max, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { PAGE_DEFAULT, PAGE_MAX, type Connection, type PageInfo } from './connection.js';
import { CursorScalar, type CursorValue } from './scalars.js';

/** The GraphQL side of the one list shape (lib/connection.ts builds the pages): PageInfo, paging arguments, the factory. */

@ObjectType('PageInfo', { description: 'Where a page of a list stands (Relay’s names).' })
export class PageInfoType implements PageInfo {
  @Field(() => CursorScalar, {
    nullable: true,
    description: 'The first node’s cursor (null: an empty page); pass as `before` for the page before it.',
  })
  startCursor!: string | null;

  @Field(() => CursorScalar, {
    nullable: true,
    description: 'The last node’s cursor (null: an empty page); pass as `after` for the page after it.',
  })
  endCursor!: string | null;

  @Field(() => Boolean, {
    description:
      'More nodes follow the last one. Reading backwards (`last`/`before`): true when the page ends before a cursor.',
  })
  hasNextPage!: boolean;

  @Field(() => Boolean, {
    description:
      'More nodes come before the first one. Reading forwards (`first`/`after`): true when the page starts after a cursor.',
  })
  hasPreviousPage!: boolean;
}

@ArgsType()
export class ForwardPageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size, 1 to ${PAGE_MAX} (default ${PAGE_DEFAULT}): the nodes after \`after\`, in the list’s order.`,
  })
  @Min(1)
  @Max(PAGE_MAX)
  first?: number | null;

  @Field(() => CursorScalar, {
    nullable: true,
    description: 'The page starts after this cursor (`pageInfo.endCursor`).',
  })
  after?: CursorValue | null;
}

@ArgsType()
export class PageArgs extends ForwardPageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size, 1 to ${PAGE_MAX}, reading backwards: the last nodes before \`before\`, still in the list’s order.`,
  })
  @Min(1)
  @Max(PAGE_MAX)
  last?: number | null;

  @Field(() => CursorScalar, {
    nullable: true,
    description: 'The page ends before this cursor (`pageInfo.startCursor`).',
  })
  before?: CursorValue | null;
}

/**
 * A list's connection type, in one line: `export const TicketConnection = connectionType('Ticket', TicketType, …)`.
 * `totalCount` says why counting this list is cheap (it becomes `totalCount: Int!` with that description), or is
 * false when a count would cost more than the page (then the type has no `totalCount`).
 */
export function connectionType<T extends object>(
  name: string,
  node: ClassType<T>,
  options: { description: string; totalCount: string | false },
): ClassType<Connection<T>> {
  @ObjectType(`${name}Connection`, {
    description: `${options.description} ${options.totalCount === false ? 'No `totalCount`: counting this list would cost more than a page; page until `hasNextPage` is false.' : '`totalCount` is the number of nodes in the whole list (all pages).'}`,
  })
  class ConnectionType {
    @Field(() => [node])
    nodes!: T[];

    @Field(() => PageInfoType)
    pageInfo!: PageInfoType;
  }
  if (options.totalCount !== false) {
    // The page's count is a promise, run only when asked for: read through a resolver (src/schema.ts).
    Field(() => Int, { description: options.totalCount, simple: false })(ConnectionType.prototype, 'totalCount');
  }
  return ConnectionType as unknown as ClassType<Connection<T>>;
}
