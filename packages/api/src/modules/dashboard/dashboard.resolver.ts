import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { LocalDateScalar } from '../../lib/scalars.js';
import type { Context } from '../../lib/context.js';
import { STAFF_ROLES } from '../../lib/roles.js';
import { SupportStatsType } from './dashboard.types.js';

@Resolver()
export class DashboardResolver {
  @Authorized(...STAFF_ROLES)
  @Query(() => SupportStatsType, {
    description:
      'Support statistics for staff: tickets filed and resolved per Moscow day, open tickets by status, SLA ' +
      'compliance and median first response per category. Defaults to the last 30 days; at most 366 days.',
  })
  async supportStats(
    @Arg('from', () => LocalDateScalar, { nullable: true, description: 'First day (default: 29 days before `to`).' })
    from: string | null,
    @Arg('to', () => LocalDateScalar, { nullable: true, description: 'Last day, included (default: today).' })
    to: string | null,
    @Ctx() ctx: Context,
  ): Promise<SupportStatsType> {
    const stats = await ctx.services.dashboard.supportStats(ctx.em, { from, to }, ctx.locale);
    return {
      from: stats.range.from,
      to: stats.range.to,
      timeZone: stats.timeZone,
      days: stats.days,
      openByStatus: stats.openByStatus,
      overall: stats.overall,
      categories: stats.categories,
    };
  }
}
