/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation RequestLoginCode($input: RequestLoginCodeInput!) {\n  requestLoginCode(input: $input) {\n    id\n    channel\n    expiresAt\n    resendAvailableAt\n    codeLength\n  }\n}\n\nmutation VerifyLoginCode($input: VerifyLoginCodeInput!) {\n  verifyLoginCode(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      phone\n      roles\n      displayName\n      createdAt\n    }\n  }\n}\n\nmutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      roles\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation LogoutEverywhere {\n  logoutEverywhere\n}\n\nmutation RevokeSession($id: ID!) {\n  revokeSession(id: $id)\n}\n\nmutation RegisterDevice($input: RegisterDeviceInput!) {\n  registerDevice(input: $input) {\n    id\n    platform\n    createdAt\n  }\n}\n\nquery Me {\n  me {\n    id\n    phone\n    roles\n    displayName\n    createdAt\n  }\n}\n\nquery MySessions {\n  mySessions {\n    id\n    platform\n    userAgent\n    location\n    createdAt\n    lastSeenAt\n    current\n  }\n}\n\nmutation GrantRole($input: SetRoleInput!) {\n  grantRole(input: $input) {\n    id\n    roles\n  }\n}\n\nmutation RevokeRole($input: SetRoleInput!) {\n  revokeRole(input: $input) {\n    id\n    roles\n  }\n}\n\nquery User($id: ID!) {\n  user(id: $id) {\n    id\n    phone\n    roles\n    displayName\n  }\n}": typeof types.RequestLoginCodeDocument,
    "query ServerInfo {\n  serverInfo {\n    version\n    serverTime\n    businessTimeZone\n  }\n}": typeof types.ServerInfoDocument,
};
const documents: Documents = {
    "mutation RequestLoginCode($input: RequestLoginCodeInput!) {\n  requestLoginCode(input: $input) {\n    id\n    channel\n    expiresAt\n    resendAvailableAt\n    codeLength\n  }\n}\n\nmutation VerifyLoginCode($input: VerifyLoginCodeInput!) {\n  verifyLoginCode(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      phone\n      roles\n      displayName\n      createdAt\n    }\n  }\n}\n\nmutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      roles\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation LogoutEverywhere {\n  logoutEverywhere\n}\n\nmutation RevokeSession($id: ID!) {\n  revokeSession(id: $id)\n}\n\nmutation RegisterDevice($input: RegisterDeviceInput!) {\n  registerDevice(input: $input) {\n    id\n    platform\n    createdAt\n  }\n}\n\nquery Me {\n  me {\n    id\n    phone\n    roles\n    displayName\n    createdAt\n  }\n}\n\nquery MySessions {\n  mySessions {\n    id\n    platform\n    userAgent\n    location\n    createdAt\n    lastSeenAt\n    current\n  }\n}\n\nmutation GrantRole($input: SetRoleInput!) {\n  grantRole(input: $input) {\n    id\n    roles\n  }\n}\n\nmutation RevokeRole($input: SetRoleInput!) {\n  revokeRole(input: $input) {\n    id\n    roles\n  }\n}\n\nquery User($id: ID!) {\n  user(id: $id) {\n    id\n    phone\n    roles\n    displayName\n  }\n}": types.RequestLoginCodeDocument,
    "query ServerInfo {\n  serverInfo {\n    version\n    serverTime\n    businessTimeZone\n  }\n}": types.ServerInfoDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestLoginCode($input: RequestLoginCodeInput!) {\n  requestLoginCode(input: $input) {\n    id\n    channel\n    expiresAt\n    resendAvailableAt\n    codeLength\n  }\n}\n\nmutation VerifyLoginCode($input: VerifyLoginCodeInput!) {\n  verifyLoginCode(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      phone\n      roles\n      displayName\n      createdAt\n    }\n  }\n}\n\nmutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      roles\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation LogoutEverywhere {\n  logoutEverywhere\n}\n\nmutation RevokeSession($id: ID!) {\n  revokeSession(id: $id)\n}\n\nmutation RegisterDevice($input: RegisterDeviceInput!) {\n  registerDevice(input: $input) {\n    id\n    platform\n    createdAt\n  }\n}\n\nquery Me {\n  me {\n    id\n    phone\n    roles\n    displayName\n    createdAt\n  }\n}\n\nquery MySessions {\n  mySessions {\n    id\n    platform\n    userAgent\n    location\n    createdAt\n    lastSeenAt\n    current\n  }\n}\n\nmutation GrantRole($input: SetRoleInput!) {\n  grantRole(input: $input) {\n    id\n    roles\n  }\n}\n\nmutation RevokeRole($input: SetRoleInput!) {\n  revokeRole(input: $input) {\n    id\n    roles\n  }\n}\n\nquery User($id: ID!) {\n  user(id: $id) {\n    id\n    phone\n    roles\n    displayName\n  }\n}"): (typeof documents)["mutation RequestLoginCode($input: RequestLoginCodeInput!) {\n  requestLoginCode(input: $input) {\n    id\n    channel\n    expiresAt\n    resendAvailableAt\n    codeLength\n  }\n}\n\nmutation VerifyLoginCode($input: VerifyLoginCodeInput!) {\n  verifyLoginCode(input: $input) {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      phone\n      roles\n      displayName\n      createdAt\n    }\n  }\n}\n\nmutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n    expiresAt\n    user {\n      id\n      roles\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation LogoutEverywhere {\n  logoutEverywhere\n}\n\nmutation RevokeSession($id: ID!) {\n  revokeSession(id: $id)\n}\n\nmutation RegisterDevice($input: RegisterDeviceInput!) {\n  registerDevice(input: $input) {\n    id\n    platform\n    createdAt\n  }\n}\n\nquery Me {\n  me {\n    id\n    phone\n    roles\n    displayName\n    createdAt\n  }\n}\n\nquery MySessions {\n  mySessions {\n    id\n    platform\n    userAgent\n    location\n    createdAt\n    lastSeenAt\n    current\n  }\n}\n\nmutation GrantRole($input: SetRoleInput!) {\n  grantRole(input: $input) {\n    id\n    roles\n  }\n}\n\nmutation RevokeRole($input: SetRoleInput!) {\n  revokeRole(input: $input) {\n    id\n    roles\n  }\n}\n\nquery User($id: ID!) {\n  user(id: $id) {\n    id\n    phone\n    roles\n    displayName\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ServerInfo {\n  serverInfo {\n    version\n    serverTime\n    businessTimeZone\n  }\n}"): (typeof documents)["query ServerInfo {\n  serverInfo {\n    version\n    serverTime\n    businessTimeZone\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;