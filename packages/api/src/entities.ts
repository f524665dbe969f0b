import { AuditEntry } from './modules/audit/audit.entity.js';
import { LoginChallenge, PushDevice, RefreshToken, Session, User } from './modules/identity/identity.entity.js';
import { OutboundMessage } from './modules/notify/notify.entity.js';
import { RateLimitEntry } from './lib/rate-limit.entity.js';
import { CalendarDay } from './modules/calendar/calendar.entity.js';
import { SupportCategory, SupportProblem } from './modules/catalog/catalog.entity.js';
import { HotlineException, HotlineSettings } from './modules/hotline/hotline.entity.js';
import { Attachment } from './modules/attachments/attachment.entity.js';
import { Ticket, TicketEvent, TicketMessage } from './modules/tickets/ticket.entity.js';
import { TicketOutboxEvent } from './modules/tickets/outbox.entity.js';
import { ApiKey, Webhook, WebhookDelivery } from './modules/integrations/integrations.entity.js';
import {
  CardApplication,
  LedgerAccount,
  LedgerEntry,
  LedgerTransfer,
  SandboxPayment,
  Withdrawal,
} from './modules/wallet/wallet.entity.js';
import { Chat, ChatMember, ChatMessage } from './modules/chat/chat.entity.js';
import { HelpArticle } from './modules/help/help.entity.js';

// The explicit list of entities, one line per domain module.
export const entities = [
  AuditEntry,
  RateLimitEntry,
  User,
  LoginChallenge,
  Session,
  RefreshToken,
  PushDevice,
  OutboundMessage,
  CalendarDay,
  HotlineSettings,
  HotlineException,
  SupportCategory,
  SupportProblem,
  Attachment,
  Ticket,
  TicketMessage,
  TicketEvent,
  TicketOutboxEvent,
  ApiKey,
  Webhook,
  WebhookDelivery,
  LedgerAccount,
  LedgerTransfer,
  LedgerEntry,
  Withdrawal,
  SandboxPayment,
  CardApplication,
  HelpArticle,
  Chat,
  ChatMember,
  ChatMessage,
] as const;
