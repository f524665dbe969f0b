import type { DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** A failed GraphQL request: the first error's `extensions.code` (or NETWORK_ERROR / HTTP_ERROR) and extensions. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
    /** HTTP status, as react-admin's checkError conventions expect (401 for UNAUTHENTICATED). */
    readonly status?: number,
    /** When the request was sent (Date.now()), to tell whether a session was refreshed since. */
    readonly sentAt: number = Date.now(),
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface ClientOptions {
  /** The GraphQL endpoint; the admin is served by the API, so the same origin. */
  url?: string;
  /** Gives the access token for each request (null: anonymous). May refresh it first. */
  getAccessToken?: () => Promise<string | null>;
  /** When the API refuses a token (UNAUTHENTICATED): a new one to send the request again with, once; or null. */
  renewAccessToken?: (error: ApiError) => Promise<string | null>;
}

/** Variables may be left out only for operations that take none. */
type VariablesArg<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

export type GraphQLClient = <TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  ...variables: VariablesArg<TVariables>
) => Promise<TResult>;

/** graphql's printer, loaded with the first request: the login page does not need it to show. */
let printer: Promise<(document: DocumentNode) => string> | undefined;
const printed = new WeakMap<DocumentNode, string>();
async function printOnce(document: DocumentNode): Promise<string> {
  let query = printed.get(document);
  if (query === undefined) {
    printer ??= import('graphql').then((graphql) => graphql.print);
    query = (await printer)(document);
    printed.set(document, query);
  }
  return query;
}

const operationName = (document: DocumentNode): string | undefined => {
  const definition = document.definitions.find((node) => node.kind === 'OperationDefinition');
  return definition?.kind === 'OperationDefinition' ? definition.name?.value : undefined;
};

/** The panel's language (react-admin keeps it in localStorage), so that the API localizes titles to match. */
function panelLocale(): string {
  try {
    const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('RaStore.locale');
    const locale = stored ? (JSON.parse(stored) as unknown) : null;
    return typeof locale === 'string' ? locale : 'ru';
  } catch {
    return 'ru';
  }
}

/** Sends one operation as a JSON POST (which Apollo's CSRF prevention accepts) and returns its data. */
export async function execute<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables | undefined,
  { url = '/graphql', accessToken }: { url?: string; accessToken?: string | null } = {},
): Promise<TResult> {
  const sentAt = Date.now();
  const query = await printOnce(document);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'accept-language': panelLocale(),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify({ query, operationName: operationName(document), variables }),
    });
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : 'Network error', 'NETWORK_ERROR', {}, 0, sentAt);
  }
  let body: GraphQLResponse<TResult>;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch {
    throw new ApiError(`HTTP ${response.status}`, 'HTTP_ERROR', {}, response.status, sentAt);
  }
  const [first] = body.errors ?? [];
  if (first) {
    const code = typeof first.extensions?.['code'] === 'string' ? first.extensions['code'] : 'INTERNAL_SERVER_ERROR';
    const status = code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : response.status;
    throw new ApiError(first.message, code, first.extensions ?? {}, status, sentAt);
  }
  if (!response.ok || body.data === undefined || body.data === null) {
    throw new ApiError(`HTTP ${response.status}`, 'HTTP_ERROR', {}, response.status, sentAt);
  }
  return body.data;
}

/** A GraphQL client over plain fetch; adds `Authorization: Bearer` when a token source is given. */
export function createClient({
  url = '/graphql',
  getAccessToken,
  renewAccessToken,
}: ClientOptions = {}): GraphQLClient {
  return async (document, ...[variables]) => {
    const accessToken = getAccessToken ? await getAccessToken() : null;
    try {
      return await execute(document, variables, { url, accessToken });
    } catch (error) {
      if (!accessToken || !renewAccessToken || !isApiError(error, 'UNAUTHENTICATED')) throw error;
      const renewed = await renewAccessToken(error);
      if (!renewed) throw error;
      return execute(document, variables, { url, accessToken: renewed });
    }
  };
}
