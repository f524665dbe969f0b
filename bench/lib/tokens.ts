import { randomUUID } from 'node:crypto';
import { AUTH_SECRET, importApi } from './common.ts';
import type { BenchUser } from './db.ts';

type TokensModule = {
  deriveKeys(secret: string): { accessToken: Uint8Array };
  signAccessToken(
    key: Uint8Array,
    claims: { userId: string; sessionId: string; roles: string[] },
    ttlSeconds: number,
  ): Promise<{ token: string }>;
};

/**
 * Access tokens minted the way the API mints them (packages/api/src/modules/identity/tokens.ts), with the
 * AUTH_SECRET every bench instance gets: users are inserted with SQL, so no SMS login flow is needed.
 */
export async function mintTokens(users: readonly BenchUser[]): Promise<string[]> {
  const { deriveKeys, signAccessToken } = await importApi<TokensModule>('modules/identity/tokens.js');
  const keys = deriveKeys(AUTH_SECRET);
  return Promise.all(
    users.map(async (user) => {
      const { token } = await signAccessToken(
        keys.accessToken,
        { userId: user.id, sessionId: randomUUID(), roles: user.roles },
        6 * 3600,
      );
      return `Bearer ${token}`;
    }),
  );
}
