import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../lib/context.js';
import { toUser } from './identity.resolver.js';
import { UserConnectionType, UserFilterInput } from './user-list.types.js';

@Resolver()
export class UserListResolver {
  @Authorized('ADMIN')
  @Query(() => UserConnectionType, {
    description: 'Accounts for admins, newest first: by name or phone, and by role; keyset-paged.',
  })
  async users(
    @Arg('filter', () => UserFilterInput, { nullable: true }) filter: UserFilterInput | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<UserConnectionType> {
    const page = await ctx.services.userList.list(ctx.em, filter ?? {}, { first, after });
    return {
      nodes: page.users.map(toUser),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    };
  }
}
