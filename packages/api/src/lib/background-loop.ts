import { randomUUID } from 'node:crypto';
import type { Em } from '../db/orm.js';
import type { Logger } from './logger.js';
import { outsideRequest } from '../db/sql-counter.js';

export interface BackgroundLoopOptions {
  name: string;
  /** A safety-net interval: the loop also runs whenever `wake()` is called. */
  intervalMs: number;
  logger: Logger;
  /** One pass of work; it should do everything that is due, then return. */
  pass: () => Promise<unknown>;
  /**
   * Milliseconds a woken loop waits before its pass (and between passes while wakes keep coming), so that work
   * arriving meanwhile joins one batch instead of a pass each: for jobs that cost per pass more than per item.
   * Default 0 (a pass starts at once).
   */
  batchMs?: number;
}

/**
 * Background work that runs one pass at a time: woken on demand (after a commit that created work) and on an
 * interval (work left by a crash or by another instance). A wake during a pass schedules one more pass.
 */
export class BackgroundLoop {
  private timer: NodeJS.Timeout | undefined;
  private gathering: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = true;

  constructor(private readonly options: BackgroundLoopOptions) {}

  get stopped(): boolean {
    return this.stopping;
  }

  start(): void {
    this.stopping = false;
    this.timer = setInterval(() => this.wake(), this.options.intervalMs);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const batchMs = this.options.batchMs ?? 0;
    if (batchMs > 0) {
      // The pass starts when the batch window closes; wakes meanwhile join it.
      this.gathering ??= setTimeout(() => {
        this.gathering = undefined;
        this.run();
      }, batchMs);
      return;
    }
    this.run();
  }

  private run(): void {
    if (this.running) return;
    const batchMs = this.options.batchMs ?? 0;
    // A request that wakes the loop does not own its work (nor its SQL statements in x-sql-statements).
    this.running = outsideRequest(async () => {
      do {
        this.again = false;
        await this.options.pass();
        if (this.again && batchMs > 0 && !this.stopping) await new Promise((resolve) => setTimeout(resolve, batchMs));
      } while (this.again && !this.stopping);
    })
      .catch((error: unknown) =>
        this.options.logger.error({ err: error, loop: this.options.name }, 'background work failed'),
      )
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Stops waking and waits for the pass in progress (a pass still gathering its batch runs now, once). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.gathering) {
      clearTimeout(this.gathering);
      this.gathering = undefined;
      this.run();
    }
    await this.running;
  }
}

// ---- leases: how background work claims rows, one mechanism for every job ----

/** How long a claim lasts unless its holder finishes first; then any instance may take the rows over. */
export const DEFAULT_LEASE_MS = 2 * 60_000;

/**
 * A queue table whose rows a job claims with a lease. The table has `lease_until` (null: not claimed) and
 * `lease_token` (who holds the claim). Rows are claimed when `ready` holds and no live lease covers them, so a
 * claim left by a crashed or stuck instance is taken over once it expires.
 */
export interface LeaseSpec {
  table: string;
  /** SQL condition of rows waiting for this job (leases aside), with `?` for parameters. */
  ready: string;
  readyParams?: unknown[];
  orderBy: string;
  limit: number;
  leaseMs: number;
  /** Extra assignments made with the claim, e.g. `attempts = attempts + 1`. */
  set?: string;
}

/** A claim: the rows and the token the holder finishes them with. */
export interface Lease {
  ids: string[];
  token: string;
}

/**
 * Claims up to `limit` ready rows with FOR UPDATE SKIP LOCKED (instances never wait on each other) and gives them a
 * lease until `now + leaseMs` under a fresh token. The holder finishes each row with `leaseHeld(token)` in its
 * condition, so a holder whose lease was taken over changes nothing (the new holder does the work).
 */
export async function claimWithLease(em: Em, spec: LeaseSpec, now: Date): Promise<Lease> {
  const token = randomUUID();
  const rows = await em.execute<Array<{ id: string }>>(
    `with picked as (
       select id from ${spec.table}
        where (${spec.ready}) and (lease_until is null or lease_until <= ?)
        order by ${spec.orderBy} limit ${Number(spec.limit)}
        for update skip locked)
     update ${spec.table} t set lease_until = ?, lease_token = ?${spec.set ? `, ${spec.set}` : ''}
       from picked where t.id = picked.id
     returning t.id`,
    [...(spec.readyParams ?? []), now, new Date(now.getTime() + spec.leaseMs), token],
  );
  return { ids: rows.map((row) => row.id), token };
}

/** The ORM condition a holder finishes a leased row with (and the assignments that end the lease). */
export const leaseHeld = (token: string) => ({ leaseToken: token });
export const leaseEnded = { leaseUntil: null, leaseToken: null } as const;

/**
 * Work done inside one transaction (the event relay, SLA checks) holds its claim (row locks, an advisory lock)
 * as long as the transaction lives: PostgreSQL ends it when the holder's connection drops (a crash), and
 * `idle_in_transaction_session_timeout` ends it when a live holder stops talking (a stall) after `leaseMs`.
 */
export function inLeasedTransaction<T>(em: Em, leaseMs: number, work: (tx: Em) => Promise<T>): Promise<T> {
  return em.transactional(async (tx) => {
    await tx.execute(`set local idle_in_transaction_session_timeout = ${Math.max(1, Math.floor(leaseMs))}`);
    return work(tx);
  });
}
