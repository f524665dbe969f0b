import WebSocket from 'ws';

/** A graphql-transport-ws message as it travels on the socket. */
export interface Frame {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * A raw graphql-transport-ws socket for protocol tests: it sends frames exactly as given and records every frame
 * received, in order; `waitFor` resolves on the first recorded frame a predicate accepts (looking at frames that
 * arrived before the call too), so a test never misses a frame and never sleeps.
 */
export class FrameSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<{ accepts: (frame: Frame) => boolean; resolve: (frame: Frame) => void }> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.accepts(frame)) return true;
        waiter.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  /** Opens a socket and completes the connection_init / connection_ack handshake. */
  static async open(url: string, connectionParams: Record<string, unknown>): Promise<FrameSocket> {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const frames = new FrameSocket(socket);
    frames.send({ type: 'connection_init', payload: connectionParams });
    await frames.waitFor((frame) => frame.type === 'connection_ack');
    return frames;
  }

  send(frame: Frame): void {
    this.socket.send(JSON.stringify(frame));
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.send({ id, type: 'subscribe', payload: { query, variables } });
  }

  complete(id: string): void {
    this.send({ id, type: 'complete' });
  }

  /** The first frame, recorded or still to come, that `accepts` takes. */
  waitFor(accepts: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const seen = this.frames.find(accepts);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const description = JSON.stringify(this.frames.slice(-10));
        reject(new Error(`no matching frame within ${timeoutMs} ms; last frames: ${description}`));
      }, timeoutMs);
      this.waiters.push({
        accepts,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
    });
  }

  /** The frames recorded for one operation id, in order. */
  framesOf(id: string): Frame[] {
    return this.frames.filter((frame) => frame.id === id);
  }

  close(): void {
    this.socket.close(1000);
  }
}
