/** GraphQL over HTTP and graphql-ws share one path. */
export const GRAPHQL_PATH = '/graphql';
/** Largest query accepted, in tokens: stops parser-exhaustion attacks before validation runs. */
export const MAX_TOKENS = 5000;
