import type { ru } from './messages';

/** The module's English strings, loaded when the panel switches to English. */
export const en: typeof ru = {
  support: {
    chats: {
      tabs: { queue: 'Waiting for an agent', mine: 'My chats' },
      fields: {
        customer: 'Customer',
        phone: 'Phone',
        lastMessage: 'Last message',
        updatedAt: 'Last activity',
        state: 'State',
        ticket: 'Ticket',
        orderNumber: 'Order',
      },
      state: { BOT: 'Bot answering', QUEUED: 'Waiting for an agent', ASSIGNED: 'In progress', CLOSED: 'Closed' },
      author: { USER: 'Customer', STAFF: 'Support', BOT: 'Bot', SYSTEM: 'System', me: 'You' },
      empty: {
        queue: 'The queue is empty: every customer who asked has an agent.',
        mine: 'You have no chats. Take one from the queue.',
      },
      title_one: 'Chat with %{name}',
      conversation: 'Conversation',
      no_messages: 'No messages yet.',
      suggestions: 'The bot suggested: %{titles}',
      take: 'Take chat',
      taken: 'The chat is yours now',
      yours: 'You handle this chat',
      other_agent: 'Another agent handles this chat; only they can answer.',
      unassigned_hint: 'Your first answer assigns the chat to you.',
      closed: 'The chat is closed.',
      message: 'Answer to the customer',
      send: 'Send',
      sent: 'Message sent',
      to_ticket: {
        open: 'Turn into a ticket',
        title: 'Ticket from the chat',
        hint: 'The conversation becomes the ticket’s description; the customer sees the ticket in the app.',
        category: 'Category',
        problem: 'Problem',
        other_subject: 'Subject (for «Other»)',
        order_number: 'Order number',
        order_number_required: 'This problem needs the order number',
        create: 'Create ticket',
        cancel: 'Cancel',
        created: 'Ticket #%{number} created',
      },
      ticket_link: 'Open the ticket',
      ticket_number_link: 'Ticket #%{number}',
    },
  },
  resources: { chats: { name: 'Support chat |||| Support chats' } },
};
