import { type Connection, type PageRequest, entityKeyset, findPage } from '../../lib/connection.js';
import { LockMode } from '@mikro-orm/core';
import { messages } from '../notify/messages.js';
import { EMAIL } from '../../lib/checks.js';
import type { Em } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { badInput, notFound } from '../../lib/errors.js';
import type { FieldRule } from '../../lib/field-rules.js';
import { walletError } from './wallet.errors.js';
import { isUuid } from '../../lib/ids.js';
import type { RateLimits } from '../../lib/rate-limit.js';
import { User } from '../identity/identity.entity.js';
import { normalizePhone } from '../identity/phone.js';
import { recordAudit } from '../audit/audit.service.js';
import { codeWordMatches, codeWordProblem, hashCodeWord, isLegacyCodeWordHash } from './code-word.js';
import { CardApplication } from './wallet.entity.js';
import type { WalletNotices } from './wallet.notices.js';

const CODE_WORD_CHECKS = { name: 'code-word-check', points: 5, durationSeconds: 3600 };

/** The marketplace card: the customer's application, staff decisions, and the code word support asks callers. */
export class CardService {
  constructor(
    private readonly deps: {
      notices: WalletNotices;
      rateLimits: RateLimits;
    },
  ) {}

  // ---- the card ----

  async applyForCard(
    em: Em,
    viewer: Viewer,
    input: { phone?: string | null; email: string; codeWord: string },
  ): Promise<CardApplication> {
    const user = await em.findOneOrFail(User, { id: viewer.userId });
    const phone = input.phone ? normalizePhone(input.phone) : user.phone;
    const email = input.email.trim().toLowerCase();
    const fields: Record<string, FieldRule> = {};
    if (!EMAIL.test(email)) fields['input.email'] = { rule: 'format', format: 'email' };
    if (codeWordProblem(input.codeWord, phone)) fields['input.codeWord'] = { rule: 'format', format: 'codeWord' };
    if (Object.keys(fields).length) throw badInput('The application is incomplete', fields);
    const codeWordHash = await hashCodeWord(input.codeWord);
    return em.transactional(async (tx) => {
      const existing = await tx.findOne(CardApplication, { userId: user.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (existing && existing.status !== 'REJECTED')
        throw walletError('CARD_ALREADY_APPLIED', `You have applied already; the application is ${existing.status}`, {
          status: existing.status,
        });
      const application =
        existing ??
        tx.create(CardApplication, {
          userId: user.id,
          phone,
          email,
          codeWordHash,
          status: 'SUBMITTED',
          rejectionReason: null,
          codeWordResetAt: null,
          codeWordResetBy: null,
        });
      Object.assign(application, { phone, email, codeWordHash, status: 'SUBMITTED', rejectionReason: null });
      this.deps.notices.tell(tx, user, 'card_applied', messages.cardApplied());
      return application;
    });
  }

  myCardApplication(em: Em, viewer: Viewer): Promise<CardApplication | null> {
    return em.findOne(CardApplication, { userId: viewer.userId });
  }

  cardApplication(em: Em, id: string): Promise<CardApplication | null> {
    return isUuid(id) ? em.findOne(CardApplication, { id }) : Promise.resolve(null);
  }

  /** Applications newest first, optionally of one status and with a phone containing the given digits. */
  cardApplications(
    em: Em,
    filter: { status?: string | null; phone?: string | null },
    request: PageRequest,
  ): Promise<Connection<CardApplication>> {
    let digits = (filter.phone ?? '').replace(/\D/g, '');
    // At least 4 digits when given: declared on CardApplicationsArgs, checked at the boundary.
    // A Russian number typed the domestic way (8 900 ...) is stored as +7 900 ...
    if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
    return findPage(
      em,
      CardApplication,
      CARD_APPLICATIONS,
      {
        ...(filter.status ? { status: filter.status as CardApplication['status'] } : {}),
        ...(digits ? { phone: { $like: `%${digits}%` } } : {}),
      },
      request,
    );
  }

  /** Staff move an application: SUBMITTED → APPROVED or REJECTED (with a reason); APPROVED → ISSUED. */
  async decideCard(
    em: Em,
    staff: Viewer,
    id: string,
    decision: 'APPROVED' | 'REJECTED' | 'ISSUED',
    reason: string | null,
    requestId: string,
  ) {
    return em.transactional(async (tx) => {
      const application = isUuid(id)
        ? await tx.findOne(CardApplication, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      if (!application) throw notFound('Card application');
      const allowed = { APPROVED: 'SUBMITTED', REJECTED: 'SUBMITTED', ISSUED: 'APPROVED' } as const;
      if (application.status !== allowed[decision])
        throw walletError(
          'CARD_DECISION_INVALID',
          `An application that is ${application.status} cannot become ${decision}`,
          { status: application.status },
        );
      // A rejection's reason is required: declared on DecideCardArgs, checked at the boundary before any state.
      const before = application.status;
      application.status = decision;
      application.rejectionReason = decision === 'REJECTED' ? reason!.trim() : null;
      recordAudit(tx, {
        actorId: staff.userId,
        action: 'card.decided',
        subjectType: 'CardApplication',
        subjectId: id,
        before: { status: before },
        after: { status: decision, reason },
        requestId,
      });
      const user = await tx.findOneOrFail(User, { id: application.userId });
      this.deps.notices.tell(tx, user, `card_${decision.toLowerCase()}`, messages.cardDecided(decision, reason));
      return application;
    });
  }

  /** Staff check a code word a caller says; limited per account, audited either way. */
  async verifyCodeWord(em: Em, staff: Viewer, userId: string, codeWord: string, requestId: string): Promise<boolean> {
    if (!isUuid(userId)) throw notFound('User');
    await this.deps.rateLimits.consume(
      CODE_WORD_CHECKS,
      userId,
      'Too many code word checks for this account; try later',
    );
    const application = await em.findOne(CardApplication, { userId });
    if (!application) throw notFound('Card application');
    const stored = application.codeWordHash;
    const matches = stored ? await codeWordMatches(codeWord, stored) : false;
    // A hash from before the normal form is replaced by one of it once the word is known to match.
    const upgraded = matches && stored && isLegacyCodeWordHash(stored) ? await hashCodeWord(codeWord) : null;
    await em.transactional(async (tx) => {
      if (upgraded)
        await tx.nativeUpdate(
          CardApplication,
          { id: application.id, codeWordHash: stored },
          { codeWordHash: upgraded },
        );
      recordAudit(tx, {
        actorId: staff.userId,
        action: matches ? 'card.code_word_matched' : 'card.code_word_mismatched',
        subjectType: 'User',
        subjectId: userId,
        requestId,
      });
    });
    return matches;
  }

  /** After identifying the caller another way, staff clear a forgotten code word; the customer sets a new one. */
  async resetCodeWord(em: Em, staff: Viewer, userId: string, requestId: string): Promise<CardApplication> {
    return em.transactional(async (tx) => {
      const application = isUuid(userId)
        ? await tx.findOne(CardApplication, { userId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      if (!application) throw notFound('Card application');
      const staffUser = await tx.findOneOrFail(User, { id: staff.userId });
      application.codeWordHash = null;
      application.codeWordResetAt = new Date();
      application.codeWordResetBy = staffUser.displayName;
      recordAudit(tx, {
        actorId: staff.userId,
        action: 'card.code_word_reset',
        subjectType: 'User',
        subjectId: userId,
        requestId,
      });
      this.deps.notices.tell(
        tx,
        await tx.findOneOrFail(User, { id: userId }),
        'code_word_reset',
        messages.codeWordReset(staffUser.displayName),
      );
      return application;
    });
  }

  /** The customer sets a new code word after a reset. */
  async setCodeWord(em: Em, viewer: Viewer, codeWord: string): Promise<CardApplication> {
    const user = await em.findOneOrFail(User, { id: viewer.userId });
    if (codeWordProblem(codeWord, user.phone)) {
      throw badInput('Choose another code word', { codeWord: { rule: 'format', format: 'codeWord' } });
    }
    const hash = await hashCodeWord(codeWord);
    return em.transactional(async (tx) => {
      const application = await tx.findOne(
        CardApplication,
        { userId: viewer.userId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!application) throw notFound('Card application');
      if (application.codeWordHash)
        throw walletError(
          'CODE_WORD_ALREADY_SET',
          'A code word is set; support resets a forgotten one after identifying you',
        );
      application.codeWordHash = hash;
      return application;
    });
  }
}

const CARD_APPLICATIONS = entityKeyset<CardApplication>({
  list: 'cardApplications',
  keys: { createdAt: 'time', id: 'id' },
  direction: 'desc',
});
