import { print } from 'graphql';
import {
  CreateTicketDocument,
  CreditWalletDocument,
  MyTicketsDocument,
  ReplyToTicketDocument,
  RequestWithdrawalDocument,
  StaffTicketsDocument,
  TicketEventsDocument,
} from '../../packages/schema/src/generated/graphql.ts';

/** The operations client apps send (packages/schema/documents), printed as they go over the wire. */
export const MY_TICKETS = print(MyTicketsDocument);
export const STAFF_TICKETS = print(StaffTicketsDocument);
export const CREATE_TICKET = print(CreateTicketDocument);
export const REPLY_TO_TICKET = print(ReplyToTicketDocument);
export const TICKET_EVENTS = print(TicketEventsDocument);
export const REQUEST_WITHDRAWAL = print(RequestWithdrawalDocument);
export const CREDIT_WALLET = print(CreditWalletDocument);

/** A request body for an operation (operationName lets the raw baseline tell them apart). */
export const body = (query: string, operationName: string, variables: Record<string, unknown>) =>
  JSON.stringify({ query, operationName, variables });

/**
 * The read path's peer (bench/servers/postgraphile.ts): the natural PostGraphile v5 queries for MyTickets and
 * StaffTickets, the same rows and fields over the same tables. Each API field maps to a column or a relation by
 * foreign key (`category` is `supportCategoryByCategoryId`, `lastMessage` the first of
 * `ticketMessagesByTicketId(orderBy: PRIMARY_KEY_DESC, condition: { internal: false })`, `author` and `assignee` and
 * `customer` are `appUserBy…Id`); `slaPaused` is `slaPausedAt`. What PostGraphile cannot answer from the tables is
 * left out: `allowedStatuses` (the API's and the baseline's lifecycle table in code). The customer list is scoped
 * by `condition: { customerId }`, which the server checks against the token (raw.ts and the API take the user from
 * the token).
 */
const PEER_TICKET_FIELDS = `
  rowId number status
  supportCategoryByCategoryId { rowId titleRu }
  supportProblemByProblemId { rowId titleRu isOther }
  otherSubject orderNumber description replyChannel urgent slaClass firstResponseDueAt resolutionDueAt
  firstRespondedAt slaPausedAt slaBreached escalated rating ratingComment resolvedAt closedAt createdAt updatedAt
  ticketMessagesByTicketId(first: 1, orderBy: PRIMARY_KEY_DESC, condition: { internal: false }) {
    nodes { rowId body internal authorRole appUserByAuthorId { rowId displayName } createdAt }
  }`;
const PEER_PAGE_INFO = 'pageInfo { startCursor endCursor hasNextPage hasPreviousPage }';

export const PEER_MY_TICKETS = `query MyTickets($customerId: UUID!, $first: Int, $after: Cursor) {
  allTickets(condition: { customerId: $customerId }, orderBy: PRIMARY_KEY_DESC, first: $first, after: $after) {
    nodes { ${PEER_TICKET_FIELDS} }
    ${PEER_PAGE_INFO}
  }
}`;

export const PEER_STAFF_TICKETS = `query StaffTickets($statuses: [String!], $first: Int, $after: Cursor) {
  allTickets(condition: { statusIn: $statuses }, orderBy: PRIMARY_KEY_DESC, first: $first, after: $after) {
    nodes {
      ${PEER_TICKET_FIELDS}
      appUserByAssigneeId { rowId displayName }
      appUserByCustomerId { rowId displayName }
    }
    ${PEER_PAGE_INFO}
  }
}`;
