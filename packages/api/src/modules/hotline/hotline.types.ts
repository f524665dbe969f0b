import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../lib/scalars.js';
import { FieldsRule, HasFormat, TextLength, type FieldRule } from '../../lib/field-rules.js';
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DAY_OVERRIDES } from '../calendar/calendar.entity.js';
import { enumOf } from '../../lib/graphql-enum.js';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** `opens` before `closes`, once both are times (HH:mm compares as text). */
function opensBeforeCloses(hours: {
  opens?: string | null;
  closes?: string | null;
}): Record<string, FieldRule> | undefined {
  const [opens, closes] = [hours.opens?.trim() ?? '', hours.closes?.trim() ?? ''];
  if (!CLOCK.test(opens) || !CLOCK.test(closes) || opens < closes) return undefined;
  return { opens: { rule: 'before', other: 'closes' } };
}

@ObjectType('HotlineDayHours', { description: 'Opening hours of a weekday, Moscow time.' })
export class HotlineDayHoursType {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday ... 7 = Sunday.' })
  weekday!: number;

  @Field(() => String, { description: 'HH:mm' })
  opens!: string;

  @Field(() => String, { description: 'HH:mm (closed from this minute)' })
  closes!: string;
}

@ObjectType('HotlineException', { description: 'A date when the hotline is closed or keeps special hours.' })
export class HotlineExceptionType {
  @Field(() => LocalDateScalar)
  date!: string;

  @Field(() => Boolean)
  closed!: boolean;

  @Field(() => String, { nullable: true })
  opens!: string | null;

  @Field(() => String, { nullable: true })
  closes!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('Hotline', { description: 'The support hotline, for checking the status of a request.' })
export class HotlineType {
  @Field(() => String, { description: 'E.164.' })
  phone!: string;

  @Field(() => String, { description: 'As people write it: +7 958 400-00-05.' })
  phoneDisplay!: string;

  @Field(() => String, { nullable: true })
  extension!: string | null;

  @Field(() => String)
  timezone!: string;

  @Field(() => [HotlineDayHoursType], { description: 'Weekdays absent from the list are closed.' })
  weeklyHours!: HotlineDayHoursType[];

  @Field(() => [HotlineExceptionType], { description: 'Upcoming exceptions, by date.' })
  exceptions!: HotlineExceptionType[];

  @Field(() => Boolean)
  isOpenNow!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it opens next; null while open.' })
  nextOpenAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it closes; null while closed.' })
  closesAt!: Date | null;

  @Field(() => String, { description: 'What the hotline is for, in the language of Accept-Language.' })
  purpose!: string;

  @Field(() => String)
  purposeRu!: string;

  @Field(() => String)
  purposeEn!: string;
}

@InputType()
@FieldsRule(opensBeforeCloses)
export class HotlineDayHoursInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @Field(() => String)
  @HasFormat('time', CLOCK)
  opens!: string;

  @Field(() => String)
  @HasFormat('time', CLOCK)
  closes!: string;
}

@InputType()
@FieldsRule<UpdateHotlineInput>((input): Record<string, FieldRule> | undefined => {
  // Each weekday once (1 = Monday … 7 = Sunday).
  const seen = new Set<number>();
  for (const [index, day] of (input.weeklyHours ?? []).entries()) {
    if (seen.has(day.weekday)) return { [`weeklyHours.${index}.weekday`]: { rule: 'unique' } };
    seen.add(day.weekday);
  }
  return undefined;
})
export class UpdateHotlineInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 32)
  phone?: string | null;

  @Field(() => String, { nullable: true, description: '1 to 10 digits; empty to remove.' })
  @IsOptional()
  @IsString()
  @TextLength(0, 10)
  @HasFormat('digits', /^\d{1,10}$/, { orBlank: true })
  extension?: string | null;

  @Field(() => [HotlineDayHoursInput], { nullable: true, description: 'Replaces the whole week.' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  weeklyHours?: HotlineDayHoursInput[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 300)
  purposeRu?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 300)
  purposeEn?: string | null;
}

@InputType()
@FieldsRule<HotlineExceptionInput>((input): Record<string, FieldRule> | undefined => {
  // Both times (special hours) or neither (closed all day).
  if (input.opens && !input.closes) return { closes: { rule: 'requiredWith', other: 'opens' } };
  if (input.closes && !input.opens) return { opens: { rule: 'requiredWith', other: 'closes' } };
  return opensBeforeCloses(input);
})
export class HotlineExceptionInput {
  @Field(() => LocalDateScalar)
  @IsString()
  date!: string;

  @Field(() => String, { nullable: true, description: 'With closes: special hours. Both absent: closed all day.' })
  @IsOptional()
  @HasFormat('time', CLOCK)
  opens?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @HasFormat('time', CLOCK)
  closes?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 200)
  note?: string | null;
}

export const DayKindEnum = enumOf(DAY_OVERRIDES);
registerEnumType(DayKindEnum, {
  name: 'CalendarDayKind',
  valuesConfig: {
    HOLIDAY: { description: 'A non-working day (a public holiday or a day off moved onto a weekday).' },
    WORKING_DAY: { description: 'A weekend made a working day (a transferred working day).' },
  },
});

@ObjectType('CalendarDay', { description: 'A date of the Moscow business calendar that differs from Monday–Friday.' })
export class CalendarDayType {
  @Field(() => LocalDateScalar)
  date!: string;

  @Field(() => DayKindEnum)
  kind!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@InputType()
export class CalendarDayInput {
  @Field(() => LocalDateScalar)
  @IsString()
  date!: string;

  @Field(() => DayKindEnum)
  @IsIn(DAY_OVERRIDES)
  kind!: (typeof DAY_OVERRIDES)[number];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 120)
  name?: string | null;
}

export const ChannelKindEnum = {
  ONLINE_CHAT: 'ONLINE_CHAT',
  HOTLINE: 'HOTLINE',
  EMAIL: 'EMAIL',
  SOCIAL: 'SOCIAL',
} as const;
registerEnumType(ChannelKindEnum, { name: 'SupportChannelKind' });

@ObjectType('SupportChannel', { description: 'A way to reach support, for the Help screen.' })
export class SupportChannelType {
  @Field(() => ChannelKindEnum)
  kind!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'What to use it for.' })
  purpose!: string;

  @Field(() => String, { nullable: true, description: 'Phone, address or link.' })
  contact!: string | null;

  @Field(() => String, { nullable: true })
  extension!: string | null;

  @Field(() => Boolean)
  availableNow!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it is available next, while it is not.' })
  nextAvailableAt!: Date | null;

  @Field(() => String, { description: 'Expected response time, in words.' })
  expectedResponse!: string;

  @Field(() => Int, { description: 'Expected response time, in minutes (for sorting and badges).' })
  expectedResponseMinutes!: number;

  @Field(() => [String], { description: 'Rules to follow, e.g. the request number in the email subject.' })
  rules!: string[];
}

@ArgsType()
@FieldsRule<CalendarRangeArgs>(({ from, to }): Record<string, FieldRule> | undefined =>
  from && to && from > to ? { from: { rule: 'before', other: 'to' } } : undefined,
)
export class CalendarRangeArgs {
  @Field(() => LocalDateScalar)
  from!: string;

  @Field(() => LocalDateScalar, { description: 'Not before `from`.' })
  to!: string;
}
