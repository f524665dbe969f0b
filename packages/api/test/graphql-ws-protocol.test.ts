import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplyToTicketDocument, TicketEventsDocument } from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { eventHead, execute, startTestServer, wsClient, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';
import { FrameSocket, type Frame } from './ws-frames.js';
import { fileLateOrderTicket, makeApiKey } from './ticket-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

/**
 * graphql-transport-ws as its protocol document says (github.com/enisdenjo/graphql-ws, PROTOCOL.md): after
 * `complete` from either side nothing more for that id; an id may be reused after its `complete` and the new
 * operation is independent; one `next` per event per operation; `complete` only when the server ends one.
 */
let api: TestServer;
let second: TestServer;
let third: TestServer;
let agent: Session;
let ticketId: string;
let keySecret: string;
const sockets: FrameSocket[] = [];

const query = print(TicketEventsDocument);
const positionOf = (frame: Frame) =>
  (frame.payload as { data?: { ticketEvents?: { position: string } } }).data?.ticketEvents?.position;
const isNext = (id: string, position: string) => (frame: Frame) =>
  frame.id === id && frame.type === 'next' && positionOf(frame) === position;

beforeAll(async () => {
  api = await startTestServer();
  const redis = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `test-${randomUUID()}:` };
  [second, third] = await Promise.all([
    startTestServer({ database: api.db, env: redis }),
    startTestServer({ database: api.db, env: redis }),
  ]);
  await seedCatalog(api.db.orm, api.config);
  const [admin, customer] = await Promise.all([loginAs(api, ['ADMIN']), loginAs(api, ['CUSTOMER'])]);
  agent = await loginAs(api, ['AGENT']);
  ticketId = await fileLateOrderTicket(api, customer.accessToken, 'Посылка задерживается уже на три дня.');
  keySecret = await makeApiKey(api, admin.accessToken, ['tickets:read']);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await second?.close();
  await third?.close();
  await api?.close();
});

const head = () => eventHead(api);

/** One INTERNAL_NOTE event on the ticket; resolves with its position. */
async function oneEvent(): Promise<string> {
  const before = BigInt(await head());
  const result = await execute(
    api.graphqlUrl,
    ReplyToTicketDocument,
    { input: { ticketId, body: `Заметка ${randomUUID()}`, internal: true } },
    { token: agent.accessToken },
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  const after = await head();
  expect(BigInt(after)).toBe(before + 1n);
  return after;
}

async function open(server: TestServer = api): Promise<FrameSocket> {
  const socket = await FrameSocket.open(server.wsUrl, { 'x-api-key': keySecret });
  sockets.push(socket);
  return socket;
}

const variables = (after: string) => ({ after, filter: { ticketId, types: ['INTERNAL_NOTE'] } });

/**
 * A sentinel operation that stays open: once it has seen two events after `position`, every frame any operation
 * of the socket owed for `position` has been sent (events reach a socket's operations in position order).
 */
async function settledPast(socket: FrameSocket, sentinel: string): Promise<void> {
  const first = await oneEvent();
  await socket.waitFor(isNext(sentinel, first));
  const next = await oneEvent();
  await socket.waitFor(isNext(sentinel, next));
}

describe('graphql-ws protocol: operation identity', () => {
  it('sends nothing for an id after the client completed it', async () => {
    const socket = await open();
    const start = await head();
    socket.subscribe('z', query, variables(start));
    socket.subscribe('a', query, variables(start));
    const p1 = await oneEvent();
    await socket.waitFor(isNext('a', p1));
    socket.complete('a');
    await settledPast(socket, 'z');
    expect(socket.framesOf('a').map((f) => [f.type, positionOf(f)])).toEqual([['next', p1]]);
  });

  it('treats an id reused after complete as a new operation: one next per event, no stray complete', async () => {
    const socket = await open();
    const start = await head();
    socket.subscribe('z', query, variables(start));
    socket.subscribe('a', query, variables(start));
    const p1 = await oneEvent();
    await socket.waitFor(isNext('a', p1));
    socket.complete('a');
    socket.subscribe('a', query, variables(p1)); // the same id at once, likely in the same TCP segment
    const p2 = await oneEvent();
    await socket.waitFor(isNext('z', p2));
    const p3 = await oneEvent();
    await socket.waitFor(isNext('a', p3));
    await settledPast(socket, 'z');
    const aFrames = socket.framesOf('a');
    expect(aFrames.filter((f) => f.type !== 'next')).toEqual([]);
    const positions = aFrames.map(positionOf);
    expect(new Set(positions).size).toBe(positions.length); // one next per event per operation
    expect(positions.slice(0, 3)).toEqual([p1, p2, p3]);
  });

  it('keeps a reused id independent of the operation it replaced, across several cycles', async () => {
    const socket = await open();
    const start = await head();
    socket.subscribe('z', query, variables(start));
    let seen = start;
    for (let cycle = 0; cycle < 4; cycle += 1) {
      socket.subscribe('a', query, variables(seen));
      const position = await oneEvent();
      await socket.waitFor((f) => f.id === 'a' && f.type === 'next' && positionOf(f) === position);
      socket.complete('a');
      seen = position;
    }
    await settledPast(socket, 'z');
    const aFrames = socket.framesOf('a');
    expect(aFrames.every((f) => f.type === 'next')).toBe(true);
    const positions = aFrames.map(positionOf);
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions).toHaveLength(4);
  });

  it('closes the socket with 4409 when a subscribe reuses an id still in use', async () => {
    const socket = await open();
    const start = await head();
    socket.subscribe('a', query, variables(start));
    socket.subscribe('a', query, variables(start));
    expect((await socket.closed).code).toBe(4409);
  });

  it('answers a refused subscription once (its errors, then complete), and lets the id be used again', async () => {
    const socket = await open();
    const start = await head();
    socket.subscribe('e', query, variables('999999999'));
    await socket.waitFor((f) => f.id === 'e' && f.type === 'complete');
    expect(socket.framesOf('e')[0]!.payload).toMatchObject({
      errors: [{ extensions: { code: 'POSITION_AHEAD', head: start } }],
    });
    socket.subscribe('e', query, variables(start));
    const position = await oneEvent();
    await socket.waitFor(isNext('e', position));
    await settledPast(socket, 'e');
    expect(socket.framesOf('e').map((f) => f.type)).toEqual(['next', 'complete', 'next', 'next', 'next']);
  });

  it('keeps the same identity on instances that receive events through Redis', async () => {
    const [onSecond, onThird] = [await open(second), await open(third)];
    const start = await head();
    for (const socket of [onSecond, onThird]) {
      socket.subscribe('z', query, variables(start));
      socket.subscribe('a', query, variables(start));
    }
    const p1 = await oneEvent();
    for (const socket of [onSecond, onThird]) {
      await socket.waitFor(isNext('a', p1));
      socket.complete('a');
      socket.subscribe('a', query, variables(p1));
    }
    const p2 = await oneEvent();
    for (const socket of [onSecond, onThird]) await socket.waitFor(isNext('a', p2));
    for (const socket of [onSecond, onThird]) {
      const p = await oneEvent();
      await socket.waitFor(isNext('z', p));
    }
    for (const socket of [onSecond, onThird]) await settledPast(socket, 'z');
    for (const socket of [onSecond, onThird]) {
      const aFrames = socket.framesOf('a');
      expect(aFrames.filter((f) => f.type !== 'next')).toEqual([]);
      const positions = aFrames.map(positionOf);
      expect(new Set(positions).size).toBe(positions.length);
      expect(positions.slice(0, 2)).toEqual([p1, p2]);
    }
  });
});

describe('graphql-ws protocol: the official client', () => {
  it('receives every event once on each live subscription through subscribe/dispose cycles while events flow', async () => {
    const client = wsClient(api.wsUrl, { 'x-api-key': keySecret });
    const start = await head();
    const received: string[] = [];
    let completed = false;
    // A long-lived subscription beside the cycling ones: it must see every event exactly once and never complete.
    const waiters: Array<{ position: string; resolve: () => void }> = [];
    const stop = client.subscribe<{ ticketEvents: { position: string } }>(
      { query, variables: variables(start) },
      {
        next: (value) => {
          const position = value.data!.ticketEvents.position;
          received.push(position);
          for (const waiter of waiters.filter((w) => w.position === position)) waiter.resolve();
        },
        error: (error) => {
          throw new Error(JSON.stringify(error));
        },
        complete: () => (completed = true),
      },
    );
    const seenByMain = (position: string) =>
      received.includes(position)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ position, resolve }));
    const positions: string[] = [];
    for (let cycle = 0; cycle < 5; cycle += 1) {
      const got: string[] = [];
      const dispose = client.subscribe<{ ticketEvents: { position: string } }>(
        { query, variables: variables(start) },
        {
          next: (value) => got.push(value.data!.ticketEvents.position),
          error: () => undefined,
          complete: () => undefined,
        },
      );
      const position = await oneEvent();
      positions.push(position);
      await seenByMain(position);
      dispose();
    }
    const completedWhileLive = completed;
    stop();
    await client.dispose();
    expect(received).toEqual(positions);
    expect(completedWhileLive).toBe(false);
  });
});
