import { ForwardPageArgs } from '../../lib/connection.types.js';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { requireViewer, type Context } from '../../lib/context.js';
import { topics } from '../../lib/pubsub.js';
import { notFound } from '../../lib/errors.js';
import { loaderFor } from '../../lib/loaders.js';
import { User } from '../identity/identity.entity.js';
import { STAFF_ROLES } from '../../lib/roles.js';
import { UserType } from '../identity/identity.types.js';
import { formatRubles } from '../../lib/scalars.js';
import type { CardApplication, Withdrawal } from './wallet.entity.js';
import type { WalletView } from './wallet.service.js';
import {
  ApplyForCardInput,
  CardApplicationConnection,
  CardApplicationType,
  CodeWordArgs,
  CreditWalletInput,
  DecideCardArgs,
  ResolvePayoutArgs,
  VerifyCodeWordArgs,
  RequestWithdrawalInput,
  WalletChangeType,
  WalletTransactionConnection,
  WalletType,
  WithdrawalConnection,
  WithdrawalStatusEnum,
  WithdrawalType,
  CardApplicationsArgs,
} from './wallet.types.js';

const toWallet = (userId: string, view: WalletView): WalletType => ({
  userId,
  balance: view.balance,
  balanceFormatted: formatRubles(view.balance),
  available: view.available,
  availableFormatted: formatRubles(view.available),
  currency: 'RUB',
});

export const toWithdrawal = (w: Withdrawal): WithdrawalType => ({
  id: w.id,
  amount: w.amount,
  amountFormatted: formatRubles(w.amount),
  status: w.status,
  destinationKind: w.destinationKind,
  recipientName: w.recipientName ?? null,
  bik: w.bik ?? null,
  accountNumberMasked: w.accountNumber ? `•••• ${w.accountNumber.slice(-4)}` : null,
  failureCode: w.failureCode ?? null,
  userId: w.userId,
  createdAt: w.createdAt,
  updatedAt: w.updatedAt,
  completedAt: w.completedAt ?? null,
});

const toCard = (c: CardApplication): CardApplicationType => ({
  id: c.id,
  userId: c.userId,
  phone: c.phone,
  email: c.email,
  status: c.status,
  rejectionReason: c.rejectionReason ?? null,
  codeWordSet: Boolean(c.codeWordHash),
  codeWordResetAt: c.codeWordResetAt ?? null,
  codeWordResetBy: c.codeWordResetBy ?? null,
  createdAt: c.createdAt,
});

/** Payload of walletChanged: whose wallet changed. */
interface WalletChangedPayload {
  userId: string;
}

@Resolver(() => WalletType)
export class WalletResolver {
  @Authorized()
  @Query(() => WalletType, { description: 'The current user’s wallet.' })
  async wallet(@Ctx() ctx: Context): Promise<WalletType> {
    const viewer = requireViewer(ctx);
    return toWallet(viewer.userId, await ctx.services.wallet.wallet(ctx.em, viewer.userId));
  }

  @Authorized()
  @Query(() => WithdrawalConnection, { description: 'The current user’s withdrawals, newest first.' })
  async myWithdrawals(@Args(() => ForwardPageArgs) request: ForwardPageArgs, @Ctx() ctx: Context) {
    const userId = requireViewer(ctx).userId;
    return (await ctx.services.withdrawals.payouts(ctx.em, { userId }, request)).map(toWithdrawal);
  }

  @Authorized()
  @Mutation(() => WithdrawalType, {
    description: 'Withdraws to the user’s card or another bank: at least 100 rubles, or the whole balance below that.',
  })
  async requestWithdrawal(
    @Arg('input', () => RequestWithdrawalInput) input: RequestWithdrawalInput,
    @Ctx() ctx: Context,
  ) {
    return toWithdrawal(await ctx.services.withdrawals.requestWithdrawal(ctx.em, requireViewer(ctx), input));
  }

  @Authorized('ADMIN')
  @Mutation(() => WalletType, {
    description: 'Credits a wallet (refund, cashback, seller proceeds); idempotent by key.',
  })
  async creditWallet(@Arg('input', () => CreditWalletInput) input: CreditWalletInput, @Ctx() ctx: Context) {
    return toWallet(input.userId, await ctx.services.wallet.credit(ctx.em, requireViewer(ctx), input, ctx.requestId));
  }

  @Authorized(...STAFF_ROLES)
  @Query(() => WithdrawalConnection, { description: 'Payouts, newest first, with filters.' })
  async payouts(
    @Arg('status', () => WithdrawalStatusEnum, { nullable: true }) status: Withdrawal['status'] | null,
    @Arg('userId', () => ID, { nullable: true }) userId: string | null,
    @Args(() => ForwardPageArgs) request: ForwardPageArgs,
    @Ctx() ctx: Context,
  ) {
    return (await ctx.services.withdrawals.payouts(ctx.em, { status, userId }, request)).map(toWithdrawal);
  }

  @Authorized('ADMIN')
  @Mutation(() => WithdrawalType, {
    description:
      'Resolves a payout whose outcome is UNKNOWN after checking with the bank: COMPLETED settles it, FAILED ' +
      'returns the funds to the wallet. Admins only. Errors: NOT_FOUND, CONFLICT (the payout is not UNKNOWN).',
  })
  async resolvePayout(@Args(() => ResolvePayoutArgs) { id, outcome, note }: ResolvePayoutArgs, @Ctx() ctx: Context) {
    return toWithdrawal(
      await ctx.services.withdrawals.resolve(ctx.em, requireViewer(ctx), id, outcome, note ?? null, ctx.requestId),
    );
  }

  @Authorized('ADMIN')
  @Mutation(() => WithdrawalType, {
    description:
      'Sends a FAILED payout again (holding the funds again, a new attempt), or asks the bank again about an ' +
      'UNKNOWN one with the same idempotency key (never paid twice). Errors: NOT_FOUND, CONFLICT, INSUFFICIENT_FUNDS.',
  })
  async retryPayout(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return toWithdrawal(await ctx.services.withdrawals.retry(ctx.em, requireViewer(ctx), id, ctx.requestId));
  }

  @Authorized('ADMIN')
  @Mutation(() => WithdrawalType, {
    description:
      'Cancels a pending payout (the funds return to the wallet) or closes a failed one that will not be retried ' +
      '(its funds returned when it failed).',
  })
  async cancelPayout(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return toWithdrawal(await ctx.services.withdrawals.cancel(ctx.em, requireViewer(ctx), id, ctx.requestId));
  }

  @Subscription(() => WalletChangeType, {
    description: 'The current user’s wallet on every balance or withdrawal change.',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      const userId = requireViewer(ctx).userId;
      return ctx.services.pubsub.iterate(topics.walletChanged(userId));
    },
  })
  async walletChanged(@Root() change: WalletChangedPayload, @Ctx() ctx: Context): Promise<WalletChangeType> {
    const em = ctx.services.orm.em.fork();
    const [view, held] = await Promise.all([
      ctx.services.wallet.wallet(em, change.userId),
      ctx.services.withdrawals.held(em.fork(), change.userId),
    ]);
    return { wallet: toWallet(change.userId, view), activeWithdrawals: held.map(toWithdrawal) };
  }

  // ---- the card ----

  @Authorized()
  @Mutation(() => CardApplicationType, { description: 'Applies for the marketplace card.' })
  async applyForCard(@Arg('input', () => ApplyForCardInput) input: ApplyForCardInput, @Ctx() ctx: Context) {
    return toCard(await ctx.services.cards.applyForCard(ctx.em, requireViewer(ctx), input));
  }

  @Authorized()
  @Query(() => CardApplicationType, { nullable: true })
  async myCardApplication(@Ctx() ctx: Context): Promise<CardApplicationType | null> {
    const application = await ctx.services.cards.myCardApplication(ctx.em, requireViewer(ctx));
    return application ? toCard(application) : null;
  }

  @Authorized()
  @Mutation(() => CardApplicationType, {
    description:
      'Sets a new code word after support reset the old one: 6–32 letters or digits, compared after Unicode ' +
      'normalisation (NFKC), case folding, ё = е and collapsing spaces. Errors: BAD_USER_INPUT (fields.codeWord), ' +
      'NOT_FOUND (no card application), CONFLICT (a code word is set).',
  })
  async setCardCodeWord(@Args(() => CodeWordArgs) { codeWord }: CodeWordArgs, @Ctx() ctx: Context) {
    return toCard(await ctx.services.cards.setCodeWord(ctx.em, requireViewer(ctx), codeWord));
  }

  @Authorized(...STAFF_ROLES)
  @Query(() => CardApplicationConnection, { description: 'Card applications, newest first, with filters.' })
  async cardApplications(
    @Args(() => CardApplicationsArgs) { status = null, phone = null, first, after }: CardApplicationsArgs,
    @Ctx() ctx: Context,
  ) {
    return (await ctx.services.cards.cardApplications(ctx.em, { status, phone }, { first, after })).map(toCard);
  }

  @Authorized(...STAFF_ROLES)
  @Query(() => CardApplicationType, { description: 'One card application (staff).' })
  async cardApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CardApplicationType> {
    const application = await ctx.services.cards.cardApplication(ctx.em, id);
    if (!application) throw notFound('Card application');
    return toCard(application);
  }

  @Authorized('SENIOR_AGENT', 'ADMIN')
  @Mutation(() => CardApplicationType, { description: 'Approves, rejects (with a reason) or issues a card.' })
  async decideCardApplication(@Args(() => DecideCardArgs) args: DecideCardArgs, @Ctx() ctx: Context) {
    const { id, decision, reason = null } = args;
    return toCard(await ctx.services.cards.decideCard(ctx.em, requireViewer(ctx), id, decision, reason, ctx.requestId));
  }

  @Authorized(...STAFF_ROLES)
  @Mutation(() => Boolean, {
    description:
      'Checks a code word a caller says (5 per account per hour, audited): true if it matches after Unicode ' +
      'normalisation (NFKC), case folding, ё = е and collapsing spaces. Errors: RATE_LIMITED, NOT_FOUND.',
  })
  async verifyCodeWord(
    @Args(() => VerifyCodeWordArgs) { userId, codeWord }: VerifyCodeWordArgs,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.cards.verifyCodeWord(ctx.em, requireViewer(ctx), userId, codeWord, ctx.requestId);
  }

  @Authorized('SENIOR_AGENT', 'ADMIN')
  @Mutation(() => CardApplicationType, { description: 'Clears a forgotten code word after identifying the caller.' })
  async resetCodeWord(@Arg('userId', () => ID) userId: string, @Ctx() ctx: Context) {
    return toCard(await ctx.services.cards.resetCodeWord(ctx.em, requireViewer(ctx), userId, ctx.requestId));
  }

  @FieldResolver(() => WalletTransactionConnection, { description: 'The wallet’s movements, newest first.' })
  async transactions(
    @Root() wallet: WalletType,
    @Args(() => ForwardPageArgs) request: ForwardPageArgs,
    @Ctx() ctx: Context,
  ) {
    return (await ctx.services.wallet.transactions(ctx.em, wallet.userId, request)).map((row) => ({
      id: row.id,
      type: row.kind,
      amount: BigInt(row.amount),
      amountFormatted: formatRubles(BigInt(row.amount)),
      status: row.status ?? 'COMPLETED',
      counterparty: row.description,
      createdAt: new Date(row.created_at),
    }));
  }
}

/** Fields of a withdrawal that need more than its row, batched per request. */
@Resolver(() => WithdrawalType)
export class WithdrawalResolver {
  @FieldResolver(() => UserType, { description: 'Whose withdrawal it is (staff lists show the customer).' })
  async user(@Root() withdrawal: WithdrawalType, @Ctx() ctx: Context): Promise<UserType> {
    const user = await loaderFor(
      ctx,
      'wallet.withdrawalUser',
      async (ids) => {
        const users = await ctx.em.find(User, { id: { $in: [...ids] } });
        return new Map(
          users.map((u) => [
            u.id,
            { id: u.id, phone: u.phone, roles: u.roles, displayName: u.displayName, createdAt: u.createdAt },
          ]),
        );
      },
      null as UserType | null,
    ).load(withdrawal.userId);
    if (!user) throw notFound('User');
    return user;
  }
}
