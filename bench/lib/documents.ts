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
