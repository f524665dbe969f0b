import type { ru } from './messages';

/** The module's English strings, loaded when the panel switches to English. */
export const en: typeof ru = {
  support: {
    integrations: {
      api_keys: {
        title: 'API keys',
        intro:
          'Keys for outside systems (a CRM, a helpdesk): they send the key as the x-api-key header, or in graphql-ws connection_init.',
        create: 'Create key',
        empty: 'No keys yet.',
        load_error: 'The keys could not be loaded.',
        fields: {
          name: 'Name',
          prefix: 'Key',
          scopes: 'Scopes',
          createdAt: 'Created',
          lastUsedAt: 'Last used',
          status: 'State',
        },
        name_helper: 'Name the key after the system that will use it.',
        scopes_helper: 'Choose at least one scope.',
        scope: {
          'tickets:read': 'tickets:read — ticket events (the ticketEvents subscription)',
          'webhooks:manage': 'webhooks:manage — register its own webhooks and read their log',
        },
        active: 'Active',
        revoked: 'Revoked %{date}',
        never: 'never used',
        revoke: 'Revoke',
        revoke_title: 'Revoke the key “%{name}”?',
        revoke_content:
          'The system that uses this key loses access at once: its requests will be refused. This cannot be undone — it will need a new key.',
        revoked_done: 'The key “%{name}” was revoked',
        created_done: 'The key “%{name}” was created',
      },
      secret: {
        api_key_title: 'Secret of the key “%{name}”',
        webhook_title: 'Webhook signing secret',
        warning:
          'Copy the secret now: it is shown this once. Only its hash is kept, so it cannot be shown again; if it is lost, create a new one.',
        webhook_hint:
          'The receiver checks x-webhook-signature: v1=<HMAC-SHA256 of “<x-webhook-timestamp>.<body>” with this secret>.',
        label: 'Secret',
        copy: 'Copy',
        copied: 'Secret copied',
        copy_failed: 'The browser refused to copy: select the secret and copy it by hand.',
        done: 'I have saved the secret',
      },
      webhooks: {
        fields: {
          url: 'URL',
          description: 'Description',
          eventTypes: 'Events',
          categoryIds: 'Categories',
          active: 'Enabled',
          createdAt: 'Created',
        },
        helper: {
          url: 'A full http:// or https:// address that will receive POST requests.',
          eventTypes: 'None chosen: every event.',
          categoryIds: 'None chosen: every category.',
        },
        audience: { ALL: 'everyone', BUYER: 'buyers', SELLER: 'sellers' },
        all_events: 'every event',
        all_categories: 'every category',
        categories_count: '%{smart_count} category |||| %{smart_count} categories',
        enabled: 'Enabled',
        disabled: 'Disabled',
        enable: 'Enable',
        disable: 'Disable',
        enabled_done: 'The webhook is enabled',
        disabled_done: 'The webhook is disabled: new events are not sent to it',
        saved: 'Webhook saved',
        created_done: 'Webhook created',
        title_show: 'Webhook %{url}',
      },
      deliveries: {
        title: 'Delivery log',
        hint: 'Newest first. Refreshes every 5 seconds. Failed deliveries are retried with growing pauses for 24 hours.',
        empty: 'No deliveries yet.',
        load_error: 'The log could not be loaded.',
        all: 'All',
        more: 'Show more',
        fields: {
          createdAt: 'Created',
          event: 'Event',
          status: 'Status',
          attempts: 'Attempts',
          lastStatusCode: 'Response code',
          nextAttemptAt: 'Next attempt',
          lastResult: 'Last response',
        },
        status: { PENDING: 'Pending', DELIVERED: 'Delivered', FAILED: 'Failed' },
        retry: 'Send again',
        retried: 'The delivery is queued and goes out within seconds',
        ticket: 'ticket %{number}',
      },
    },
  },
  resources: {
    webhooks: {
      name: 'Webhook |||| Webhooks',
      new: 'New webhook',
      fields: {
        url: 'URL',
        description: 'Description',
        eventTypes: 'Events',
        categoryIds: 'Categories',
        active: 'Enabled',
        createdAt: 'Created',
      },
    },
  },
};
