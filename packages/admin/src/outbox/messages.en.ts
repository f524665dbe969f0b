import type { ru } from './messages';

/** The module's English strings, loaded when the panel switches to English. */
export const en: typeof ru = {
  support: {
    outbox: {
      title: 'Outbox (development)',
      menu: 'Outbox (dev)',
      intro:
        'Development only: the messages the API would send by SMS, call, push or email, with login codes. There is no such page in production.',
      recipient: 'Recipient',
      recipient_helper: 'A phone or an email; part of a number searches the latest messages.',
      auto_refresh: 'Refresh every 3 seconds',
      refresh: 'Refresh',
      empty: 'No messages.',
      not_served: 'The API does not serve /dev/outbox, as in production.',
      load_error: 'The outbox could not be loaded: %{detail}',
      fields: {
        createdAt: 'Time',
        channel: 'Channel',
        to: 'Recipient',
        purpose: 'Purpose',
        code: 'Code',
        text: 'Text',
        status: 'Status',
      },
      caller: 'call from %{number}',
      purpose: {
        login_code: 'login code',
        new_device_login: 'new device login',
        session_revoked: 'session ended',
        ticket_created: 'ticket filed',
        ticket_reply: 'ticket reply',
      },
      status: { QUEUED: 'Queued', SENT: 'Sent', FAILED: 'Failed' },
      channel: { SMS: 'SMS', CALL: 'Call', PUSH: 'Push', EMAIL: 'Email', SECURITY_CHAT: 'Security chat' },
    },
  },
};
