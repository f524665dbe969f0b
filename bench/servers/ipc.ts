/** The bench's side channel to a server process it started: ready, memory, CPU time, stop. */
export interface MemoryReport {
  rss: number;
  heapUsed: number;
  external: number;
}

export type ToServer = { type: 'memory'; id: number } | { type: 'cpu'; id: number } | { type: 'stop' };
export type FromServer =
  | { type: 'ready'; port: number }
  | ({ type: 'memory'; id: number } & MemoryReport)
  | { type: 'cpu'; id: number; ms: number };

/** Tells the parent the port, then answers memory requests and stops on request. */
export function serveIpc(port: number, stop: () => Promise<void>): void {
  const send = (message: FromServer) => process.send?.(message);
  process.on('message', (message: ToServer) => {
    if (message.type === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      const { rss, heapUsed, external } = process.memoryUsage();
      send({ type: 'memory', id: message.id, rss, heapUsed, external });
    } else if (message.type === 'cpu') {
      // The process's CPU time so far (user + system, all threads), in milliseconds.
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', id: message.id, ms: (user + system) / 1000 });
    } else if (message.type === 'stop') {
      stop()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          console.error(error);
          process.exit(1);
        });
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port });
}
