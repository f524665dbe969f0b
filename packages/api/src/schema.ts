import 'reflect-metadata';
import { isObjectType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './lib/auth-checker.js';
import { DateTimeScalar } from './lib/scalars.js';
import { SystemResolver } from './modules/system/system.resolver.js';
import { IdentityResolver } from './modules/identity/identity.resolver.js';
import { CatalogResolver } from './modules/catalog/catalog.resolver.js';
import { HotlineResolver } from './modules/hotline/hotline.resolver.js';
import { TicketResolver } from './modules/tickets/ticket.resolver.js';
import { EventsResolver } from './modules/ticket-events/events.resolver.js';
import { IntegrationsResolver } from './modules/integrations/integrations.resolver.js';
import { WalletResolver, WithdrawalResolver } from './modules/wallet/wallet.resolver.js';
import { ChatResolver } from './modules/chat/chat.resolver.js';
import { UserListResolver } from './modules/identity/user-list.resolver.js';
import { DashboardResolver } from './modules/dashboard/dashboard.resolver.js';

// The explicit list of resolvers, one line per domain module.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const resolvers: NonEmptyArray<Function> = [
  SystemResolver,
  IdentityResolver,
  CatalogResolver,
  HotlineResolver,
  TicketResolver,
  EventsResolver,
  IntegrationsResolver,
  WalletResolver,
  WithdrawalResolver,
  ChatResolver,
  UserListResolver,
  DashboardResolver,
];

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the executable schema once per process. */
export function buildApiSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    // Instants are parsed by the project's own DateTimeISO (the same rules for literals and variables, with a range).
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Declared rules are checked once, with every other input rule, by the input boundary (lib/input-boundary.ts)
    // before anything runs; type-graphql's own pass during execution would be a second, later answer.
    validate: false,
    // Every subscription here brings its own `subscribe` (the event stream reads the outbox), so type-graphql's
    // topic-based pub/sub is never used; it insists on one being configured, so this one refuses to be used.
    pubSub: {
      publish: () => {
        throw new Error('use the subscription’s own subscribe function; topics are not used');
      },
      subscribe: () => {
        throw new Error('use the subscription’s own subscribe function; topics are not used');
      },
    },
  }).then(plainFieldsAsProperties);
  return cached;
}

/**
 * Plain fields are read as properties. type-graphql gives every field of an object type a resolver of its own, even
 * a plain property with no `@Authorized`, middleware or resolver method (a wrapper that allocates its arguments and
 * returns `root[name]`); each such resolver makes graphql-jit call it through its resolver path instead of reading
 * the property inline: 30 fields on each of 25 tickets is 750 calls a page (issue 18). Those fields' resolvers are
 * removed, so both executors read the property (graphql-js's default resolver, graphql-jit inline), the same value.
 * A field with roles, middlewares (none are global here), a resolver method, or a GraphQL name other than its
 * property's keeps type-graphql's resolver, and so does a field declared `simple: false`: one whose value may be a
 * promise (a lazy `totalCount`), which graphql-jit reads inline only when it is a plain value.
 */
type FieldMetadata = ReturnType<typeof getMetadataStorage>['fields'][number];

function plainFieldsAsProperties(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const classes = [...storage.objectTypes, ...storage.interfaceTypes];
  const ownFields = new Map<unknown, FieldMetadata[]>(classes.map((type) => [type.target, type.fields ?? []]));
  const interfacesOf = new Map<unknown, unknown[]>(
    storage.objectTypes.map((type) => [type.target, type.interfaceClasses ?? []]),
  );
  for (const type of storage.objectTypes) {
    const graphqlType = schema.getType(type.name);
    if (!isObjectType(graphqlType)) continue;
    // The class, its superclasses and the interfaces of each: where type-graphql took this type's fields from.
    const lineage: unknown[] = [];
    for (let target: unknown = type.target; typeof target === 'function' && target !== Function.prototype;) {
      lineage.push(target, ...(interfacesOf.get(target) ?? []));
      target = Object.getPrototypeOf(target);
    }
    const resolved = new Set(
      storage.fieldResolvers
        .filter((resolver) => lineage.includes(resolverObjectType(resolver)))
        .map((resolver) => resolver.schemaName),
    );
    for (const [name, field] of Object.entries(graphqlType.getFields())) {
      if (!field.resolve || resolved.has(name)) continue;
      const metadata = lineage.flatMap((target) => ownFields.get(target) ?? []).find((f) => f.schemaName === name);
      if (
        !metadata ||
        metadata.simple === false ||
        metadata.name !== name ||
        metadata.roles !== undefined ||
        metadata.middlewares?.length !== 0
      )
        continue;
      field.resolve = undefined;
    }
  }
  return schema;
}

/** The object type a resolver method belongs to (a `@FieldResolver` in a resolver class, or a method of the type). */
function resolverObjectType(resolver: { target: unknown; getObjectType?: () => unknown }): unknown {
  try {
    return resolver.getObjectType?.() ?? resolver.target;
  } catch {
    return undefined;
  }
}

/** The SDL clients are written against: sorted, so that diffs show real changes only. */
export async function printApiSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
