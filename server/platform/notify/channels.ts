import type { FastifyBaseLogger } from 'fastify';
import type { OutboxChannel } from './enqueue.js';

/** A message as a channel receives it. */
export interface OutgoingMessage {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  subject: string | null;
  body: string;
}

/**
 * Something that delivers messages: an SMS gateway, a mail server, WeChat. `send` resolves when
 * the provider accepted the message and throws when it did not (the row is then retried).
 */
export interface NotificationChannel {
  name: string;
  /** 'logged' for channels that only record (development); 'sent' for real delivery. */
  readonly outcome?: 'sent' | 'logged';
  send(msg: OutgoingMessage): Promise<void>;
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
