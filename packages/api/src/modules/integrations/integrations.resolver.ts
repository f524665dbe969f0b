import { ForwardPageArgs } from '../../lib/connection.types.js';
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context, Viewer } from '../../lib/context.js';
import { forbidden, unauthenticated } from '../../lib/errors.js';
import type { ApiKey, Webhook, WebhookDelivery } from './integrations.entity.js';
import type { DeliveredEvent } from './webhook.service.js';
import {
  ApiKeyScopesArgs,
  ApiKeyType,
  CreateApiKeyInput,
  CreatedApiKeyType,
  CreatedWebhookType,
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookDeliveryConnection,
  WebhookDeliveryStatusEnum,
  WebhookDeliveryType,
  WebhookType,
} from './integrations.types.js';

const toApiKey = (key: ApiKey): ApiKeyType => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  scopes: key.scopes,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt ?? null,
  revokedAt: key.revokedAt ?? null,
});
const toWebhook = (webhook: Webhook): WebhookType => ({
  id: webhook.id,
  url: webhook.url,
  description: webhook.description ?? null,
  eventTypes: webhook.eventTypes,
  categoryIds: webhook.categoryIds,
  active: webhook.active,
  createdAt: webhook.createdAt,
});
const toDelivery = (d: WebhookDelivery, event: DeliveredEvent | undefined): WebhookDeliveryType => ({
  id: d.id,
  webhookId: d.webhookId,
  eventId: d.eventId,
  eventType: event?.type ?? null,
  ticketNumber: event?.ticketNumber ?? null,
  position: d.position,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastStatusCode: d.lastStatusCode ?? null,
  lastError: d.lastError ?? null,
  lastResponse: d.lastResponse ?? null,
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt ?? null,
});

/**
 * Webhooks are managed by admins, or by an integrator's own key holding webhooks:manage (a CRM registering
 * where it wants events); the key then stands as the actor in the audit trail.
 */
function webhookManager(ctx: Context): Viewer {
  if (ctx.viewer?.roles.includes('ADMIN')) return ctx.viewer;
  if (ctx.integrator?.scopes.includes('webhooks:manage')) {
    return { userId: ctx.integrator.apiKeyId, sessionId: '', roles: [] };
  }
  if (ctx.viewer || ctx.integrator) throw forbidden('Managing webhooks needs ADMIN or an API key with webhooks:manage');
  throw unauthenticated();
}

@Resolver()
export class IntegrationsResolver {
  @Authorized('ADMIN')
  @Query(() => [ApiKeyType])
  async apiKeys(@Ctx() ctx: Context): Promise<ApiKeyType[]> {
    return (await ctx.services.apiKeys.list(ctx.em)).map(toApiKey);
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedApiKeyType, { description: 'Creates a key; its secret is in this answer only.' })
  async createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: Context) {
    const { apiKey, secret } = await ctx.services.apiKeys.create(ctx.em, ctx.viewer!, input, ctx.requestId);
    return { apiKey: toApiKey(apiKey), secret };
  }

  @Authorized('ADMIN')
  @Mutation(() => ApiKeyType, {
    description: 'Revokes a key at once: requests with it are refused and sockets opened with it close with 4403.',
  })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return toApiKey(await ctx.services.apiKeys.revoke(ctx.em, ctx.viewer!, id, ctx.requestId));
  }

  @Authorized('ADMIN')
  @Mutation(() => ApiKeyType, {
    description:
      'Replaces the scopes of a live key (BAD_USER_INPUT for an unknown scope, API_KEY_REVOKED for a revoked key); ' +
      'sockets opened with it close with 4403 and reconnect under the new scopes.',
  })
  async setApiKeyScopes(@Args(() => ApiKeyScopesArgs) { id, scopes }: ApiKeyScopesArgs, @Ctx() ctx: Context) {
    return toApiKey(await ctx.services.apiKeys.setScopes(ctx.em, ctx.viewer!, id, scopes, ctx.requestId));
  }

  @Query(() => [WebhookType])
  async webhooks(@Ctx() ctx: Context): Promise<WebhookType[]> {
    return (await ctx.services.webhooks.list(ctx.em, webhookManager(ctx))).map(toWebhook);
  }

  @Mutation(() => CreatedWebhookType, {
    description: 'Registers a webhook; its signing secret is in this answer only.',
  })
  async createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: Context) {
    const { webhook, secret } = await ctx.services.webhooks.create(ctx.em, webhookManager(ctx), input, ctx.requestId);
    return { webhook: toWebhook(webhook), secret };
  }

  @Mutation(() => WebhookType)
  async updateWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput,
    @Ctx() ctx: Context,
  ) {
    return toWebhook(await ctx.services.webhooks.update(ctx.em, webhookManager(ctx), id, input, ctx.requestId));
  }

  @Query(() => WebhookDeliveryConnection, { description: 'The delivery log of a webhook, newest first.' })
  async webhookDeliveries(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('status', () => WebhookDeliveryStatusEnum, { nullable: true }) status: string | null,
    @Args(() => ForwardPageArgs) request: ForwardPageArgs,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.webhooks.deliveries(ctx.em, webhookManager(ctx), webhookId, {
      ...request,
      status,
    });
    const events = await ctx.services.webhooks.eventsOf(ctx.em, page.nodes);
    return page.map((d) => toDelivery(d, events.get(d.eventId)));
  }

  @Mutation(() => WebhookDeliveryType, { description: 'Sends a delivery again now, with the same delivery id.' })
  async retryWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const delivery = await ctx.services.webhooks.retry(ctx.em, webhookManager(ctx), id, ctx.requestId);
    const events = await ctx.services.webhooks.eventsOf(ctx.em, [delivery]);
    return toDelivery(delivery, events.get(delivery.eventId));
  }
}
