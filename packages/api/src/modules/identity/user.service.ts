import { LockMode } from '@mikro-orm/core';
import type { Em } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import type { Role } from '../../lib/roles.js';
import { notFound } from '../../lib/errors.js';
import { identityError } from './identity.errors.js';
import { isUuid, newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { PushDevice, User } from './identity.entity.js';
import type { SessionService } from './session.service.js';

/** Accounts: roles granted by admins, push devices registered by apps. */
export class UserService {
  constructor(private readonly sessions: SessionService) {}

  async get(em: Em, id: string): Promise<User> {
    const user = isUuid(id) ? await em.findOne(User, { id }) : null;
    if (!user) throw notFound('User');
    return user;
  }

  /** Adds or removes a role, audited. An admin cannot take ADMIN from themselves (no lock-out by accident). */
  async setRole(em: Em, actor: Viewer, userId: string, role: Role, granted: boolean, requestId: string): Promise<User> {
    if (!granted && role === 'ADMIN' && userId === actor.userId) {
      throw identityError('ROLE_SELF_REVOKE', 'You cannot revoke your own ADMIN role; ask another admin');
    }
    if (!isUuid(userId)) throw notFound('User');
    const { user, changed } = await em.transactional(async (tx) => {
      const user = await tx.findOne(User, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user) throw notFound('User');
      const before = [...user.roles];
      const roles = new Set(user.roles);
      if (granted) roles.add(role);
      else roles.delete(role);
      if (roles.size === 0) roles.add('CUSTOMER');
      user.roles = [...roles];
      const changed = before.join() !== user.roles.join();
      if (changed) {
        user.rolesChangedAt = new Date();
        recordAudit(tx, {
          actorId: actor.userId,
          action: granted ? 'user.role_granted' : 'user.role_revoked',
          subjectType: 'User',
          subjectId: user.id,
          before: { roles: before },
          after: { roles: user.roles },
          requestId,
        });
      }
      return { user, changed };
    });
    if (changed) await this.sessions.announceRolesChanged(user.id, user.roles as Role[]);
    return user;
  }

  /** Registers (or moves to this account) a device token for push messages; repeating it is harmless. */
  async registerDevice(
    em: Em,
    viewer: Viewer,
    token: string,
    platform: 'IOS' | 'ANDROID' | 'WEB',
  ): Promise<PushDevice> {
    await em.execute(
      `insert into push_device (id, user_id, token, platform, created_at, last_seen_at)
       values (?, ?, ?, ?, now(), now())
       on conflict (token) do update set user_id = excluded.user_id, platform = excluded.platform, last_seen_at = now()`,
      [newId(), viewer.userId, token, platform],
    );
    return em.findOneOrFail(PushDevice, { token }, { refresh: true });
  }
}
