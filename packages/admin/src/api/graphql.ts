import { SessionStore } from '../auth/session';
import { createClient, type GraphQLClient } from './client';

/**
 * The panel's one GraphQL client and the session it sends. Resources read and write through the data provider
 * (src/dataProvider.ts, each area's slice) over `api`; everything else calls `api` from react-query (`useQuery`, or
 * `useAction` for changes). Nothing else fetches from the API.
 */

/** The logged-in staff member's tokens. */
export const session = new SessionStore();

/** The GraphQL client for everything behind the login: sends the staff member's access token, refreshed as needed. */
export const api: GraphQLClient = createClient({
  getAccessToken: () => session.getAccessToken(),
  renewAccessToken: (error) => session.renewAfter(error.sentAt),
});
