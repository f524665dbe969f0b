import type { RaRecord } from 'react-admin';
import {
  CreateWebhookDocument,
  UpdateWebhookDocument,
  WebhooksDocument,
  type CreateWebhookInput,
  type TicketEventType,
  type UpdateWebhookInput,
  type WebhooksQuery,
} from '@support/schema';
import { ApiError, type GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';

export type WebhookRecord = WebhooksQuery['webhooks'][number];
/** What create answers: the webhook and its signing secret, shown once. */
export type CreatedWebhookRecord = WebhookRecord & { secret: string };

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export function toCreateWebhookInput(data: Record<string, unknown>): CreateWebhookInput {
  return {
    url: typeof data['url'] === 'string' ? data['url'].trim() : '',
    description: typeof data['description'] === 'string' ? data['description'].trim() || null : null,
    eventTypes: strings(data['eventTypes']) as TicketEventType[],
    categoryIds: strings(data['categoryIds']),
  };
}

/** Every editable field, as the form holds it (an emptied description is sent as '' to clear it). */
export function toUpdateWebhookInput(data: Record<string, unknown>): UpdateWebhookInput {
  return {
    url: typeof data['url'] === 'string' ? data['url'].trim() : null,
    description: typeof data['description'] === 'string' ? data['description'].trim() : '',
    active: typeof data['active'] === 'boolean' ? data['active'] : null,
    eventTypes: strings(data['eventTypes']) as TicketEventType[],
    categoryIds: strings(data['categoryIds']),
  };
}

/**
 * Webhooks (admins see all of them; there are few): a bounded plain list (docs/decisions.md, "Lists"), returned and
 * shown whole, newest first.
 */
export function createWebhooksDataProvider(api: GraphQLClient): ResourceProvider {
  const all = async () => (await api(WebhooksDocument)).webhooks;
  return {
    getList: async () => {
      const webhooks = await all();
      return { data: webhooks, total: webhooks.length };
    },
    getOne: async (_resource: string, params: { id: RaRecord['id'] }) => {
      const webhook = (await all()).find((candidate) => candidate.id === String(params.id));
      if (!webhook) throw new ApiError('Webhook not found', 'NOT_FOUND', {}, 404);
      return { data: webhook };
    },
    getMany: async (_resource: string, params: { ids: RaRecord['id'][] }) => {
      const ids = new Set(params.ids.map(String));
      return { data: (await all()).filter((webhook) => ids.has(webhook.id)) };
    },
    create: async (_resource: string, params: { data: Record<string, unknown> }) => {
      const { createWebhook } = await api(CreateWebhookDocument, { input: toCreateWebhookInput(params.data) });
      const data: CreatedWebhookRecord = { ...createWebhook.webhook, secret: createWebhook.secret };
      return { data };
    },
    update: async (_resource: string, params: { id: RaRecord['id']; data: Record<string, unknown> }) => {
      const { updateWebhook } = await api(UpdateWebhookDocument, {
        id: String(params.id),
        input: toUpdateWebhookInput(params.data),
      });
      return { data: updateWebhook };
    },
  };
}
