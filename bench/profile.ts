/** How big and how long: `--quick` for a run of a few minutes, the full profile for the figures that count. */
export interface Profile {
  name: 'quick' | 'full';
  /** Ticket counts of the scale scenario; the read path runs on `readTickets`. */
  scaleSizes: number[];
  readTickets: number;
  messagesPerTicket: number;
  connections: number;
  loadSeconds: number;
  warmupSeconds: number;
  /** Sequential requests per size in the scale scenario. */
  scaleRequests: number;
  moneySeconds: number;
  pgbenchScale: number;
  fanoutClients: number;
  fanoutEvents: number;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  quick: {
    name: 'quick',
    scaleSizes: [10_000, 100_000],
    readTickets: 10_000,
    messagesPerTicket: 10,
    connections: 50,
    loadSeconds: 10,
    warmupSeconds: 3,
    scaleRequests: 100,
    moneySeconds: 10,
    pgbenchScale: 16,
    fanoutClients: 1_000,
    fanoutEvents: 20,
  },
  full: {
    name: 'full',
    scaleSizes: [10_000, 100_000, 1_000_000],
    readTickets: 100_000,
    messagesPerTicket: 10,
    connections: 50,
    loadSeconds: 30,
    warmupSeconds: 5,
    scaleRequests: 300,
    moneySeconds: 30,
    pgbenchScale: 16,
    fanoutClients: 10_000,
    fanoutEvents: 50,
  },
};
