import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Em, Orm } from '../../db/orm.js';
import type { Integrator, Viewer } from '../../lib/context.js';
import { badInput, DomainError, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import type { PubSub } from '../../lib/pubsub.js';
import { recordAudit } from '../audit/audit.service.js';
import { API_KEY_SCOPES, ApiKey } from './integrations.entity.js';

/** An integrator authenticated by an API key. */
const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** API keys for integrators: shown once, stored hashed, scoped, revocable, with their last use. */
export class ApiKeyService {
  constructor(
    private readonly orm: Orm,
    private readonly pubsub: PubSub,
  ) {}

  private checkScopes(scopes: string[]): string[] {
    const unknown = scopes.filter((scope) => !(API_KEY_SCOPES as readonly string[]).includes(scope));
    if (unknown.length || scopes.length === 0) {
      throw badInput('Unknown scope', { scopes: `one or more of: ${API_KEY_SCOPES.join(', ')}` });
    }
    return [...new Set(scopes)];
  }

  async create(em: Em, admin: Viewer, input: { name: string; scopes: string[] }, requestId: string) {
    const name = input.name.trim();
    if (!name) throw badInput('Name the key after the system that uses it', { name: 'must not be empty' });
    const scopes = this.checkScopes(input.scopes);
    const prefix = randomBytes(6).toString('hex');
    const secret = `sk_${prefix}_${randomBytes(32).toString('base64url')}`;
    const apiKey = await em.transactional(async (tx) => {
      const key = tx.create(ApiKey, {
        name,
        prefix,
        secretHash: sha256(secret).toString('hex'),
        scopes,
        createdBy: admin.userId,
        lastUsedAt: null,
        revokedAt: null,
      });
      await tx.flush();
      recordAudit(tx, {
        actorId: admin.userId,
        action: 'api_key.created',
        subjectType: 'ApiKey',
        subjectId: key.id,
        after: { name, scopes: key.scopes },
        requestId,
      });
      return key;
    });
    return { apiKey, secret };
  }

  list(em: Em): Promise<ApiKey[]> {
    return em.find(ApiKey, {}, { orderBy: { createdAt: 'desc' } });
  }

  /** Revokes a key: HTTP refuses it at once, and sockets opened with it close (4403) on every instance. */
  async revoke(em: Em, admin: Viewer, id: string, requestId: string): Promise<ApiKey> {
    const key = await em.transactional(async (tx) => {
      const found = isUuid(id) ? await tx.findOne(ApiKey, { id }) : null;
      if (!found) throw notFound('API key');
      if (!found.revokedAt) {
        found.revokedAt = new Date();
        recordAudit(tx, {
          actorId: admin.userId,
          action: 'api_key.revoked',
          subjectType: 'ApiKey',
          subjectId: found.id,
          requestId,
        });
      }
      return found;
    });
    await this.pubsub.publish('integrations/api_key_changed', { apiKeyId: key.id });
    return key;
  }

  /** Replaces a key's scopes; sockets opened with it close (4403) and reconnect under the new scopes. */
  async setScopes(em: Em, admin: Viewer, id: string, scopes: string[], requestId: string): Promise<ApiKey> {
    const next = this.checkScopes(scopes);
    const key = await em.transactional(async (tx) => {
      const found = isUuid(id) ? await tx.findOne(ApiKey, { id }) : null;
      if (!found) throw notFound('API key');
      if (found.revokedAt) throw new DomainError('CONFLICT', 'The key is revoked; create a new one');
      const before = found.scopes;
      found.scopes = next;
      recordAudit(tx, {
        actorId: admin.userId,
        action: 'api_key.rescoped',
        subjectType: 'ApiKey',
        subjectId: found.id,
        before: { scopes: before },
        after: { scopes: next },
        requestId,
      });
      return found;
    });
    await this.pubsub.publish('integrations/api_key_changed', { apiKeyId: key.id });
    return key;
  }

  /** Checks a presented key; null when none is given, UNAUTHENTICATED when it does not hold. */
  async authenticate(presented: string | null | undefined): Promise<Integrator | null> {
    if (!presented) return null;
    const match = /^sk_([0-9a-f]{12})_[\w-]{20,}$/.exec(presented.trim());
    const key = match ? await this.orm.em.fork().findOne(ApiKey, { prefix: match[1]! }) : null;
    const valid =
      key && !key.revokedAt && timingSafeEqual(sha256(presented.trim()), Buffer.from(key.secretHash, 'hex'));
    if (!key || !valid) throw new DomainError('UNAUTHENTICATED', 'The API key is invalid or revoked');
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
      // Last use is informative: recorded at most once a minute, never delaying the request.
      void this.orm.em
        .fork()
        .nativeUpdate(ApiKey, { id: key.id }, { lastUsedAt: new Date() })
        .catch(() => undefined);
    }
    return { apiKeyId: key.id, name: key.name, scopes: key.scopes };
  }
}
