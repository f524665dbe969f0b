import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { LocalDateScalar } from '../../lib/scalars.js';
import type { Context } from '../../lib/context.js';
import { localized } from '../../lib/locale.js';
import type { HotlineView } from './hotline.service.js';
import {
  CalendarRangeArgs,
  CalendarDayInput,
  CalendarDayType,
  HotlineExceptionInput,
  HotlineType,
  SupportChannelType,
  UpdateHotlineInput,
} from './hotline.types.js';
import { displayPhone, supportChannels } from './support-channels.js';

const toHotline = ({ settings, exceptions, status }: HotlineView, locale: 'ru' | 'en'): HotlineType => ({
  phone: settings.phone,
  phoneDisplay: displayPhone(settings.phone),
  extension: settings.extension ?? null,
  timezone: settings.timeZone,
  weeklyHours: settings.weeklyHours,
  exceptions: exceptions.map((exception) => ({
    date: exception.date,
    closed: !exception.opens,
    opens: exception.opens ?? null,
    closes: exception.closes ?? null,
    note: exception.note ?? null,
  })),
  isOpenNow: status.isOpenNow,
  nextOpenAt: status.nextOpenAt,
  closesAt: status.closesAt,
  purpose: localized(locale, settings.purposeRu, settings.purposeEn),
  purposeRu: settings.purposeRu,
  purposeEn: settings.purposeEn,
});

@Resolver()
export class HotlineResolver {
  @Query(() => HotlineType, { description: 'The hotline: number, hours, and whether it is open now (Moscow time).' })
  async hotline(@Ctx() ctx: Context): Promise<HotlineType> {
    return toHotline(await ctx.services.hotline.get(ctx.em), ctx.locale);
  }

  @Query(() => [SupportChannelType], { description: 'Ways to reach support, what each is for, and response times.' })
  async supportChannels(@Ctx() ctx: Context): Promise<SupportChannelType[]> {
    return supportChannels(await ctx.services.hotline.get(ctx.em), ctx.locale);
  }

  @Authorized('ADMIN')
  @Mutation(() => HotlineType, { description: 'Edits the number, extension, weekly hours or purpose (audited).' })
  async updateHotline(@Arg('input', () => UpdateHotlineInput) input: UpdateHotlineInput, @Ctx() ctx: Context) {
    await ctx.services.hotline.update(ctx.em, ctx.viewer!, input, ctx.requestId);
    return toHotline(await ctx.services.hotline.get(ctx.em.fork()), ctx.locale);
  }

  @Authorized('ADMIN')
  @Mutation(() => HotlineType, { description: 'Closes the hotline on a date or sets special hours (audited).' })
  async setHotlineException(
    @Arg('input', () => HotlineExceptionInput) input: HotlineExceptionInput,
    @Ctx() ctx: Context,
  ) {
    await ctx.services.hotline.setException(ctx.em, ctx.viewer!, input, ctx.requestId);
    return toHotline(await ctx.services.hotline.get(ctx.em.fork()), ctx.locale);
  }

  @Authorized('ADMIN')
  @Mutation(() => HotlineType)
  async removeHotlineException(@Arg('date', () => LocalDateScalar) date: string, @Ctx() ctx: Context) {
    await ctx.services.hotline.removeException(ctx.em, ctx.viewer!, date, ctx.requestId);
    return toHotline(await ctx.services.hotline.get(ctx.em.fork()), ctx.locale);
  }

  @Authorized('AGENT', 'SENIOR_AGENT', 'ADMIN')
  @Query(() => [CalendarDayType], { description: 'Holidays and transferred working days between two dates.' })
  async businessCalendar(
    @Args(() => CalendarRangeArgs) { from, to }: CalendarRangeArgs,
    @Ctx() ctx: Context,
  ): Promise<CalendarDayType[]> {
    const days = await ctx.services.calendar.list(ctx.em, from, to);
    return days.map((day) => ({ date: day.date, kind: day.kind, name: day.name ?? null }));
  }

  @Authorized('ADMIN')
  @Mutation(() => CalendarDayType, { description: 'Marks a date a holiday or a transferred working day (audited).' })
  async setCalendarDay(@Arg('input', () => CalendarDayInput) input: CalendarDayInput, @Ctx() ctx: Context) {
    const day = await ctx.services.calendar.set(ctx.em, ctx.viewer!, input, ctx.requestId);
    return { date: day.date, kind: day.kind, name: day.name ?? null };
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean, { description: 'Returns a date to the weekday rule; false if it had no entry.' })
  async removeCalendarDay(@Arg('date', () => LocalDateScalar) date: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.calendar.remove(ctx.em, ctx.viewer!, date, ctx.requestId);
  }
}
