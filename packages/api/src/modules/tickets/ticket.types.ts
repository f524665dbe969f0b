import { connectionType, ForwardPageArgs } from '../../lib/connection.types.js';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FieldsRule, HasFormat, TextLength, type FieldRule } from '../../lib/field-rules.js';
import { SlaClassEnum, SupportProblemType } from '../catalog/catalog.types.js';
import { REPLY_CHANNELS, TICKET_EVENT_TYPES, TICKET_STATUSES, type TicketStatus } from './ticket.entity.js';
import { enumOf } from '../../lib/graphql-enum.js';
import { TICKET_ORDERS, type PersonName } from './ticket.list.js';

export const TicketStatusEnum = enumOf(TICKET_STATUSES);
registerEnumType(TicketStatusEnum, {
  name: 'TicketStatus',
  valuesConfig: {
    NEW: { description: 'Filed, not yet taken.' },
    IN_PROGRESS: { description: 'Support is working on it.' },
    WAITING_FOR_CUSTOMER: { description: 'Support asked the customer something; the SLA clock is paused.' },
    RESOLVED: { description: 'Answered; the customer may reopen it for 14 days.' },
    CLOSED: { description: 'Final.' },
    REOPENED: { description: 'Reopened after resolution; worked again.' },
  },
});
export const TicketOrderEnum = enumOf(TICKET_ORDERS);
registerEnumType(TicketOrderEnum, {
  name: 'TicketOrder',
  description:
    'NEWEST or OLDEST first; DUE_SOONEST: open tickets by their next due time (first response, then resolution).',
});

export const ReplyChannelEnum = enumOf(REPLY_CHANNELS);
registerEnumType(ReplyChannelEnum, { name: 'ReplyChannel', description: 'Where the customer wants answers.' });
export const TicketEventTypeEnum = enumOf(TICKET_EVENT_TYPES);
registerEnumType(TicketEventTypeEnum, { name: 'TicketEventType' });

@ObjectType('TicketParticipant', { description: 'Someone in a ticket: the customer, an agent, or the platform.' })
export class TicketParticipantType {
  @Field(() => ID, { nullable: true })
  id!: string | null;

  @Field(() => String)
  displayName!: string;
}

@ObjectType('Attachment')
export class AttachmentType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => Int)
  size!: number;
}

@ObjectType('TicketMessage')
export class TicketMessageType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'As written; render as plain text.' })
  body!: string;

  @Field(() => Boolean, { description: 'An internal note (staff only).' })
  internal!: boolean;

  @Field(() => String, { description: 'CUSTOMER, STAFF or SYSTEM.' })
  authorRole!: string;

  @Field(() => TicketParticipantType)
  author!: TicketParticipantType;

  @Field(() => Date)
  createdAt!: Date;

  ticketId!: string;
}

@ObjectType('TicketHistoryEvent', { description: 'One entry of a ticket’s history.' })
export class TicketHistoryEventType {
  @Field(() => ID)
  id!: string;

  @Field(() => TicketEventTypeEnum)
  type!: string;

  @Field(() => TicketParticipantType, {
    nullable: true,
    description: 'Null for the platform’s own actions. A staff member’s id is for staff only (null for the owner).',
  })
  actor!: TicketParticipantType | null;

  @Field(() => Boolean, { description: 'Shown to the customer.' })
  public!: boolean;

  @Field(() => GraphQLJSONObject, {
    description:
      'What changed, e.g. { from, to }. Staff read every key; the owner only the public ones (their own words, ' +
      'no staff reasons, no assignee): the table is README "Security".',
  })
  data!: Record<string, unknown>;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('TicketCategoryRef')
export class TicketCategoryRefType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;
}

@ObjectType('Ticket', {
  description:
    'An appeal, whole: for its owner (the customer who filed it) and staff only. API keys never read it; they ' +
    'follow TicketEvent (the integrator view).',
})
export class TicketType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Human-readable, e.g. T-2026-0000123; write it in email subjects.' })
  number!: string;

  @Field(() => TicketStatusEnum)
  status!: string;

  @Field(() => TicketCategoryRefType)
  category!: TicketCategoryRefType;

  @Field(() => SupportProblemType)
  problem!: SupportProblemType;

  @Field(() => String, { nullable: true, description: 'The subject given for «Другое». Personal: owner and staff.' })
  otherSubject!: string | null;

  @Field(() => String, { nullable: true, description: 'Personal: owner and staff.' })
  orderNumber!: string | null;

  @Field(() => String, { description: 'The customer’s own words. Personal: owner and staff.' })
  description!: string;

  @Field(() => ReplyChannelEnum)
  replyChannel!: string;

  @Field(() => Boolean)
  urgent!: boolean;

  @Field(() => SlaClassEnum)
  slaClass!: string;

  @Field(() => Date)
  firstResponseDueAt!: Date;

  @Field(() => Date)
  resolutionDueAt!: Date;

  @Field(() => Date, { nullable: true })
  firstRespondedAt!: Date | null;

  @Field(() => Boolean, { description: 'The SLA clock is paused while support waits for the customer.' })
  slaPaused!: boolean;

  @Field(() => Boolean)
  slaBreached!: boolean;

  @Field(() => Boolean, { description: 'Handed to a senior specialist.' })
  escalated!: boolean;

  @Field(() => Int, { nullable: true })
  rating!: number | null;

  @Field(() => String, { nullable: true, description: 'Personal: owner and staff.' })
  ratingComment!: string | null;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  customerId!: string;
  assigneeId!: string | null;
  /**
   * Set by a list whose query shows no more of its tickets' people than their id and name: those, read in the page's
   * statement (`assignee` and `customer` answer with them).
   */
  peopleNames?: { assignee: PersonName | null; customer: PersonName | undefined };
}

export const TicketConnection = connectionType('Ticket', TicketType, {
  description: 'A page of appeals.',
  totalCount: false,
});

@ArgsType()
export class MyTicketsArgs extends ForwardPageArgs {
  @Field(() => TicketStatusEnum, { nullable: true, description: 'Only appeals in this status.' })
  status?: TicketStatus | null;
}

/** An order number as people write it: digits and dashes, starting and ending with a digit. */
export const ORDER_NUMBER = /^[0-9][0-9-]{3,38}[0-9]$/;
export const IDEMPOTENCY_KEY = /^[\w-]{8,100}$/;

@ArgsType()
export class TicketNumberArgs {
  @Field(() => String, {
    description: 'The number as shown to the customer, e.g. T-2026-0000123 (up to 20 characters).',
  })
  @IsString()
  @TextLength(1, 20)
  number!: string;
}

@ArgsType()
export class TicketReasonArgs {
  @Field(() => ID)
  @IsString()
  ticketId!: string;

  @Field(() => String, { nullable: true, description: 'Why, up to 500 characters.' })
  @IsOptional()
  @IsString()
  @TextLength(0, 500)
  reason?: string | null;
}

@InputType()
@FieldsRule<CreateTicketInput>((input): Record<string, FieldRule> | undefined => {
  // A problem, or a category with a subject for its «Другое».
  if (!input.problemId && !input.categoryId) return { problemId: { rule: 'requiredWithout', other: 'categoryId' } };
  if (!input.problemId && !input.otherSubject?.trim()) return { otherSubject: { rule: 'required' } };
  return undefined;
})
export class CreateTicketInput {
  @Field(() => ID, { nullable: true, description: 'The problem; or give categoryId and otherSubject for «Другое».' })
  @IsOptional()
  @IsString()
  problemId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  categoryId?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 200 characters; required for «Другое».' })
  @IsOptional()
  @IsString()
  @TextLength(0, 200)
  otherSubject?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Required when the problem says so: 5 to 40 digits and dashes, starting and ending with a digit. Blank is absent.',
  })
  @IsOptional()
  @IsString()
  @TextLength(5, 40, { orBlank: true })
  @HasFormat('orderNumber', ORDER_NUMBER, { orBlank: true })
  orderNumber?: string | null;

  @Field(() => String, { description: 'Concise but required: 10 to 5000 characters (trimmed).' })
  @IsString()
  @TextLength(10, 5000)
  description!: string;

  @Field(() => [ID], { nullable: true, description: 'Uploaded files (POST /uploads), at most 5.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  attachmentIds?: string[] | null;

  @Field(() => ReplyChannelEnum)
  @IsIn(REPLY_CHANNELS)
  replyChannel!: (typeof REPLY_CHANNELS)[number];

  @Field(() => String, { nullable: true, description: 'Where to email answers (EMAIL), if the account has none yet.' })
  @IsOptional()
  @IsString()
  @TextLength(0, 254)
  email?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Ask for urgent handling (2 hours) where the problem allows it.',
  })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean | null;

  @Field(() => String, {
    description:
      'Client-generated, 8 to 100 letters, digits, - or _; a retry with the same key returns the same ticket.',
  })
  @IsString()
  @HasFormat('key', IDEMPOTENCY_KEY)
  idempotencyKey!: string;
}

@InputType()
export class TicketMessageInput {
  @Field(() => ID)
  @IsString()
  ticketId!: string;

  @Field(() => String, { description: 'Up to 5000 characters, not blank.' })
  @IsString()
  @TextLength(1, 5000)
  body!: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  attachmentIds?: string[] | null;
}

@InputType()
export class ReplyToTicketInput extends TicketMessageInput {
  @Field(() => Boolean, { defaultValue: false, description: 'An internal note, not sent to the customer.' })
  @IsBoolean()
  internal!: boolean;
}

@InputType()
export class RateTicketInput {
  @Field(() => ID)
  @IsString()
  ticketId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 1000)
  comment?: string | null;
}

@InputType()
export class StaffTicketFilterInput {
  @Field(() => [TicketStatusEnum], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsIn(TICKET_STATUSES, { each: true })
  statuses?: (typeof TICKET_STATUSES)[number][] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  categoryId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  problemId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  customerId?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  unassigned?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  slaBreached?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Open tickets due within this many minutes.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60 * 24 * 30)
  dueWithinMinutes?: number | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  createdFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  createdTo?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 20)
  number?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 40)
  orderNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Words in the description or subject.' })
  @IsOptional()
  @IsString()
  @TextLength(0, 200)
  text?: string | null;
}
