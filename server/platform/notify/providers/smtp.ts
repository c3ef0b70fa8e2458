import type { ConnectionOptions } from 'node:tls';
import nodemailer from 'nodemailer';
import { DeliveryError, type NotificationChannel, type OutgoingMessage, type SendResult } from '../channels.js';
import type { SmtpSettings } from './config.js';
import { PROVIDER_TIMEOUT_MS, truncate } from './http.js';

/*
 * Mail through the company's SMTP server, over a small pool of connections so a batch of the
 * outbox does not open one connection per message. The server's reply decides the outcome
 * (RFC 5321 §4.2.1): 5yz is a permanent refusal (unknown mailbox, policy, bad credentials),
 * 4yz a transient one (greylisting, mailbox busy) that the outbox retries, like a lost connection.
 */

export interface SmtpOptions {
  /** TLS options, e.g. the CA of a server with a private certificate (tests trust their own). */
  tls?: ConnectionOptions;
}

interface SmtpError {
  code?: string;
  response?: string;
  responseCode?: number;
  message?: string;
}

/** The outcome of a failed send as a DeliveryError. */
export function smtpDeliveryError(err: unknown): DeliveryError {
  const e = (err ?? {}) as SmtpError;
  const answer = e.response ? truncate(e.response) : null;
  const message = `smtp: ${truncate(e.message ?? String(err))}`;
  if (typeof e.responseCode === 'number') return new DeliveryError(message, e.responseCode >= 500, answer);
  // No reply from the server: connection refused or lost, TLS or DNS failure, timeout.
  return new DeliveryError(message, false, answer);
}

export class SmtpChannel implements NotificationChannel {
  readonly name = 'smtp';
  readonly outcome = 'sent' as const;
  private readonly transport;

  constructor(
    private readonly config: Pick<SmtpSettings, 'host' | 'port' | 'secure' | 'user' | 'password' | 'from'>,
    opts: SmtpOptions = {},
  ) {
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 3,
      host: config.host,
      port: config.port,
      secure: config.secure,
      // Without implicit TLS, credentials are sent only after STARTTLS: never in plain text.
      requireTLS: !config.secure && config.user !== undefined,
      auth: config.user !== undefined ? { user: config.user, pass: config.password ?? '' } : undefined,
      connectionTimeout: PROVIDER_TIMEOUT_MS,
      greetingTimeout: PROVIDER_TIMEOUT_MS,
      socketTimeout: PROVIDER_TIMEOUT_MS,
      tls: opts.tls,
      logger: false,
    });
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.from,
        to: msg.recipient,
        subject: msg.subject ?? '',
        text: msg.body,
        ...(msg.attachments?.length
          ? {
              attachments: msg.attachments.map((a) => ({
                filename: a.fileName,
                contentType: a.contentType,
                content: Buffer.from(a.contentBase64, 'base64'),
              })),
            }
          : {}),
      });
      return { providerId: info.messageId ?? null, answer: info.response ? truncate(info.response) : null };
    } catch (err) {
      throw smtpDeliveryError(err);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
