import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
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
  });
  return cached;
}

/** The SDL clients are written against: sorted, so that diffs show real changes only. */
export async function printApiSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
