import type { Logger } from './logger.js';
import { outsideRequest } from './sql-counter.js';

export interface BackgroundLoopOptions {
  name: string;
  /** A safety-net interval: the loop also runs whenever `wake()` is called. */
  intervalMs: number;
  logger: Logger;
  /** One pass of work; it should do everything that is due, then return. */
  pass: () => Promise<unknown>;
}

/**
 * Background work that runs one pass at a time: woken on demand (after a commit that created work) and on an
 * interval (work left by a crash or by another instance). A wake during a pass schedules one more pass.
 */
export class BackgroundLoop {
  private timer: NodeJS.Timeout | undefined;
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
    // A request that wakes the loop does not own its work (nor its SQL statements in x-sql-statements).
    this.running = outsideRequest(async () => {
      do {
        this.again = false;
        await this.options.pass();
      } while (this.again && !this.stopping);
    })
      .catch((error: unknown) =>
        this.options.logger.error({ err: error, loop: this.options.name }, 'background work failed'),
      )
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Stops waking and waits for the pass in progress. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
