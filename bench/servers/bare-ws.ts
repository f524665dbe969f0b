/**
 * The fan-out baseline: a bare graphql-ws server on the API's own SDL (packages/schema/schema.graphql), whose
 * `ticketEvents` subscription is fed by an in-memory emitter. POST /emit {ticketId} publishes one MESSAGE event
 * to every subscriber and answers once it is handed over (the "commit"). No database, no auth, no pub/sub.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { buildSchema, GraphQLScalarType } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { serveIpc } from './ipc.ts';

type Event = Record<string, unknown> & { ticket: Record<string, unknown> };

const schema = buildSchema(readFileSync(new URL('../../packages/schema/schema.graphql', import.meta.url), 'utf8'));
const dateTime = schema.getType('DateTimeISO') as GraphQLScalarType;
dateTime.serialize = (value) => (value instanceof Date ? value.toISOString() : value);

/** One subscriber's queue of live events (as the API's EventQueue, without the overflow rule). */
class Queue implements AsyncIterableIterator<Event> {
  private items: Event[] = [];
  private waiting: ((result: IteratorResult<Event>) => void) | undefined;
  push(event: Event) {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
    } else this.items.push(event);
  }
  next(): Promise<IteratorResult<Event>> {
    const item = this.items.shift();
    if (item) return Promise.resolve({ value: item, done: false });
    return new Promise((resolve) => (this.waiting = resolve));
  }
  return(): Promise<IteratorResult<Event>> {
    subscribers.delete(this);
    this.waiting?.({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }
  [Symbol.asyncIterator]() {
    return this;
  }
}
const subscribers = new Set<Queue>();

const field = schema.getSubscriptionType()!.getFields()['ticketEvents']!;
field.subscribe = () => {
  const queue = new Queue();
  subscribers.add(queue);
  return queue;
};
field.resolve = (event: Event) => ({
  ...event,
  actor: event['actorId'] ? { id: event['actorId'] } : null,
  ticket: {
    ...event.ticket,
    firstResponseDueAt: new Date(event.ticket['firstResponseDueAt'] as string),
    resolutionDueAt: new Date(event.ticket['resolutionDueAt'] as string),
  },
});

let position = 0;
const httpServer = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const { ticketId } = JSON.parse(Buffer.concat(chunks).toString()) as { ticketId: string };
    position += 1;
    const due = new Date(Date.now() + 86_400_000).toISOString();
    const event: Event = {
      id: randomUUID(),
      position: String(position),
      type: 'MESSAGE',
      occurredAt: new Date(),
      public: true,
      changes: { messageId: randomUUID(), authorRole: 'STAFF' },
      actorId: randomUUID(),
      ticket: {
        id: ticketId,
        number: 'T-2026-0000001',
        status: 'IN_PROGRESS',
        categoryId: randomUUID(),
        problemId: randomUUID(),
        assigneeId: null,
        slaClass: 'STANDARD',
        urgent: false,
        slaBreached: false,
        escalated: false,
        firstResponseDueAt: due,
        resolutionDueAt: due,
      },
    };
    for (const queue of subscribers) queue.push(event);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
const cleanup = useServer({ schema }, wsServer);

await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
const address = httpServer.address();
serveIpc(typeof address === 'object' && address ? address.port : 0, async () => {
  await cleanup.dispose();
  httpServer.closeAllConnections();
  httpServer.close();
});
