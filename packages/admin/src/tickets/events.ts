import { useEffect, useRef } from 'react';
import { createClient, type Client } from 'graphql-ws';
import { print } from 'graphql';
import { TicketEventsDocument, type TicketEventsSubscription } from '@support/schema';
import { session } from '../auth/authProvider';

export type TicketEvent = TicketEventsSubscription['ticketEvents'];

let client: Client | null = null;

/** One graphql-ws connection for the panel (same host, /graphql), authenticated with the staff member's token. */
function eventsClient(): Client {
  if (!client) {
    const url = new URL('/graphql', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    client = createClient({
      url: url.toString(),
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      // A fresh (refreshed if need be) token on every (re)connection.
      connectionParams: async () => {
        const accessToken = await session.getAccessToken().catch(() => null);
        return accessToken ? { authorization: `Bearer ${accessToken}` } : {};
      },
    });
  }
  return client;
}

/** Calls `onEvent` for every live ticket event (optionally of one ticket) while the component is mounted. */
export function useTicketEvents(onEvent: (event: TicketEvent) => void, ticketId?: string): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    const query = print(TicketEventsDocument);
    const variables = { filter: ticketId ? { ticketId } : null };
    return eventsClient().subscribe<TicketEventsSubscription>(
      { query, variables },
      {
        next: ({ data }) => {
          if (data) handler.current(data.ticketEvents);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }, [ticketId]);
}
