import { randomInt } from 'node:crypto';
import { messages, smsMessages } from '../notify/messages.js';
import { LockMode } from '@mikro-orm/core';
import type { Em } from '../../db/orm.js';
import { isUuid, newId, pgArray } from '../../lib/ids.js';
import { DomainError, badInput, notFound } from '../../lib/errors.js';
import type { RateLimits, RateLimitRule } from '../../lib/rate-limit.js';
import type { NotifyService } from '../notify/notify.service.js';
import { LoginChallenge, PushDevice, User, type LOGIN_CHANNELS } from './identity.entity.js';
import { codeDestinationProblem, countryOf, normalizePhone } from './phone.js';
import type { Logger } from '../../lib/logger.js';
import type { ClientMeta, IssuedSession, SessionService } from './session.service.js';
import { CODE_LENGTH, codeMatches, generateCode, hashCode, type Keys } from './tokens.js';

export type LoginChannel = (typeof LOGIN_CHANNELS)[number];

export const CODE_TTL_MS = 5 * 60_000;
export const RESEND_COOLDOWN_MS = 60_000;
export const MAX_WRONG_ATTEMPTS = 5;

export interface LoginLimits {
  codesPerPhonePerHour: number;
  codesPerIpPerHour: number;
  verificationsPerIpPerHour: number;
  /** SMS and call codes per hour to one number range (the number without its last `rangeDigits` digits). */
  codesPerRangePerHour: number;
  rangeDigits: number;
  /** SMS and call codes per hour to one country. */
  codesPerCountryPerHour: number;
}

export interface LoginServiceOptions {
  keys: Keys;
  notify: NotifyService;
  sessions: SessionService;
  rateLimits: RateLimits;
  limits: LoginLimits;
  /** E.164 phones that hold ADMIN from their first login. */
  adminPhones: ReadonlySet<string>;
  /** Countries whose mobile numbers may get SMS and call codes (LOGIN_PHONE_COUNTRIES). */
  phoneCountries: readonly string[];
  logger: Logger;
}

export interface ChallengeView {
  id: string;
  channel: LoginChannel;
  expiresAt: Date;
  resendAvailableAt: Date;
  codeLength: number;
}

type VerifyOutcome =
  | { kind: 'ok'; issued: IssuedSession; newDevice: boolean }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'exceeded' }
  | { kind: 'expired' }
  | { kind: 'missing' };

/** Phone login with one-time codes: the challenge, its delivery, and its check. */
export class LoginService {
  private readonly rules: Record<'phone' | 'ip' | 'verifyIp' | 'range' | 'country', RateLimitRule>;
  /** How many times each velocity limit has tripped since start (each trip is also logged). */
  readonly velocityTrips: Record<'range' | 'country', number> = { range: 0, country: 0 };

  constructor(private readonly options: LoginServiceOptions) {
    const { limits } = options;
    this.rules = {
      phone: { name: 'login-code-phone', points: limits.codesPerPhonePerHour, durationSeconds: 3600 },
      ip: { name: 'login-code-ip', points: limits.codesPerIpPerHour, durationSeconds: 3600 },
      verifyIp: { name: 'login-verify-ip', points: limits.verificationsPerIpPerHour, durationSeconds: 3600 },
      range: { name: 'login-code-range', points: limits.codesPerRangePerHour, durationSeconds: 3600 },
      country: { name: 'login-code-country', points: limits.codesPerCountryPerHour, durationSeconds: 3600 },
    };
  }

  /**
   * Creates a challenge and queues the code on the chosen channel. The answer has the same shape and the same
   * work behind it whether or not the phone has an account (no enumeration); channels that need an account
   * (PUSH to its devices, SECURITY_CHAT to a live session) deliver nothing when it has none.
   */
  async requestCode(em: Em, input: { phone: string; channel: LoginChannel }, meta: ClientMeta): Promise<ChallengeView> {
    const phone = normalizePhone(input.phone);
    const paid = input.channel === 'SMS' || input.channel === 'CALL';
    if (paid) {
      const problem = codeDestinationProblem(phone, this.options.phoneCountries);
      if (problem) {
        throw badInput(`This number cannot get a code by ${input.channel}: ${problem}`, {
          'input.phone': { rule: 'format', format: 'mobilePhone' },
        });
      }
    }
    await this.options.rateLimits.consume(this.rules.ip, meta.ip, 'Too many login codes from this network; try later');
    const view = await em.transactional(async (tx) => {
      // One request per phone at a time, so the cooldown holds under parallel requests.
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`login-code:${phone}`]);
      const now = new Date();
      const latest = await tx.findOne(LoginChallenge, { phone }, { orderBy: { createdAt: 'desc' } });
      if (latest && latest.resendAvailableAt > now) {
        throw new DomainError('RATE_LIMITED', 'A code was sent recently; wait before asking for another', {
          retryAfterSeconds: Math.ceil((latest.resendAvailableAt.getTime() - now.getTime()) / 1000),
        });
      }
      // A new code voids every earlier one; the wrong-code budget carries over (it belongs to the phone).
      const voided = await tx.execute<Array<{ attempts: number }>>(
        `update login_challenge set consumed_at = ? where phone = ? and consumed_at is null and expires_at > ?
          returning attempts`,
        [now, phone, now],
      );
      const attempts = Math.max(0, ...voided.map((row) => row.attempts));
      if (attempts >= MAX_WRONG_ATTEMPTS && latest) {
        throw new DomainError('LOGIN_ATTEMPTS_EXCEEDED', 'Too many wrong codes for this number; try again later', {
          retryAfterSeconds: Math.max(1, Math.ceil((latest.expiresAt.getTime() - now.getTime()) / 1000)),
        });
      }
      await this.options.rateLimits.consume(this.rules.phone, phone, 'Too many login codes for this number; try later');
      if (paid) await this.checkVelocity(phone, meta);
      const user = await tx.findOne(User, { phone });
      const code = generateCode();
      const id = newId();
      const challenge = tx.create(LoginChallenge, {
        id,
        phone,
        channel: input.channel,
        codeHash: hashCode(this.options.keys.loginCode, id, code),
        attempts,
        ip: meta.ip,
        expiresAt: new Date(now.getTime() + CODE_TTL_MS),
        resendAvailableAt: new Date(now.getTime() + RESEND_COOLDOWN_MS),
        consumedAt: null,
      });
      await this.deliver(tx, input.channel, phone, user, code);
      return {
        id: challenge.id,
        channel: input.channel,
        expiresAt: challenge.expiresAt,
        resendAvailableAt: challenge.resendAvailableAt,
        codeLength: CODE_LENGTH,
      };
    });
    this.options.notify.wake();
    return view;
  }

  /**
   * Velocity limits against SMS pumping (many numbers of one range, or of one country, in an hour, whatever
   * addresses the requests come from). Each trip is logged and counted.
   */
  private async checkVelocity(phone: string, meta: ClientMeta): Promise<void> {
    const range = phone.slice(0, -this.options.limits.rangeDigits);
    const country = countryOf(phone) ?? 'unknown';
    for (const [rule, key] of [
      ['range', range],
      ['country', country],
    ] as const) {
      try {
        await this.options.rateLimits.consume(
          this.rules[rule],
          key,
          'Too many login codes to numbers like this one; try later',
        );
      } catch (error) {
        if (error instanceof DomainError && error.code === 'RATE_LIMITED') {
          this.velocityTrips[rule] += 1;
          this.options.logger.warn(
            { event: 'login_code_velocity_tripped', rule, key, ip: meta.ip, trips: this.velocityTrips[rule] },
            'login code velocity limit tripped (possible SMS pumping)',
          );
        }
        throw error;
      }
    }
  }

  private async deliver(em: Em, channel: LoginChannel, phone: string, user: User | null, code: string): Promise<void> {
    const { notify, sessions } = this.options;
    const base = { to: phone, userId: user?.id ?? null, purpose: 'login_code' };
    switch (channel) {
      case 'SMS':
        notify.enqueue(em, {
          ...base,
          channel: 'SMS',
          text: smsMessages.loginCode(code),
          secret: { code },
        });
        return;
      case 'CALL': {
        // A flash call: the last six digits of the calling number are the code.
        const callerNumber = `+79${randomInt(0, 1000).toString().padStart(3, '0')}${code}`;
        notify.enqueue(em, {
          ...base,
          channel: 'CALL',
          text: messages.loginCodeCall(callerNumber, CODE_LENGTH),
          secret: { code, callerNumber },
        });
        return;
      }
      case 'PUSH': {
        if (!user) return;
        const devices = await em.find(PushDevice, { userId: user.id });
        for (const device of devices) {
          notify.enqueue(em, {
            ...base,
            channel: 'PUSH',
            deviceToken: device.token,
            text: messages.loginCodePush(code),
            secret: { code },
          });
        }
        return;
      }
      case 'SECURITY_CHAT':
        if (!user || !(await sessions.hasActiveSession(em, user.id))) return;
        notify.enqueue(em, {
          ...base,
          channel: 'SECURITY_CHAT',
          text: messages.loginCodeSecurityChat(code),
          secret: { code },
        });
        return;
    }
  }

  /** Checks a code; on success the account is created on first login and a session opens. */
  async verifyCode(em: Em, input: { challengeId: string; code: string }, meta: ClientMeta): Promise<IssuedSession> {
    if (!isUuid(input.challengeId)) throw notFound('Login challenge');
    await this.options.rateLimits.consume(this.rules.verifyIp, meta.ip, 'Too many code checks from this network');
    const outcome = await em.transactional(async (tx): Promise<VerifyOutcome> => {
      // The row lock makes parallel guesses queue up, so none of them slips past the attempt limit.
      const challenge = await tx.findOne(
        LoginChallenge,
        { id: input.challengeId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!challenge) return { kind: 'missing' };
      if (challenge.consumedAt || challenge.expiresAt <= new Date()) return { kind: 'expired' };
      if (challenge.attempts >= MAX_WRONG_ATTEMPTS) return { kind: 'exceeded' };
      if (!codeMatches(this.options.keys.loginCode, challenge.id, input.code, challenge.codeHash)) {
        challenge.attempts += 1;
        return { kind: 'wrong', attemptsLeft: MAX_WRONG_ATTEMPTS - challenge.attempts };
      }
      challenge.consumedAt = new Date();
      const user = await this.findOrCreateUser(tx, challenge.phone);
      // A login while another session is live is a new device: the owner hears of it in the Security chat.
      const newDevice = await this.options.sessions.hasActiveSession(tx, user.id);
      const issued = await this.options.sessions.open(tx, user, meta);
      if (newDevice) {
        this.options.notify.enqueue(tx, {
          channel: 'SECURITY_CHAT',
          to: user.phone,
          userId: user.id,
          purpose: 'new_device_login',
          text: messages.newDeviceLogin(meta.userAgent),
        });
      }
      return { kind: 'ok', issued, newDevice };
    });
    switch (outcome.kind) {
      case 'ok':
        if (outcome.newDevice) this.options.notify.wake();
        return outcome.issued;
      case 'wrong':
        throw new DomainError('LOGIN_CODE_INVALID', 'The code is wrong', { attemptsLeft: outcome.attemptsLeft });
      case 'exceeded':
        throw new DomainError(
          'LOGIN_ATTEMPTS_EXCEEDED',
          'Too many wrong codes for this number; ask for a new code later',
        );
      case 'expired':
        throw new DomainError('LOGIN_CODE_EXPIRED', 'The code has expired or was already used; request a new one');
      case 'missing':
        throw notFound('Login challenge');
    }
  }

  /** The account for a phone, created on its first login (concurrent first logins make one account). */
  private async findOrCreateUser(em: Em, phone: string): Promise<User> {
    const roles = this.options.adminPhones.has(phone) ? ['CUSTOMER', 'ADMIN'] : ['CUSTOMER'];
    await em.execute(
      `insert into app_user (id, phone, display_name, roles, created_at, updated_at)
       values (?, ?, ?, ?::text[], now(), now()) on conflict (phone) do nothing`,
      [newId(), phone, defaultDisplayName(phone), pgArray(roles)],
    );
    return em.findOneOrFail(User, { phone });
  }
}

export const defaultDisplayName = (phone: string) => `Пользователь ${phone.slice(-4)}`;
