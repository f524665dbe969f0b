/** The bench's side channel to a server process it started: ready, memory, stop. */
export interface MemoryReport {
  rss: number;
  heapUsed: number;
  external: number;
}

export type ToServer = { type: 'memory'; id: number } | { type: 'stop' };
export type FromServer = { type: 'ready'; port: number } | ({ type: 'memory'; id: number } & MemoryReport);

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
