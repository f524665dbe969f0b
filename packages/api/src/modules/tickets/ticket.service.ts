import type { Em } from '../../db/orm.js';
import { isStaff, type Viewer } from '../../lib/context.js';
import type { PageRequest } from '../../lib/connection.js';
import { notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { Ticket, TicketEvent, TicketMessage, type TicketStatus } from './ticket.entity.js';
import {
  mineConditions,
  readLastMessages,
  readTicketPage,
  staffConditions,
  type StaffTicketFilter,
  type LastMessage,
  type TicketOrder,
  type TicketPage,
  type PeopleColumns,
} from './ticket.list.js';

/**
 * Appeals as their readers see them: one ticket for its owner or staff (anyone else gets NOT_FOUND), the owner's and
 * staff's keyset-paged lists, and the messages, last messages and history of many tickets in one statement each.
 * Filing is ticket.filing.ts; working a ticket, ticket.workflow.ts.
 */
export class TicketService {
  /** A ticket its owner or staff may see; anyone else gets NOT_FOUND, as if it did not exist. */
  async get(em: Em, viewer: Viewer, id: string): Promise<Ticket> {
    const ticket = isUuid(id) ? await em.findOne(Ticket, { id }, { populate: ['category', 'problem'] }) : null;
    if (!ticket || (!isStaff(viewer) && ticket.customer.id !== viewer.userId)) throw notFound('Ticket');
    return ticket;
  }

  async getByNumber(em: Em, viewer: Viewer, number: string): Promise<Ticket> {
    const ticket = await em.findOne(
      Ticket,
      { number: number.trim().toUpperCase() },
      { populate: ['category', 'problem'] },
    );
    if (!ticket || (!isStaff(viewer) && ticket.customer.id !== viewer.userId)) throw notFound('Ticket');
    return ticket;
  }

  /** The viewer's own appeals, newest first, keyset-paginated on the time-ordered id. */
  async listMine(
    em: Em,
    viewer: Viewer,
    options: PageRequest & {
      status?: TicketStatus | null;
      withLastMessages?: boolean;
    },
  ): Promise<TicketPage> {
    return readTicketPage(em, mineConditions(viewer.userId, options.status), options);
  }

  /** Staff's ticket list with filters; the same keyset pagination. */
  async listForStaff(
    em: Em,
    filter: StaffTicketFilter,
    options: PageRequest & {
      order?: TicketOrder | null;
      withLastMessages?: boolean;
      people?: PeopleColumns | null;
    },
  ): Promise<TicketPage> {
    return readTicketPage(em, staffConditions(filter), options);
  }

  /** Messages of many tickets in one statement (internal notes only for staff). */
  async messagesOf(em: Em, ticketIds: readonly string[], includeInternal: boolean): Promise<TicketMessage[]> {
    if (ticketIds.length === 0) return [];
    return em.find(
      TicketMessage,
      { ticket: { $in: [...ticketIds] }, ...(includeInternal ? {} : { internal: false }) },
      { orderBy: { id: 'asc' }, populate: ['author'] },
    );
  }

  /** The last public message of many tickets, with its author's name, in one statement of plain rows. */
  lastMessagesOf(em: Em, ticketIds: readonly string[]): Promise<Map<string, LastMessage>> {
    return readLastMessages(em, ticketIds);
  }

  /** History of many tickets in one statement (staff-only entries only for staff). */
  async historyOf(em: Em, ticketIds: readonly string[], includePrivate: boolean): Promise<TicketEvent[]> {
    if (ticketIds.length === 0) return [];
    return em.find(
      TicketEvent,
      { ticket: { $in: [...ticketIds] }, ...(includePrivate ? {} : { public: true }) },
      { orderBy: { id: 'asc' }, populate: ['actor'] },
    );
  }
}
