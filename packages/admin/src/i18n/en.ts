import englishMessages from 'ra-language-english';
import type { ru } from './ru';

export const en: typeof ru = {
  ...englishMessages,
  support: {
    title: 'Marketplace support',
    dashboard: {
      welcome: 'Support staff panel',
      greeting: 'Hello, %{name}!',
      intro: 'Tickets, chats, categories and the hotline are in the menu on the left.',
    },
    date_parts: { day: 'DD', month: 'MM', year: 'YYYY', time: 'HH:MM', invalid: 'Expected: %{hint}' },
    sessions: {
      title: 'My sessions',
      current: 'This device',
      unknown_device: 'Unknown device',
      details: 'Last active: %{lastSeen} (Moscow time) · %{location}',
      load_error: 'Could not load the sessions. Reload the page.',
    },
    auth: {
      title: 'Staff sign-in',
      phone: 'Phone number',
      phone_hint: 'For example, +7 900 000-00-01',
      send_code: 'Send code',
      send_code_in: 'Send code in %{wait}',
      code_sent: 'We texted a code to %{phone}',
      code: 'Code from the text message',
      sign_in: 'Sign in',
      change_phone: 'Another number',
      resend: 'Send the code again',
      resend_in: 'New code in %{wait}',
      wait_seconds: '%{seconds} s',
      wait_minutes: '%{minutes} min',
      dev_outbox: 'Development: sent codes are listed at',
      session_expired: 'Your session has ended. Please sign in again.',
      errors: {
        not_staff:
          'This panel is for support staff only, and this account has no staff role. Buyers and sellers sign in through the marketplace app.',
        RATE_LIMITED: 'Too many code requests. Try again in %{wait}.',
        invalid_phone: 'This does not look like a phone number. Enter the whole number, e.g. +7 900 000-00-01.',
        code_format: 'The code is 6 digits.',
        LOGIN_CODE_INVALID: 'Wrong code. Attempts left: %{attemptsLeft}.',
        LOGIN_CODE_EXPIRED: 'The code has expired or was already used. Request a new one.',
        NOT_FOUND: 'This code request is no longer valid. Request a new code.',
        LOGIN_ATTEMPTS_EXCEEDED: 'Too many wrong attempts. Request a new code.',
        NETWORK_ERROR: 'Cannot reach the server. Check your connection and try again.',
        UNKNOWN: 'Could not sign in. Please try again later.',
      },
    },
  },
  resources: {},
};
