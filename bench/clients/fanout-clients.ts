/**
 * The fan-out clients, in their own process (10,000 sockets need their own file descriptors and CPU): graphql-ws
 * subscribers to `ticketEvents`, and the trigger of the events, so that each cause's send and response times and
 * the delivery times are read from one clock. Driven by the bench over IPC.
 */
import { createClient, type Client } from 'graphql-ws';
import { writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { TICKET_EVENTS, REPLY_TO_TICKET, body } from '../lib/documents.ts';
import { now, percentile, round, sleep } from '../lib/common.ts';

export interface Trigger {
  kind: 'api' | 'bare';
  /** The API's /graphql, or the bare server's /emit. */
  url: string;
  token?: string;
}

export type ClientCommand =
  | { type: 'connect'; urls: string[]; count: number; connectionParams: Record<string, string> }
  | { type: 'warmup'; trigger: Trigger; ticketId: string; timeoutMs: number }
  | { type: 'burst'; trigger: Trigger; ticketIds: string[]; concurrency: number; timeoutMs: number }
  | { type: 'close' };

export interface BurstResult {
  events: number;
  clients: number;
  expected: number;
  delivered: number;
  /** From each cause's request being sent to each delivery: the queueing on either side of the response counts. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From each cause's response (after the API's commit) to each delivery: the earlier measure, kept beside. */
  p50FromResponseMs: number;
  p99FromResponseMs: number;
  /** From the first trigger sent to the last delivery. */
  burstMs: number;
  /** Sockets closed before the end of the burst, by close code. */
  closed: Record<string, number>;
}

const clients: Client[] = [];
const heard = new Set<number>();
/** Receive times of the burst's events, by ticket id. */
let burst: Map<string, number[]> | null = null;
let errors = 0;
let firstError: string | undefined;
/** Sockets the server closed or that dropped, by close code (a closed subscriber misses the events after it). */
const closes: Record<string, number> = {};

type EventMessage = { data?: { ticketEvents?: { type: string; ticket: { id: string } } } | null };

function onEvent(index: number, message: EventMessage) {
  const at = now();
  heard.add(index);
  const event = message.data?.ticketEvents;
  if (burst && event?.type === 'MESSAGE') burst.get(event.ticket.id)?.push(at);
}

async function connect(urls: string[], count: number, connectionParams: Record<string, string>) {
  const batch = 200;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, (_, k) => {
        const index = start + k;
        return new Promise<void>((resolve) => {
          const client = createClient({
            url: urls[index % urls.length]!,
            webSocketImpl: WebSocket,
            connectionParams,
            retryAttempts: 0,
            lazy: true,
            on: {
              connected: () => resolve(),
              closed: (event) => {
                const code = String((event as { code?: number }).code ?? 'unknown');
                closes[code] = (closes[code] ?? 0) + 1;
              },
            },
          });
          clients.push(client);
          client.subscribe(
            { query: TICKET_EVENTS },
            {
              next: (message) => onEvent(index, message as EventMessage),
              error: (error) => {
                errors += 1;
                firstError ??= JSON.stringify(error instanceof Error ? error.message : error).slice(0, 300);
                resolve();
              },
              complete: () => undefined,
            },
          );
        });
      }),
    );
  }
  return { connected: clients.length, errors, firstError };
}

/**
 * One POST on its own connection (no keep-alive). With 10,000 sockets to serve, this process's timers run late,
 * and fetch's pooled connections were reused after the server had closed them (5 s keep-alive): ECONNRESET in the
 * middle of a burst. The response time is read when its body has arrived, so the connect is not in the latency.
 */
function post(url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends one event's cause; returns when it was sent and when its response arrived (the commit is behind us then).
 */
async function fire(trigger: Trigger, ticketId: string): Promise<{ sent: number; answered: number }> {
  const request: { headers: Record<string, string>; body: string } =
    trigger.kind === 'api'
      ? {
          headers: { 'content-type': 'application/json', authorization: trigger.token! },
          body: body(REPLY_TO_TICKET, 'ReplyToTicket', {
            input: { ticketId, body: 'Ответ для замера рассылки событий', internal: false },
          }),
        }
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticketId }) };
  const sent = now();
  const { status, text } = await post(trigger.url, request.headers, request.body);
  const answered = now();
  if (status !== 200 || text.includes('"errors":')) throw new Error(`trigger failed: ${text.slice(0, 300)}`);
  return { sent, answered };
}

async function warmup(trigger: Trigger, ticketId: string, timeoutMs: number) {
  heard.clear();
  const deadline = Date.now() + timeoutMs;
  while (heard.size < clients.length && Date.now() < deadline) {
    await fire(trigger, ticketId);
    await sleep(1000);
  }
  await sleep(1000);
  return { listening: heard.size, clients: clients.length };
}

async function runBurst(trigger: Trigger, ticketIds: string[], concurrency: number, timeoutMs: number) {
  const receipts = (burst = new Map(ticketIds.map((id) => [id, []])));
  const causes = new Map<string, { sent: number; answered: number }>();
  const started = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ticketIds.length) {
        const id = ticketIds[next++]!;
        causes.set(id, await fire(trigger, id));
      }
    }),
  );
  const expected = ticketIds.length * clients.length;
  const count = () => [...burst!.values()].reduce((sum, times) => sum + times.length, 0);
  const deadline = Date.now() + timeoutMs;
  while (count() < expected && Date.now() < deadline) await sleep(100);
  const latencies: number[] = [];
  const fromResponse: number[] = [];
  let last = started;
  for (const [id, times] of burst) {
    const cause = causes.get(id)!;
    for (const time of times) {
      latencies.push(time - cause.sent);
      fromResponse.push(time - cause.answered);
      last = Math.max(last, time);
    }
  }
  burst = null;
  if (process.env['BENCH_TIMELINE']) {
    // Each event's commit (the reply's response) and its first and last delivery, beside the servers' timelines.
    const events = [...causes].map(([ticketId, cause]) => {
      const times = receipts.get(ticketId) ?? [];
      return {
        ticketId,
        sent: cause.sent,
        committed: cause.answered,
        first: times.reduce((min, t) => Math.min(min, t), Infinity),
        last: times.reduce((max, t) => Math.max(max, t), 0),
      };
    });
    await writeFile(
      `${process.env['BENCH_TIMELINE']}/clients-${trigger.kind}-${process.pid}.json`,
      JSON.stringify(events),
    );
  }
  const result: BurstResult = {
    events: ticketIds.length,
    clients: clients.length,
    expected,
    delivered: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    // A loop, not Math.max(...latencies): 10,000 clients × 50 events overflow the stack as arguments.
    maxMs: round(latencies.reduce((max, value) => Math.max(max, value), 0)),
    p50FromResponseMs: round(percentile(fromResponse, 50)),
    p99FromResponseMs: round(percentile(fromResponse, 99)),
    burstMs: round(last - started),
    closed: { ...closes },
  };
  return result;
}

process.on('message', (command: ClientCommand) => {
  const reply = (value: unknown) => process.send?.({ ok: true, value });
  const fail = (error: unknown) => process.send?.({ ok: false, error: String(error) });
  if (command.type === 'connect') connect(command.urls, command.count, command.connectionParams).then(reply, fail);
  else if (command.type === 'warmup') warmup(command.trigger, command.ticketId, command.timeoutMs).then(reply, fail);
  else if (command.type === 'burst')
    runBurst(command.trigger, command.ticketIds, command.concurrency, command.timeoutMs).then(reply, fail);
  else if (command.type === 'close') {
    void Promise.all(clients.map((client) => client.dispose())).finally(() => {
      reply(null);
      process.exit(0);
    });
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ok: true, value: 'ready' });
