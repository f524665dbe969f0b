import type { AuthProvider, UserIdentity } from 'react-admin';
import {
  LogoutDocument,
  MeDocument,
  RequestLoginCodeDocument,
  VerifyLoginCodeDocument,
  type RequestLoginCodeMutation,
} from '@support/schema/identity';
import { ApiError, execute, isApiError, type GraphQLClient } from '../api/client';
import { api, session } from '../api/graphql';
import { loadAreaStrings } from '../i18n';
import { isStaff } from '../roles';
import type { SessionStore } from './session';

/** The account logged in fine but is not staff; `message` is a translation key. */
export class NotStaffError extends Error {
  readonly code = 'NOT_STAFF';
  constructor() {
    super('support.auth.errors.not_staff');
    this.name = 'NotStaffError';
  }
}

export type LoginChallenge = RequestLoginCodeMutation['requestLoginCode'];

export interface LoginParams {
  challengeId: string;
  code: string;
}

/** Ends a session on the API; a failure (already ended, offline) leaves nothing to do. */
async function endSession(accessToken: string | null): Promise<void> {
  if (!accessToken) return;
  await execute(LogoutDocument, {}, { accessToken }).catch(() => undefined);
}

/** Sends a login code by SMS (the first step; `login` is the second). */
export async function requestLoginCode(phone: string): Promise<LoginChallenge> {
  const { requestLoginCode } = await execute(RequestLoginCodeDocument, { input: { phone, channel: 'SMS' } });
  return requestLoginCode;
}

/** The admin panel's auth provider: phone-code login for staff only, with rotating refresh tokens. */
export function createAuthProvider(
  session: SessionStore,
  api: GraphQLClient,
  /** Runs once someone is signed in, before anything behind the login renders (the areas' strings load here). */
  beforePanel: () => Promise<void> = async () => undefined,
): AuthProvider {
  return {
    async login({ challengeId, code }: LoginParams) {
      const { verifyLoginCode } = await execute(VerifyLoginCodeDocument, {
        input: { challengeId, code, platform: 'WEB' },
      });
      if (!isStaff(verifyLoginCode.user.roles)) {
        // The panel is for staff only: end the session just opened so that it does not linger.
        await endSession(verifyLoginCode.accessToken);
        throw new NotStaffError();
      }
      session.save(verifyLoginCode);
      await beforePanel();
    },

    async logout() {
      if (!session.read()) return;
      // The logout mutation needs a live access token, so refresh an expired one first.
      const accessToken = await session.getAccessToken().catch(() => null);
      session.clear();
      await endSession(accessToken);
    },

    async checkAuth() {
      // Nobody logged in: react-admin shows the login page; `message: false` spares the "please log in" toast.
      if (!session.read()) return Promise.reject({ message: false });
      try {
        await session.getAccessToken();
      } catch (error) {
        // Offline: keep the session, requests will tell.
        if (isApiError(error, 'NETWORK_ERROR')) return beforePanel().catch(() => undefined);
        throw new Error('support.auth.session_expired');
      }
      if (!isStaff(session.read()?.user.roles ?? [])) throw new NotStaffError();
      await beforePanel();
    },

    async checkError(error: unknown) {
      if (!isApiError(error, 'UNAUTHENTICATED')) return;
      // Refreshed since the request was sent, or refreshable now: stay. Otherwise the session is over.
      if (!(await session.renewAfter(error.sentAt))) throw new Error('support.auth.session_expired');
    },

    async getIdentity(): Promise<UserIdentity> {
      const { me } = await api(MeDocument);
      if (!me) throw new ApiError('Not logged in', 'UNAUTHENTICATED', {}, 401);
      return { id: me.id, fullName: me.displayName };
    },

    async getPermissions() {
      return session.read()?.user.roles ?? [];
    },
  };
}

export const authProvider = createAuthProvider(session, api, loadAreaStrings);
