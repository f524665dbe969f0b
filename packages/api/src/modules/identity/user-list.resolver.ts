import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { ForwardPageArgs } from '../../lib/connection.types.js';
import type { Context } from '../../lib/context.js';
import { toUser } from './identity.resolver.js';
import { UserConnection, UserFilterInput } from './user-list.types.js';

@Resolver()
export class UserListResolver {
  @Authorized('ADMIN')
  @Query(() => UserConnection, {
    description: 'Accounts for admins, newest first: by name or phone, and by role; keyset-paged.',
  })
  async users(
    @Arg('filter', () => UserFilterInput, { nullable: true }) filter: UserFilterInput | null,
    @Args(() => ForwardPageArgs) page: ForwardPageArgs,
    @Ctx() ctx: Context,
  ) {
    return (await ctx.services.userList.list(ctx.em, filter ?? {}, page)).map(toUser);
  }
}
