import type { Request, Response } from 'express';
import type { Orm } from '../../db/orm.js';
import { OutboundMessage } from './notify.entity.js';

/**
 * GET /dev/outbox?to=<E.164 phone or email>: the messages sent to an address, newest first, with login codes;
 * without `to`, the latest messages to anyone (the admin panel's outbox page). A local mail catcher for developers
 * and tests; never mounted in production.
 */
export function devOutboxHandler(orm: Orm) {
  return async (req: Request, res: Response) => {
    const to = typeof req.query['to'] === 'string' ? req.query['to'].trim() : '';
    if (to && !/^\+\d{10,15}$/.test(to) && !/^[^\s@]+@[^\s@]+$/.test(to)) {
      res.status(400).json({
        errors: [{ message: 'Pass ?to= an E.164 phone (+7...) or an email', extensions: { code: 'BAD_USER_INPUT' } }],
      });
      return;
    }
    const messages = await orm.em
      .fork()
      .find(OutboundMessage, to ? { to } : {}, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 100 });
    res.json(
      messages.map((message) => ({
        id: message.id,
        channel: message.channel,
        to: message.to,
        purpose: message.purpose,
        subject: message.subject,
        text: message.text,
        status: message.status,
        createdAt: message.createdAt,
        ...(message.secret?.code ? { code: message.secret.code } : {}),
        ...(message.secret?.callerNumber ? { callerNumber: message.secret.callerNumber } : {}),
      })),
    );
  };
}
