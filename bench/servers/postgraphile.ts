/**
 * The read path's peer (issue 18): PostGraphile v5 (grafast) over the same database, the GraphQL server a team would
 * get without writing one. The amber preset with `makePgService` (a pool of the API's size, `DATABASE_POOL_SIZE`,
 * default 20; PostGraphile's own prepared statements), served over node:http by grafserv, in production mode: no
 * GraphiQL, no explain, no watch, GRAPHILE_ENV=production.
 *
 * Its schema is PostGraphile's own reflection of the public schema, plus one table condition (`statusIn`, the
 * documented `addPgTableCondition` way to filter by a list), since the amber preset's conditions test equality only.
 * bench/scenarios/read.ts sends it the natural PostGraphile queries for the API's two list operations (`allTickets`
 * with `condition` and `orderBy: ID_DESC`, the relations by foreign key, the last public message as
 * `ticketMessagesByTicketId(first: 1, orderBy: ID_DESC, condition: { internal: false })`).
 *
 * Authentication as in raw.ts: every request's bearer token is verified with the API's own code, in the grafast
 * context callback; an operation named MyTickets must scope itself to the token's user (`$customerId` equals the
 * token's user id) and StaffTickets needs a staff role, or the request is refused. No pgSettings, so no
 * transaction and set_config per request (PostGraphile's JWT/RLS way would cost PostgreSQL more).
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { grafserv } from 'postgraphile/grafserv/node';
import { addPgTableCondition } from 'postgraphile/utils';
import { listOfCodec, TYPES } from 'postgraphile/@dataplan/pg';
import { AUTH_SECRET, importApi } from '../lib/common.ts';
import { serveIpc } from './ipc.ts';

type Claims = { userId: string; sessionId: string; roles: string[] };
const { deriveKeys, verifyAccessToken } = await importApi<{
  deriveKeys(secret: string): { accessToken: Uint8Array };
  verifyAccessToken(key: Uint8Array, token: string): Promise<Claims | null>;
}>('modules/identity/tokens.js');

const keys = deriveKeys(AUTH_SECRET);
const STAFF = ['AGENT', 'SENIOR_AGENT', 'ADMIN'];

/** `TicketCondition.statusIn: [String!]`: `status = any($1::text[])`, as raw.ts filters the staff list. */
const StatusInPlugin = addPgTableCondition(
  { schemaName: 'public', tableName: 'ticket' },
  'statusIn',
  (build) => ({ type: new build.graphql.GraphQLList(new build.graphql.GraphQLNonNull(build.graphql.GraphQLString)) }),
  (value, { sql, sqlTableAlias, sqlValueWithCodec }) =>
    value === null || value === undefined
      ? null
      : sql`${sqlTableAlias}.status = any(${sqlValueWithCodec(value, listOfCodec(TYPES.text))})`,
);

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [StatusInPlugin],
  // Every column a condition can test, as v4's default (ignoreIndexes): the last public message is found by
  // `internal`, which has no index of its own (the message's ticket and id do: ticket_message_ticket_id_id_index).
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [
    makePgService({
      connectionString: process.env['DATABASE_URL'],
      schemas: ['public'],
      poolConfig: { max: Number(process.env['DATABASE_POOL_SIZE'] ?? 20) },
      pubsub: false,
    }),
  ],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false, websockets: false },
  grafast: {
    explain: false,
    async context(requestContext, args) {
      const header = requestContext.node?.req.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const viewer = token ? await verifyAccessToken(keys.accessToken, token) : null;
      if (!viewer) throw new Error('UNAUTHENTICATED');
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      if (args.operationName === 'MyTickets' && variables['customerId'] !== viewer.userId) throw new Error('FORBIDDEN');
      if (args.operationName === 'StaffTickets' && !viewer.roles.some((role) => STAFF.includes(role)))
        throw new Error('FORBIDDEN');
      if (args.operationName !== 'MyTickets' && args.operationName !== 'StaffTickets') throw new Error('FORBIDDEN');
      return {};
    },
  },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.keepAliveTimeout = 65_000;
await serv.addTo(server, false);
await pgl.getSchema(); // introspect and build before the bench sends anything
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
serveIpc(typeof address === 'object' && address ? address.port : 0, async () => {
  server.closeAllConnections();
  server.close();
  await pgl.release();
});
