import { LocalDateScalar } from '../../lib/scalars.js';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { TicketCategoryRefType, TicketStatusEnum } from '../tickets/ticket.types.js';

@ObjectType('SupportStatsDay', { description: 'One Moscow calendar day of the range.' })
export class SupportStatsDayType {
  @Field(() => LocalDateScalar)
  date!: string;

  @Field(() => Int, { description: 'Tickets filed that day.' })
  created!: number;

  @Field(() => Int, { description: 'Tickets moved to RESOLVED that day (each ticket once per day).' })
  resolved!: number;
}

@ObjectType('TicketStatusCount')
export class TicketStatusCountType {
  @Field(() => TicketStatusEnum)
  status!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('SlaCompliance', {
  description: 'How many tickets met a due time, missed it, or are not yet due (and count neither way).',
})
export class SlaComplianceType {
  @Field(() => Int)
  met!: number;

  @Field(() => Int)
  missed!: number;

  @Field(() => Int, { description: 'Not answered (or resolved) yet, and not yet due.' })
  pending!: number;

  @Field(() => Float, { nullable: true, description: 'met / (met + missed), from 0 to 1; null when both are 0.' })
  rate!: number | null;
}

@ObjectType('SupportStatsSummary', { description: 'SLA and response times of the tickets filed in the range.' })
export class SupportStatsSummaryType {
  @Field(() => Int, { description: 'Tickets filed in the range.' })
  created!: number;

  @Field(() => SlaComplianceType, { description: 'The first public staff reply against its due time.' })
  firstResponse!: SlaComplianceType;

  @Field(() => SlaComplianceType, {
    description: 'Resolution against its due time; tickets closed without being resolved count neither way.',
  })
  resolution!: SlaComplianceType;

  @Field(() => Int, {
    nullable: true,
    description: 'Median time from filing to the first public staff reply, in seconds; null with no reply yet.',
  })
  medianFirstResponseSeconds!: number | null;
}

@ObjectType('CategorySupportStats')
export class CategorySupportStatsType extends SupportStatsSummaryType {
  @Field(() => TicketCategoryRefType)
  category!: TicketCategoryRefType;
}

@ObjectType('SupportStats', {
  description: 'Support statistics for a range of Moscow calendar days (both ends included), computed by the database.',
})
export class SupportStatsType {
  @Field(() => LocalDateScalar)
  from!: string;

  @Field(() => LocalDateScalar)
  to!: string;

  @Field(() => String, { description: 'The time zone that days are counted in (Europe/Moscow).' })
  timeZone!: string;

  @Field(() => [SupportStatsDayType], { description: 'Every day of the range, in order, zero-filled.' })
  days!: SupportStatsDayType[];

  @Field(() => [TicketStatusCountType], {
    description: 'Of the tickets filed in the range, those still open, per open status (zero-filled).',
  })
  openByStatus!: TicketStatusCountType[];

  @Field(() => SupportStatsSummaryType)
  overall!: SupportStatsSummaryType;

  @Field(() => [CategorySupportStatsType], { description: 'Categories with tickets filed in the range.' })
  categories!: CategorySupportStatsType[];
}
