import { useEffect, useRef } from 'react';
import { createClient, type Client } from 'graphql-ws';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { session } from './graphql';

let client: Client | null = null;
let connectedBefore = false;
/** Called when the connection is back after a drop: events sent meanwhile were missed. */
const resumeListeners = new Set<() => void>();

/** The panel's one graphql-ws connection (same host, /graphql), with a fresh token on every (re)connection. */
function liveClient(): Client {
  if (!client) {
    const url = new URL('/graphql', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    client = createClient({
      url: url.toString(),
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      connectionParams: async () => {
        const accessToken = await session.getAccessToken().catch(() => null);
        return accessToken ? { authorization: `Bearer ${accessToken}` } : {};
      },
      on: {
        connected: () => {
          if (connectedBefore) for (const resume of [...resumeListeners]) resume();
          connectedBefore = true;
        },
      },
    });
  }
  return client;
}

/**
 * Subscribes while the component is mounted (again when `variables` change). `onData` gets every result;
 * `onResume` runs when the connection comes back after a drop, so that a screen reloads what it may have missed.
 */
export function useLiveSubscription<TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
  onResume?: () => void,
): void {
  const handlers = useRef({ onData, onResume });
  const current = useRef(variables);
  useEffect(() => {
    handlers.current = { onData, onResume };
    current.current = variables;
  });
  // The key stands for the variables (a new object on every render): a new key, a new subscription.
  const key = JSON.stringify(variables);
  useEffect(() => {
    const resume = () => handlers.current.onResume?.();
    resumeListeners.add(resume);
    const dispose = liveClient().subscribe<TResult>(
      { query: print(document), variables: current.current },
      {
        next: ({ data }) => {
          if (data) handlers.current.onData(data as TResult);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    return () => {
      resumeListeners.delete(resume);
      dispose();
    };
  }, [document, key]);
}
