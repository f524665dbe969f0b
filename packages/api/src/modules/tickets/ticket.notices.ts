import type { Em } from '../../db/orm.js';
import { PushDevice, type User } from '../identity/identity.entity.js';
import type { NotifyService } from '../notify/notify.service.js';
import type { Ticket } from './ticket.entity.js';

/**
 * Tells the customer about their appeal by the channel they chose for answers: email to the appeal's address, SMS
 * (the short text) to their phone, or push to each of their devices. Queued in the caller's transaction.
 */
export async function tellCustomer(
  notify: NotifyService,
  em: Em,
  ticket: Ticket,
  customer: User,
  message: { purpose: string; subject: string; text: string; sms: string },
): Promise<void> {
  const base = { userId: customer.id, purpose: message.purpose, subject: message.subject, text: message.text };
  if (ticket.replyChannel === 'EMAIL') {
    notify.enqueue(em, { ...base, channel: 'EMAIL', to: ticket.replyTo });
  } else if (ticket.replyChannel === 'SMS') {
    notify.enqueue(em, {
      ...base,
      channel: 'SMS',
      to: customer.phone,
      text: message.sms,
    });
  } else {
    const devices = await em.find(PushDevice, { userId: customer.id });
    for (const device of devices) {
      notify.enqueue(em, { ...base, channel: 'PUSH', to: customer.phone, deviceToken: device.token });
    }
  }
}
