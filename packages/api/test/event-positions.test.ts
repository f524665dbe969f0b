import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplyToTicketDocument, TicketEventsDocument, type TicketEventsSubscription } from '@support/schema';
import { print, type FormattedExecutionResult } from 'graphql';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { eventHead, execute, startTestServer, wsClient, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';
import { fileLateOrderTicket, makeApiKey } from './ticket-helpers.js';

let api: TestServer;
let key: string;
let ticketId: string;
let agentToken: string;

beforeAll(async () => {
  api = await startTestServer({ env: { EVENT_RETENTION_DAYS: '2' } });
  await seedCatalog(api.db.orm, api.config);
  const [admin, customer, agent] = await Promise.all([
    loginAs(api, ['ADMIN']),
    loginAs(api, ['CUSTOMER']),
    loginAs(api, ['AGENT']),
  ]);
  agentToken = agent.accessToken;
  ticketId = await fileLateOrderTicket(api, customer.accessToken, 'Заказ не пришёл.');
  key = await makeApiKey(api, admin.accessToken, ['tickets:read']);
});
afterAll(async () => {
  await api?.close();
});

/** The oldest and the newest position kept, once every committed event has one. */
async function settle(): Promise<{ min: string; max: string }> {
  await eventHead(api);
  const [range] = await api.db.orm.em
    .fork()
    .execute<Array<{ min: string; max: string }>>(
      'select min(position)::text as min, max(position)::text as max from ticket_outbox',
    );
  return range!;
}

/** The first answer of a ticketEvents subscription: an event, or the refusal. */
function firstEvent(after: string): Promise<FormattedExecutionResult<TicketEventsSubscription, unknown>> {
  const client = wsClient(api.wsUrl, { 'x-api-key': key });
  return new Promise<FormattedExecutionResult<TicketEventsSubscription, unknown>>((resolve, reject) => {
    client.subscribe<TicketEventsSubscription>(
      { query: print(TicketEventsDocument), variables: { after } },
      { next: resolve, error: reject, complete: () => undefined },
    );
  }).finally(() => client.dispose());
}

describe('resuming ticketEvents from a position', () => {
  it('refuses a position past the head with POSITION_AHEAD and the head', async () => {
    const { max } = await settle();
    const result = await firstEvent(String(BigInt(max) + 1n));
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'POSITION_AHEAD', head: max });
  });

  it('refuses a position whose next events are past the retention with POSITION_EXPIRED and the oldest kept', async () => {
    for (let i = 0; i < 4; i += 1) {
      await execute(
        api.graphqlUrl,
        ReplyToTicketDocument,
        { input: { ticketId, body: `Заметка ${i}`, internal: true } },
        { token: agentToken },
      );
    }
    const before = await settle();
    // The first three events happened three days ago: past the two days kept.
    const old = BigInt(before.min) + 2n;
    await api.db.orm.em
      .fork()
      .execute(`update ticket_outbox set occurred_at = now() - interval '3 days' where position <= ?`, [
        old.toString(),
      ]);
    expect(await api.services.eventRelay.prune()).toBe(3);
    const after = await settle();
    expect(after.min).toBe((old + 1n).toString());

    const expired = await firstEvent(before.min);
    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: 'POSITION_EXPIRED', oldest: old.toString() });
    const resumed = await firstEvent(old.toString());
    expect(resumed.errors).toBeUndefined();
    expect(resumed.data?.ticketEvents.position).toBe(after.min);
  });

  it('keeps the newest event however old, so the head stays known', async () => {
    const { max } = await settle();
    await api.db.orm.em.fork().execute(`update ticket_outbox set occurred_at = now() - interval '30 days'`);
    await api.services.eventRelay.prune();
    const left = await settle();
    expect(left).toEqual({ min: max, max });
    const ahead = await firstEvent(String(BigInt(max) + 1n));
    expect(ahead.errors?.[0]?.extensions).toMatchObject({ code: 'POSITION_AHEAD', head: max });
  });
});
