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

/** Each resolver class's one instance, made on first use: type-graphql's and the direct field resolvers' (below). */
const instances = new Map<unknown, object>();
const resolverInstance = (target: new () => object): object => {
  let instance = instances.get(target);
  if (!instance) instances.set(target, (instance = new target()));
  return instance;
};

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
    container: { get: resolverInstance },
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
  }).then((schema) => directFieldResolvers(plainFieldsAsProperties(schema)));
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

/**
 * Field resolver methods are called directly. type-graphql calls each through a wrapper that, on every call, sorts
 * the method's parameter list (a new array: 7% of the memory a staff page allocated), builds an object for its
 * arguments and maps each parameter; a page of 25 tickets makes 100 such calls (issue 18). A `@FieldResolver` with no
 * roles and no middleware whose parameters are only its parent (`@Root`), the context (`@Ctx`) and `@Info` is called
 * with those, on the same resolver instance. A parent that is not an instance of the type `@Root` declares goes
 * through type-graphql's wrapper (which copies it into one), and so does every other field resolver.
 */
function directFieldResolvers(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  for (const resolver of storage.fieldResolvers) {
    if (resolver.kind !== 'external' || resolver.roles !== undefined || resolver.middlewares?.length !== 0) continue;
    const typeName = storage.objectTypes.find((type) => type.target === resolverObjectType(resolver))?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = isObjectType(type) ? type.getFields()[resolver.schemaName] : undefined;
    const params = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index);
    if (!field?.resolve || params.some((param, index) => param.index !== index)) continue;
    const read: ReadParam[] = [];
    let parentType: unknown;
    for (const param of params) {
      if (param.kind === 'root' && !param.propertyName) {
        parentType = param.getType?.();
        read.push((root) => root);
      } else if (param.kind === 'context') {
        const property = param.propertyName;
        read.push(property ? (_, context) => (context as Record<string, unknown>)[property] : (_, context) => context);
      } else if (param.kind === 'info') read.push((_root, _context, info) => info);
      else break;
    }
    if (read.length !== params.length || (parentType !== undefined && typeof parentType !== 'function')) continue;
    const instance = resolverInstance(resolver.target as new () => object) as Record<string, unknown>;
    const method = instance[resolver.methodName] as (...args: unknown[]) => unknown;
    const wrapped = field.resolve;
    const Parent = parentType as (new () => object) | undefined;
    const call = callWith(instance, method, read);
    field.resolve = (root, args, context, info) =>
      Parent && !(root instanceof Parent) ? wrapped(root, args, context, info) : call(root, context, info);
  }
  return schema;
}

type ReadParam = (root: unknown, context: unknown, info: unknown) => unknown;

/** `method` on `instance` with its parameters read by `read`, without an array per call for up to three. */
function callWith(instance: object, method: (...args: unknown[]) => unknown, read: ReadParam[]): ReadParam {
  const [a, b, c] = read;
  if (read.length === 0) return () => method.call(instance);
  if (read.length === 1) return (root, context, info) => method.call(instance, a!(root, context, info));
  if (read.length === 2)
    return (root, context, info) => method.call(instance, a!(root, context, info), b!(root, context, info));
  if (read.length === 3)
    return (root, context, info) =>
      method.call(instance, a!(root, context, info), b!(root, context, info), c!(root, context, info));
  return (root, context, info) =>
    method.apply(
      instance,
      read.map((param) => param(root, context, info)),
    );
}
