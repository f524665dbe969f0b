import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import type { DeliveryChannel, OutboundMessage } from './notify.entity.js';

/** Delivers one message or throws; the dispatcher records the outcome and retries. */
export interface DeliveryProvider {
  readonly name: string;
  send(message: OutboundMessage): Promise<void>;
  /**
   * Delivers several messages of its channel at once, all or none (it throws: each is then retried as a failed
   * send), and idempotently by message id: a message delivered before is not delivered again. Providers that can
   * (the Security chat: one transaction for a claimed batch) offer it; the dispatcher prefers it to `send`.
   */
  sendMany?(messages: OutboundMessage[]): Promise<void>;
  close?(): Promise<void>;
}

/** The default: the database record is the delivery (a local outbox, readable at /dev/outbox). */
export class RecordingProvider implements DeliveryProvider {
  readonly name = 'recording';
  async send(): Promise<void> {}
}

/** Email over SMTP (nodemailer). */
export class SmtpProvider implements DeliveryProvider {
  readonly name = 'smtp';
  private readonly transport: Transporter;
  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    const options = new URL(url);
    options.searchParams.set('connectionTimeout', String(timeoutMs));
    options.searchParams.set('greetingTimeout', String(timeoutMs));
    options.searchParams.set('socketTimeout', String(timeoutMs));
    this.transport = nodemailer.createTransport(options.toString());
  }
  async send(message: OutboundMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject ?? 'Поддержка маркетплейса',
      text: message.text,
      headers: { 'X-Message-Id': message.id },
    });
  }
  async close(): Promise<void> {
    this.transport.close();
  }
}

/**
 * SMS, flash calls and push through an HTTP gateway: a JSON POST with a bearer token, an idempotency key (the
 * message id, so a retried delivery is not sent twice by a well-behaved gateway) and a timeout.
 */
export class HttpGatewayProvider implements DeliveryProvider {
  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs: number,
  ) {}
  async send(message: OutboundMessage): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.id,
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({
        id: message.id,
        channel: message.channel,
        to: message.deviceToken ?? message.to,
        text: message.text,
        ...(message.secret?.callerNumber ? { callerNumber: message.secret.callerNumber } : {}),
      }),
    });
    if (!response.ok) {
      throw new Error(`gateway answered ${response.status}`);
    }
  }
}

export type ProviderMap = Record<DeliveryChannel, DeliveryProvider>;

/** Chooses a provider per channel from configuration; anything unconfigured is recorded only. */
export function providersFromConfig(config: Config): ProviderMap {
  const recording = new RecordingProvider();
  const gateway = (name: string, url: string | undefined) =>
    url ? new HttpGatewayProvider(name, url, config.GATEWAY_TOKEN, config.DELIVERY_TIMEOUT_MS) : recording;
  return {
    SMS: gateway('sms-gateway', config.SMS_GATEWAY_URL),
    CALL: gateway('voice-gateway', config.VOICE_GATEWAY_URL),
    PUSH: gateway('push-gateway', config.PUSH_GATEWAY_URL),
    EMAIL: config.SMTP_URL
      ? new SmtpProvider(config.SMTP_URL, config.MAIL_FROM, config.DELIVERY_TIMEOUT_MS)
      : recording,
    // In-app: the Security chat is the record itself.
    SECURITY_CHAT: recording,
  };
}
