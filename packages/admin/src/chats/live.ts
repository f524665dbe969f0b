import { useEffect, useRef } from 'react';
import { createClient, type Client } from 'graphql-ws';
import { print } from 'graphql';
import {
  MessageAddedDocument,
  SupportQueueChangedDocument,
  type MessageAddedSubscription,
  type SupportQueueChangedSubscription,
} from '@support/schema';
import { session } from '../auth/authProvider';

let client: Client | null = null;

/** A graphql-ws connection (same host, /graphql), authenticated with the staff member's current token. */
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
    });
  }
  return client;
}

function useSubscription<TResult>(
  query: string,
  variables: Record<string, unknown>,
  key: string,
  onData: (data: TResult) => void,
): void {
  const handler = useRef(onData);
  const current = useRef(variables);
  useEffect(() => {
    handler.current = onData;
    current.current = variables;
  });
  // `key` stands for the variables (a new object on every render): a new key, a new subscription.
  useEffect(
    () =>
      liveClient().subscribe<TResult>(
        { query, variables: current.current },
        {
          next: ({ data }) => {
            if (data) handler.current(data as TResult);
          },
          error: () => undefined,
          complete: () => undefined,
        },
      ),
    [query, key],
  );
}

const supportQueueChanged = print(SupportQueueChangedDocument);
const messageAdded = print(MessageAddedDocument);

export type ChangedChat = SupportQueueChangedSubscription['supportQueueChanged'];
export type AddedMessage = MessageAddedSubscription['messageAdded'];

/** Calls `onChange` whenever a support chat changes (opened, handed over, answered, taken, turned into a ticket). */
export function useSupportQueueChanges(onChange: (chat: ChangedChat) => void): void {
  useSubscription<SupportQueueChangedSubscription>(supportQueueChanged, {}, 'queue', (data) =>
    onChange(data.supportQueueChanged),
  );
}

/** Calls `onMessage` for every new message of one chat while the component is mounted. */
export function useChatMessages(chatId: string, onMessage: (message: AddedMessage) => void): void {
  useSubscription<MessageAddedSubscription>(messageAdded, { chatId }, chatId, (data) => onMessage(data.messageAdded));
}
