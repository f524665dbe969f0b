import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { SlaClassEnum } from '../catalog/catalog.types.js';
import { TICKET_EVENT_TYPES } from '../tickets/ticket.entity.js';
import { TicketEventTypeEnum, TicketStatusEnum } from '../tickets/ticket.types.js';

@ObjectType('TicketSnapshot', {
  description:
    'The ticket as it was right after the event: the integrator view of a ticket (what an API key with ' +
    'tickets:read reads). No personal data: no description, order number, messages or customer.',
})
export class TicketSnapshotType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  number!: string;

  @Field(() => TicketStatusEnum)
  status!: string;

  @Field(() => ID)
  categoryId!: string;

  @Field(() => ID)
  problemId!: string;

  @Field(() => ID, { nullable: true, description: 'Staff and integrators only; null for customers.' })
  assigneeId!: string | null;

  @Field(() => SlaClassEnum)
  slaClass!: string;

  @Field(() => Boolean)
  urgent!: boolean;

  @Field(() => Boolean)
  slaBreached!: boolean;

  @Field(() => Boolean)
  escalated!: boolean;

  @Field(() => Date)
  firstResponseDueAt!: Date;

  @Field(() => Date)
  resolutionDueAt!: Date;
}

@ObjectType('EventActor')
export class EventActorType {
  @Field(() => ID)
  id!: string;
}

@ObjectType('TicketEvent', {
  description: 'A change to a ticket, in order: resume with `after` = the last position seen.',
})
export class TicketEventType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Monotonic position in the event log (a 64-bit integer as a string).' })
  position!: string;

  @Field(() => TicketEventTypeEnum)
  type!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => TicketSnapshotType)
  ticket!: TicketSnapshotType;

  @Field(() => EventActorType, {
    nullable: true,
    description: 'Who acted; null for the platform’s own actions. Customers see only themselves here (null for staff).',
  })
  actor!: EventActorType | null;

  @Field(() => GraphQLJSONObject, {
    description:
      'The changed fields, e.g. { from, to }. Staff read every key; integrators the structured ones (no free ' +
      'text); customers the public ones (their own words, no staff reasons or assignee). See README "Security".',
  })
  changes!: Record<string, unknown>;

  @Field(() => Boolean, { description: 'Visible to the customer.' })
  public!: boolean;
}

@InputType()
export class TicketEventFilterInput {
  @Field(() => [TicketEventTypeEnum], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsIn(TICKET_EVENT_TYPES, { each: true })
  types?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  categoryIds?: string[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  ticketId?: string | null;
}
