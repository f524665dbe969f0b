import type { RaRecord } from 'react-admin';
import { ChatDocument, SupportQueueDocument, type ChatQuery } from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';
import { cursorList } from '../api/keyset';

export type ChatRecord = ChatQuery['chat'];

/** Which chats the list shows: those waiting for an agent, or the viewer's own. */
export type ChatQueueTab = 'queue' | 'mine';
export const queueTabOf = (filter: Record<string, unknown> | undefined): ChatQueueTab =>
  filter?.['tab'] === 'mine' ? 'mine' : 'queue';

/**
 * Reads support chats, paged by cursor: the queue (longest waiting first) or the agent's own (latest first). Changes
 * go through the chat page's actions.
 */
export function createChatsDataProvider(api: GraphQLClient): ResourceProvider {
  const getOne = async (id: string): Promise<ChatRecord> => (await api(ChatDocument, { id })).chat;
  return {
    getList: cursorList(
      (params) => queueTabOf(params.filter as Record<string, unknown>) === 'mine',
      async (mine, first, after) => (await api(SupportQueueDocument, { mine, first, after })).supportQueue,
    ),
    getOne: async (_resource: string, params: { id: RaRecord['id'] }) => ({
      data: await getOne(String(params.id)),
    }),
    getMany: async (_resource: string, params: { ids: RaRecord['id'][] }) => ({
      data: await Promise.all(params.ids.map((id) => getOne(String(id)))),
    }),
  };
}
