import type { FastifyBaseLogger } from 'fastify';
import type { MessageChannel } from './events.js';

/** A message as a channel receives it. */
export interface OutgoingMessage {
  id: string;
  channel: MessageChannel;
  recipient: string;
  /** The event's template name, e.g. 'order.booked'. */
  template: string;
  /** The named variables the message was rendered from (provider templates send these). */
  params: Record<string, unknown>;
  subject: string | null;
  /** The rendered text: SMS text, mail body, the first line of a WeChat message. */
  body: string;
  /** The provider's approved template code (SMS providers, WeChat template id); null when none. */
  providerCode?: string | null;
  /** The SMS signature (签名) approved with the provider, e.g. '三包售后'. */
  signature?: string | null;
  /** The language it was rendered in. */
  lang?: 'zh-CN' | 'en';
  /** Files an e-mail carries (channels other than e-mail ignore them). */
  attachments?: { fileName: string; contentType: string; contentBase64: string }[];
}

/** What a provider answered when it accepted a message. */
export interface SendResult {
  /** The provider's id for the message (BizId, msgid), matched by delivery receipts. */
  providerId?: string | null;
  /** The provider's own answer, kept for the outbox page. */
  answer?: string | null;
}

/**
 * A provider refused or could not take a message. `permanent` failures (wrong number, template
 * not approved, recipient blocked) are never retried; temporary ones (timeouts, 5xx, throttling)
 * are retried with backoff until the attempts run out.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The provider's answer as it gave it (code and message). */
    readonly answer: string | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** One delivery receipt as a provider reports it (webhook). */
export interface DeliveryReceipt {
  providerId: string;
  delivered: boolean;
  /** The provider's status code or text, e.g. 'DELIVERED', 'UNDELIV:MK:0001'. */
  answer: string | null;
  at: Date | null;
}

/** One text a customer sent back (上行短信), e.g. 'TD' to opt out. */
export interface InboundText {
  from: string;
  text: string;
  at: Date | null;
}

/**
 * Something that delivers messages: an SMS gateway, a mail server, WeChat. `send` resolves when
 * the provider accepted the message and throws (preferably a DeliveryError) when it did not; any
 * other error counts as temporary.
 */
export interface NotificationChannel {
  name: string;
  /** 'logged' for channels that only record (development); 'sent' for real delivery. */
  readonly outcome?: 'sent' | 'logged';
  send(msg: OutgoingMessage): Promise<SendResult | undefined | void>;
  /** Frees connections (SMTP pool). */
  close?(): Promise<void>;
}

/** Development default: writes the message to the log; the outbox page shows it as 'logged'. */
export class LogChannel implements NotificationChannel {
  readonly name = 'log';
  readonly outcome = 'logged' as const;
  constructor(private readonly log: FastifyBaseLogger) {}

  async send(msg: OutgoingMessage): Promise<void> {
    this.log.info({ outbox: msg.id, channel: msg.channel, to: msg.recipient, template: msg.template }, msg.body);
  }
}
