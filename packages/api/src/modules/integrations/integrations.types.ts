import { connectionType } from '../../lib/connection.types.js';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TextLength } from '../../lib/field-rules.js';
import { TICKET_EVENT_TYPES } from '../tickets/ticket.entity.js';
import { TicketEventTypeEnum } from '../tickets/ticket.types.js';
import { API_KEY_SCOPES, DELIVERY_STATUSES } from './integrations.entity.js';
import { enumOf } from '../../lib/graphql-enum.js';

export const WebhookDeliveryStatusEnum = enumOf(DELIVERY_STATUSES);
registerEnumType(WebhookDeliveryStatusEnum, { name: 'WebhookDeliveryStatus' });

@ObjectType('ApiKey', { description: 'An integrator’s key (the secret is shown only when created).' })
export class ApiKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Identifies the key in logs: sk_<prefix>_…' })
  prefix!: string;

  @Field(() => [String], { description: 'e.g. tickets:read' })
  scopes!: string[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field(() => ApiKeyType)
  apiKey!: ApiKeyType;

  @Field(() => String, { description: 'Send as the x-api-key header; shown this once, stored only as a hash.' })
  secret!: string;
}

@ObjectType('Webhook')
export class WebhookType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  url!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [TicketEventTypeEnum], { description: 'Empty: every type.' })
  eventTypes!: string[];

  @Field(() => [ID], { description: 'Empty: every category.' })
  categoryIds!: string[];

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('CreatedWebhook')
export class CreatedWebhookType {
  @Field(() => WebhookType)
  webhook!: WebhookType;

  @Field(() => String, {
    description:
      'Signing secret, shown this once. Each POST carries x-webhook-timestamp and x-webhook-signature: ' +
      'v1=<hex HMAC-SHA256 of "<timestamp>.<body>">.',
  })
  secret!: string;
}

@ObjectType('WebhookDelivery')
export class WebhookDeliveryType {
  @Field(() => ID, { description: 'The same on every retry (x-webhook-delivery-id).' })
  id!: string;

  @Field(() => ID)
  webhookId!: string;

  @Field(() => ID)
  eventId!: string;

  @Field(() => TicketEventTypeEnum, { nullable: true, description: 'The type of the event delivered.' })
  eventType!: string | null;

  @Field(() => String, { nullable: true, description: 'The number of the ticket the event is about.' })
  ticketNumber!: string | null;

  @Field(() => String)
  position!: string;

  @Field(() => WebhookDeliveryStatusEnum)
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Date)
  nextAttemptAt!: Date;

  @Field(() => Int, { nullable: true })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => String, { nullable: true, description: 'The start of the receiver’s last answer.' })
  lastResponse!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;
}

export const WebhookDeliveryConnection = connectionType('WebhookDelivery', WebhookDeliveryType, {
  description: 'A page of a webhook’s delivery log.',
  totalCount: 'How many deliveries of the webhook match (with `status`, of that status).',
});

@InputType()
export class CreateApiKeyInput {
  @Field(() => String, { description: 'The system that uses the key: 1 to 120 characters.' })
  @IsString()
  @TextLength(1, 120)
  name!: string;

  @Field(() => [String], { description: `1 to 10 scopes of: ${API_KEY_SCOPES.join(', ')}` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes!: string[];
}

@ArgsType()
export class ApiKeyScopesArgs {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => [String], { description: `1 to 10 scopes of: ${API_KEY_SCOPES.join(', ')}` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes!: string[];
}

@InputType()
export class CreateWebhookInput {
  @Field(() => String)
  @IsString()
  @TextLength(0, 2000)
  url!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 200)
  description?: string | null;

  @Field(() => [TicketEventTypeEnum], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsIn(TICKET_EVENT_TYPES, { each: true })
  eventTypes?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  categoryIds?: string[] | null;
}

@InputType()
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 2000)
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'An empty string clears it.' })
  @IsOptional()
  @IsString()
  @TextLength(0, 200)
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;

  @Field(() => [TicketEventTypeEnum], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsIn(TICKET_EVENT_TYPES, { each: true })
  eventTypes?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  categoryIds?: string[] | null;
}
