import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer, type Context } from '../../lib/context.js';
import type { User } from './identity.entity.js';
import {
  AuthSessionType,
  DeviceSessionType,
  LoginChallengeType,
  PushDeviceType,
  RegisterDeviceInput,
  RequestLoginCodeInput,
  SetRoleInput,
  UserType,
  VerifyLoginCodeInput,
  RefreshSessionArgs,
} from './identity.types.js';
import type { IssuedSession } from './session.service.js';

export const toUser = (user: User): UserType => ({
  id: user.id,
  phone: user.phone,
  roles: user.roles,
  displayName: user.displayName,
  createdAt: user.createdAt,
});

const toAuthSession = (issued: IssuedSession): AuthSessionType => ({
  accessToken: issued.accessToken,
  refreshToken: issued.refreshToken,
  expiresAt: issued.expiresAt,
  user: toUser(issued.user),
});

@Resolver()
export class IdentityResolver {
  @Query(() => UserType, { nullable: true, description: 'The logged-in account; null when anonymous.' })
  async me(@Ctx() ctx: Context): Promise<UserType | null> {
    if (!ctx.viewer) return null;
    return toUser(await ctx.services.users.get(ctx.em, ctx.viewer.userId));
  }

  @Authorized()
  @Query(() => [DeviceSessionType], { description: "The account's logged-in devices, most recent first." })
  async mySessions(@Ctx() ctx: Context): Promise<DeviceSessionType[]> {
    const viewer = requireViewer(ctx);
    const sessions = await ctx.services.sessions.list(ctx.em, viewer.userId);
    return sessions.map((session) => ({
      id: session.id,
      platform: session.platform ?? null,
      userAgent: session.userAgent ?? null,
      location: session.location ?? null,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      current: session.id === viewer.sessionId,
    }));
  }

  @Mutation(() => LoginChallengeType, {
    description: 'Sends a one-time code. The answer is the same whether or not the phone has an account.',
  })
  async requestLoginCode(
    @Arg('input', () => RequestLoginCodeInput) input: RequestLoginCodeInput,
    @Ctx() ctx: Context,
  ): Promise<LoginChallengeType> {
    return ctx.services.login.requestCode(ctx.em, input, ctx);
  }

  @Mutation(() => AuthSessionType, { description: 'Checks the code; the first successful login creates the account.' })
  async verifyLoginCode(
    @Arg('input', () => VerifyLoginCodeInput) input: VerifyLoginCodeInput,
    @Ctx() ctx: Context,
  ): Promise<AuthSessionType> {
    const issued = await ctx.services.login.verifyCode(ctx.em, input, { ...ctx, platform: input.platform ?? null });
    return toAuthSession(issued);
  }

  @Mutation(() => AuthSessionType, { description: 'A new token pair; the refresh token given is spent.' })
  async refreshSession(
    @Args(() => RefreshSessionArgs) { refreshToken }: RefreshSessionArgs,
    @Ctx() ctx: Context,
  ): Promise<AuthSessionType> {
    return toAuthSession(await ctx.services.sessions.refresh(ctx.em, refreshToken, ctx));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends the current session.' })
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    const viewer = requireViewer(ctx);
    await ctx.services.sessions.revoke(ctx.em, viewer.userId, 'logout', viewer.sessionId);
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends every session of the account, this one included.' })
  async logoutEverywhere(@Ctx() ctx: Context): Promise<boolean> {
    const viewer = requireViewer(ctx);
    await ctx.services.sessions.revoke(ctx.em, viewer.userId, 'logout_everywhere');
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends one of your sessions (its open sockets close at once).' })
  async revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.sessions.revokeOwn(ctx.em, requireViewer(ctx), id);
    return true;
  }

  @Authorized()
  @Mutation(() => PushDeviceType, {
    description: 'Registers this device for push notifications (and PUSH login codes).',
  })
  async registerDevice(
    @Arg('input', () => RegisterDeviceInput) input: RegisterDeviceInput,
    @Ctx() ctx: Context,
  ): Promise<PushDeviceType> {
    return ctx.services.users.registerDevice(ctx.em, requireViewer(ctx), input.token, input.platform);
  }

  @Authorized('ADMIN')
  @Mutation(() => UserType, { description: 'Gives a role to an account (admins only; audited).' })
  async grantRole(@Arg('input', () => SetRoleInput) input: SetRoleInput, @Ctx() ctx: Context): Promise<UserType> {
    return toUser(
      await ctx.services.users.setRole(ctx.em, requireViewer(ctx), input.userId, input.role, true, ctx.requestId),
    );
  }

  @Authorized('ADMIN')
  @Mutation(() => UserType, { description: 'Takes a role from an account (admins only; audited).' })
  async revokeRole(@Arg('input', () => SetRoleInput) input: SetRoleInput, @Ctx() ctx: Context): Promise<UserType> {
    return toUser(
      await ctx.services.users.setRole(ctx.em, requireViewer(ctx), input.userId, input.role, false, ctx.requestId),
    );
  }

  @Authorized('AGENT', 'SENIOR_AGENT', 'ADMIN')
  @Query(() => UserType, { description: 'Any account, for staff.' })
  async user(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UserType> {
    return toUser(await ctx.services.users.get(ctx.em, id));
  }
}
