import { AuditEntry } from '../modules/audit/audit.entity.js';
import { LoginChallenge, PushDevice, RefreshToken, Session, User } from '../modules/identity/identity.entity.js';
import { OutboundMessage } from '../modules/notify/notify.entity.js';
import { RateLimitEntry } from '../lib/rate-limit.entity.js';

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
] as const;
