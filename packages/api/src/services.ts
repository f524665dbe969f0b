import pg from 'pg';
import { Redis } from 'ioredis';
import { ConfigError, type Config } from './config.js';
import type { Orm } from './db/orm.js';
import type { Logger } from './lib/logger.js';
import { createPubSub, type PubSub } from './lib/pubsub.js';
import type { OutboundPolicy } from './lib/outbound.js';
import { RateLimits, type RateLimitStore } from './lib/rate-limit.js';
import { LoginService } from './modules/identity/login.service.js';
import { normalizePhone } from './modules/identity/phone.js';
import { SessionService } from './modules/identity/session.service.js';
import { deriveKeys } from './modules/identity/tokens.js';
import { UserService } from './modules/identity/user.service.js';
import { UserListService } from './modules/identity/user-list.service.js';
import { DashboardService } from './modules/dashboard/dashboard.service.js';
import { CalendarService } from './modules/calendar/calendar.service.js';
import { CatalogService } from './modules/catalog/catalog.service.js';
import { HotlineService } from './modules/hotline/hotline.service.js';
import { AttachmentService } from './modules/attachments/attachment.service.js';
import { LocalFileStorage, S3FileStorage } from './modules/attachments/storage.js';
import { TicketJobs } from './modules/tickets/ticket.jobs.js';
import { TicketFiling } from './modules/tickets/ticket.filing.js';
import { TicketService } from './modules/tickets/ticket.service.js';
import { TicketWorkflow } from './modules/tickets/ticket.workflow.js';
import { join } from 'node:path';
import { EventFanout } from './modules/ticket-events/fanout.js';
import { EventRelay } from './modules/ticket-events/relay.js';
import { ApiKeyService } from './modules/integrations/api-key.service.js';
import { WebhookService } from './modules/integrations/webhook.service.js';
import { CardService } from './modules/wallet/card.service.js';
import type { PayoutProvider } from './modules/wallet/payout.provider.js';
import { PayoutWorker } from './modules/wallet/payout.worker.js';
import { SimulatedBank } from './modules/wallet/sandbox-bank.js';
import { WalletNotices } from './modules/wallet/wallet.notices.js';
import { WalletService } from './modules/wallet/wallet.service.js';
import { WithdrawalService } from './modules/wallet/withdrawal.service.js';
import { ChatService } from './modules/chat/chat.service.js';
import { HelpService } from './modules/help/help.service.js';
import { providersFromConfig, type ProviderMap } from './modules/notify/notify.providers.js';
import { NotifyService } from './modules/notify/notify.service.js';

declare module './lib/context.js' {
  /** The context's services are these (lib/context.ts declares the interface without naming any module). */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ContextServices extends Services {}
}

/** The domain services, built once per process and reached by resolvers through the context. */
export interface Services {
  config: Config;
  logger: Logger;
  orm: Orm;
  pubsub: PubSub;
  rateLimits: RateLimits;
  notify: NotifyService;
  sessions: SessionService;
  login: LoginService;
  users: UserService;
  userList: UserListService;
  calendar: CalendarService;
  hotline: HotlineService;
  catalog: CatalogService;
  attachments: AttachmentService;
  tickets: TicketService;
  ticketFiling: TicketFiling;
  ticketWorkflow: TicketWorkflow;
  ticketJobs: TicketJobs;
  apiKeys: ApiKeyService;
  webhooks: WebhookService;
  eventRelay: EventRelay;
  eventFanout: EventFanout;
  wallet: WalletService;
  withdrawals: WithdrawalService;
  payouts: PayoutWorker;
  cards: CardService;
  help: HelpService;
  chat: ChatService;
  dashboard: DashboardService;
  /** Starts background work (event relay and fan-out, webhooks, delivery, ticket jobs); call once the server is up. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface ServicesOptions {
  config: Config;
  orm: Orm;
  logger: Logger;
  /** Tests swap delivery providers to watch what goes out. */
  providers?: Partial<ProviderMap>;
  /** The time SLA cycles, pauses and checks are measured by (tests drive it; the system clock otherwise). */
  clock?: () => Date;
  /** The bank payouts go to (the sandbox bank by default). */
  payoutProvider?: PayoutProvider;
  /** Tests inject the resolver (and a stand-in for the internet) that outbound requests use. */
  outbound?: Pick<OutboundPolicy, 'resolve' | 'route'>;
}

export function createServices({
  config,
  orm,
  logger,
  providers,
  clock,
  payoutProvider,
  outbound,
}: ServicesOptions): Services {
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, keyPrefix: config.REDIS_PREFIX })
    : undefined;
  redis?.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const limiterPool =
    !redis && config.DATABASE_URL ? new pg.Pool({ connectionString: config.DATABASE_URL, max: 4 }) : null;
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  limiterPool?.on('error', (error) => logger.warn({ err: error }, 'rate-limit database connection error'));
  const store: RateLimitStore = redis
    ? { kind: 'redis', client: redis }
    : limiterPool
      ? { kind: 'postgres', pool: limiterPool }
      : { kind: 'memory' };
  const rateLimits = new RateLimits(store);
  const pubsub = createPubSub(config.REDIS_URL, logger, config.REDIS_PREFIX);
  const keys = deriveKeys(config.AUTH_SECRET);
  const notify = new NotifyService({
    orm,
    logger,
    providers: { ...providersFromConfig(config), ...providers },
    maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    pollMs: config.DELIVERY_POLL_MS,
    scrubSecrets: config.isProduction,
  });
  const sessions = new SessionService({
    orm,
    keys,
    pubsub,
    notify,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
  });
  const login = new LoginService({
    keys,
    notify,
    sessions,
    rateLimits,
    limits: {
      codesPerPhonePerHour: config.LOGIN_CODES_PER_PHONE_PER_HOUR,
      codesPerIpPerHour: config.LOGIN_CODES_PER_IP_PER_HOUR,
      verificationsPerIpPerHour: config.LOGIN_VERIFICATIONS_PER_IP_PER_HOUR,
      codesPerRangePerHour: config.LOGIN_CODES_PER_RANGE_PER_HOUR,
      rangeDigits: config.LOGIN_RANGE_DIGITS,
      codesPerCountryPerHour: config.LOGIN_CODES_PER_COUNTRY_PER_HOUR,
    },
    adminPhones: adminPhonesFrom(config.ADMIN_PHONES),
    phoneCountries: config.LOGIN_PHONE_COUNTRIES,
    logger,
  });
  const calendar = new CalendarService();
  const attachments = new AttachmentService(
    config.S3_ENDPOINT && config.S3_BUCKET
      ? new S3FileStorage({
          endpoint: config.S3_ENDPOINT,
          bucket: config.S3_BUCKET,
          region: config.S3_REGION,
          accessKeyId: config.S3_ACCESS_KEY_ID ?? '',
          secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '',
          timeoutMs: config.DELIVERY_TIMEOUT_MS,
        })
      : new LocalFileStorage(config.UPLOAD_DIR ?? join(config.DATA_DIR, 'uploads')),
  );
  const webhooks = new WebhookService({
    orm,
    logger,
    authSecret: config.AUTH_SECRET,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    pollMs: config.WEBHOOK_POLL_MS,
    retryForMs: config.WEBHOOK_RETRY_HOURS * 3_600_000,
    outbound: { ...outbound, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE ?? !config.isProduction },
  });
  const eventRelay = new EventRelay({
    orm,
    pubsub,
    logger,
    webhooks,
    pollMs: config.EVENT_RELAY_POLL_MS,
    retentionDays: config.EVENT_RETENTION_DAYS,
  });
  const eventFanout = new EventFanout({
    orm,
    pubsub,
    logger,
    pollMs: config.EVENT_FANOUT_POLL_MS,
    queueLimit: config.EVENT_SUBSCRIBER_BUFFER,
  });
  const walletNotices = new WalletNotices({ notify, pubsub });
  const wallet = new WalletService({ notices: walletNotices });
  const withdrawals = new WithdrawalService({ notices: walletNotices, payoutsWaiting: () => payouts.wake() });
  const payouts = new PayoutWorker({
    orm,
    logger,
    notify,
    notices: walletNotices,
    withdrawals,
    provider: payoutProvider ?? new SimulatedBank(orm, config.PAYOUT_DELAY_MS),
    pollMs: config.PAYOUT_POLL_MS,
  });
  const cards = new CardService({ notices: walletNotices, rateLimits });
  const help = new HelpService();
  const ticketDeps = {
    calendar,
    attachments,
    notify,
    eventsWritten: () => eventRelay.wake(),
    ...(clock ? { clock } : {}),
  };
  const tickets = new TicketService();
  const ticketFiling = new TicketFiling(ticketDeps);
  const ticketWorkflow = new TicketWorkflow(ticketDeps);
  calendar.onEdit((em, change) => ticketWorkflow.calendarEdited(em, change));
  const chat = new ChatService({ orm, pubsub, rateLimits, attachments, help, ticketFiling });
  notify.useProvider('SECURITY_CHAT', chat.securityChatProvider());
  const ticketJobs = new TicketJobs({
    orm,
    tickets: ticketWorkflow,
    logger,
    intervalMs: config.TICKET_JOBS_INTERVAL_MS,
    ...(clock ? { clock } : {}),
  });
  return {
    config,
    logger,
    orm,
    pubsub,
    rateLimits,
    notify,
    sessions,
    login,
    users: new UserService(sessions),
    userList: new UserListService(),
    calendar,
    hotline: new HotlineService(calendar),
    catalog: new CatalogService(),
    attachments,
    tickets,
    ticketFiling,
    ticketWorkflow,
    ticketJobs,
    apiKeys: new ApiKeyService(orm, pubsub),
    webhooks,
    eventRelay,
    eventFanout,
    wallet,
    withdrawals,
    payouts,
    cards,
    help,
    chat,
    dashboard: new DashboardService(),
    start: async () => {
      await sessions.watchRevocations();
      payouts.start();
      await eventFanout.start();
      eventRelay.start();
      webhooks.start();
      notify.start();
      ticketJobs.start();
    },
    close: async () => {
      sessions.stopWatchingRevocations();
      await payouts.stop();
      await ticketJobs.stop();
      await eventRelay.stop();
      await eventFanout.stop();
      await webhooks.stop();
      await notify.stop();
      await pubsub.close();
      await rateLimits.close();
      redis?.disconnect();
    },
  };
}

function adminPhonesFrom(phones: string[]): Set<string> {
  const invalid = phones.filter((phone) => {
    try {
      normalizePhone(phone);
      return false;
    } catch {
      return true;
    }
  });
  if (invalid.length > 0) {
    throw new ConfigError(invalid.map((phone) => `ADMIN_PHONES: ${JSON.stringify(phone)} is not a valid phone number`));
  }
  return new Set(phones.map((phone) => normalizePhone(phone)));
}
