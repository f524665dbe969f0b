import type { GetListParams, RaRecord } from 'react-admin';
import { ChatDocument, SupportQueueDocument, type ChatQuery } from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';

export type ChatRecord = ChatQuery['chat'];

/** Which chats the list shows: those waiting for an agent, or the viewer's own. */
export type ChatQueueTab = 'queue' | 'mine';
export const queueTabOf = (filter: Record<string, unknown> | undefined): ChatQueueTab =>
  filter?.['tab'] === 'mine' ? 'mine' : 'queue';

/**
 * Reads support chats. The API gives a queue of at most 100 chats (oldest waiting first) or the agent's own (latest
 * first), without pages, so the list pages in the browser. Changes go through the chat page's actions.
 */
export function createChatsDataProvider(api: GraphQLClient): ResourceProvider {
  const getOne = async (id: string): Promise<ChatRecord> => (await api(ChatDocument, { id })).chat;
  return {
    getList: async (_resource: string, params: GetListParams) => {
      const mine = queueTabOf(params.filter as Record<string, unknown>) === 'mine';
      const { supportQueue } = await api(SupportQueueDocument, { mine });
      const page = Math.max(1, params.pagination?.page ?? 1);
      const perPage = Math.max(1, params.pagination?.perPage ?? 25);
      return { data: supportQueue.slice((page - 1) * perPage, page * perPage), total: supportQueue.length };
    },
    getOne: async (_resource: string, params: { id: RaRecord['id'] }) => ({
      data: await getOne(String(params.id)),
    }),
    getMany: async (_resource: string, params: { ids: RaRecord['id'][] }) => ({
      data: await Promise.all(params.ids.map((id) => getOne(String(id)))),
    }),
  };
}
