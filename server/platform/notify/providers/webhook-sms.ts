import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  DeliveryError,
  type DeliveryReceipt,
  type InboundText,
  type NotificationChannel,
  type OutgoingMessage,
  type SendResult,
} from '../channels.js';
import type { WebhookSmsSettings } from './config.js';
import { jsonOrUndefined, providerFetch, truncate } from './http.js';

/*
 * A generic SMS webhook, for gateways without a provider of their own here: each message is
 * POSTed as JSON, signed like Stripe's and GitHub's webhooks: an HMAC-SHA256 of
 * '<unix seconds>.<raw body>' with the shared secret. The gateway signs the receipts and texts it
 * sends back the same way (verifyWebhookSignature), so neither side takes unsigned or replayed calls.
 */

export const TIMESTAMP_HEADER = 'X-Sanbao-Timestamp';
export const SIGNATURE_HEADER = 'X-Sanbao-Signature';

/** The X-Sanbao-Signature value: 'sha256=' + hex HMAC-SHA256(secret, timestamp + '.' + rawBody). */
export function signWebhook(secret: string, timestamp: string | number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `sha256=${mac}`;
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers;

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === lower) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/**
 * Whether a call the gateway made is signed with the secret: the signature matches (compared in
 * constant time) and the timestamp is within `toleranceSeconds` of `now`, so a captured call
 * cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: HeaderBag,
  rawBody: string | Buffer,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const timestamp = header(headers, TIMESTAMP_HEADER)?.trim();
  const signature = header(headers, SIGNATURE_HEADER)?.trim();
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookSmsOptions {
  /** For tests: the clock of the timestamp header. */
  now?: () => Date;
}

export class WebhookSmsChannel implements NotificationChannel {
  readonly name = 'webhook-sms';
  readonly outcome = 'sent' as const;
  private readonly now: () => Date;

  constructor(
    private readonly config: Pick<WebhookSmsSettings, 'url' | 'secret'>,
    opts: WebhookSmsOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    const body = JSON.stringify({
      id: msg.id,
      channel: msg.channel,
      to: msg.recipient,
      template: msg.template,
      providerCode: msg.providerCode ?? null,
      signature: msg.signature ?? null,
      params: msg.params,
      text: msg.body,
      lang: msg.lang ?? null,
    });
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    const res = await providerFetch('webhook', this.config.url, {
      method: 'POST',
      // A redirect would turn the POST into a GET elsewhere; the status is judged as it comes.
      redirect: 'manual',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhook(this.config.secret, timestamp, body),
      },
      body,
    });
    const answer = truncate(`${res.status} ${res.text}`.trim());
    if (res.status >= 200 && res.status < 300) {
      const id = (jsonOrUndefined(res.text) as { id?: unknown } | undefined)?.id;
      const providerId = typeof id === 'string' || typeof id === 'number' ? String(id) : msg.id;
      return { providerId, answer };
    }
    // 4xx is the gateway refusing this message; 408 and 429 only ask to come back later.
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    throw new DeliveryError(`webhook: HTTP ${res.status}`, permanent, answer);
  }
}

const at = z.iso.datetime({ offset: true }).nullish();

const WebhookReceipts = z.object({
  receipts: z.array(
    z.object({
      id: z.string().min(1),
      status: z.enum(['delivered', 'failed']),
      answer: z.string().nullish(),
      at,
    }),
  ),
});

/** `{receipts: [{id, status, answer?, at?}]}`, `id` being the providerId the send answered. Throws on a malformed body. */
export function parseWebhookReceipts(body: unknown): DeliveryReceipt[] {
  return WebhookReceipts.parse(body).receipts.map((r) => ({
    providerId: r.id,
    delivered: r.status === 'delivered',
    answer: truncate(r.answer ?? r.status),
    at: r.at ? new Date(r.at) : null,
  }));
}

const WebhookInbound = z.object({
  texts: z.array(z.object({ from: z.string().min(1), text: z.string(), at })),
});

/** `{texts: [{from, text, at?}]}`: texts customers sent back. Throws on a malformed body. */
export function parseWebhookInbound(body: unknown): InboundText[] {
  return WebhookInbound.parse(body).texts.map((t) => ({
    from: t.from,
    text: t.text,
    at: t.at ? new Date(t.at) : null,
  }));
}
