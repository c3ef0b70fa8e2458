import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  DeliveryError,
  type DeliveryReceipt,
  type NotificationChannel,
  type OutgoingMessage,
  type SendResult,
} from '../channels.js';
import type { WechatProviderSettings } from './config.js';
import { jsonOrUndefined, paramText, providerFetch, truncate } from './http.js';

/*
 * WeChat official-account template messages (模板消息, POST /cgi-bin/message/template/send) with
 * the account's access token (GET /cgi-bin/token, valid expires_in seconds, 7200 today). WeChat
 * answers HTTP 200 with an errcode; the delivery itself is reported later by a pushed
 * TEMPLATESENDJOBFINISH event (parseWechatEvent), verified with verifyWechatSignature.
 */

/** A cached token is renewed this long before it expires, so no send races its expiry. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** The token was refused: invalid (40001, 40014) or expired (42001). Fetch a new one and retry once. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

/**
 * Refusals a retry will not change: 43004 the user does not follow the account (unsubscribed),
 * 40003 not an openid of this account, 40037 template id unknown, 47003 data does not fit the
 * template. -1 (system busy), 45009 (daily quota) and 45047 (too many to one user) pass with time.
 */
const PERMANENT_ERRCODES = new Set([43004, 40003, 40037, 47003]);

/** Token refusals that are the configuration's: 40013 invalid AppID, 40125 invalid AppSecret. */
const PERMANENT_TOKEN_ERRCODES = new Set([40013, 40125]);

const WechatAnswer = z.object({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  msgid: z.union([z.number(), z.string()]).optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
});
type WechatAnswer = z.infer<typeof WechatAnswer>;

const describe = (a: WechatAnswer) => truncate(`${a.errcode ?? 0}${a.errmsg ? `: ${a.errmsg}` : ''}`);

export interface WechatOptions {
  /** For tests: the clock the token's expiry is measured on. */
  now?: () => number;
}

interface CachedToken {
  value: string;
  renewAt: number;
}

export class WechatChannel implements NotificationChannel {
  readonly name = 'wechat';
  readonly outcome = 'sent' as const;
  private readonly now: () => number;
  private readonly apiBase: string;
  private token: CachedToken | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly config: Pick<WechatProviderSettings, 'apiBase' | 'appId' | 'appSecret'>,
    opts: WechatOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.apiBase = config.apiBase.replace(/\/+$/, '');
  }

  /**
   * The cached token, or a new one. Concurrent sends share one fetch: WeChat limits token
   * requests per day, and each new token starts the old one's 5-minute grace period.
   */
  private accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return Promise.resolve(this.token.value);
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const q = new URLSearchParams({
      grant_type: 'client_credential',
      appid: this.config.appId,
      secret: this.config.appSecret,
    });
    const res = await providerFetch('wechat', `${this.apiBase}/cgi-bin/token?${q}`);
    const a = this.answerOf(res);
    if (!a.access_token) {
      const text = describe(a);
      const permanent = a.errcode !== undefined && PERMANENT_TOKEN_ERRCODES.has(a.errcode);
      throw new DeliveryError(`wechat token: ${text}`, permanent, text);
    }
    const ttlMs = (a.expires_in ?? 7200) * 1000;
    this.token = { value: a.access_token, renewAt: this.now() + ttlMs - RENEW_BEFORE_MS };
    return a.access_token;
  }

  /** Forgets the token, unless a concurrent send has already replaced it. */
  private dropToken(value: string): void {
    if (this.token?.value === value) this.token = null;
  }

  private answerOf(res: { status: number; text: string }): WechatAnswer {
    const parsed = WechatAnswer.safeParse(jsonOrUndefined(res.text));
    if (res.status >= 300 || !parsed.success) {
      throw new DeliveryError(`wechat: HTTP ${res.status}`, false, truncate(`${res.status} ${res.text}`));
    }
    return parsed.data;
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    if (!msg.providerCode) throw new DeliveryError('wechat: no template id for this message', true);
    const data: Record<string, { value: string }> = {};
    for (const [k, v] of Object.entries(msg.params)) data[k] = { value: paramText(v) };
    const url = msg.params.url;
    const body = JSON.stringify({
      touser: msg.recipient,
      template_id: msg.providerCode,
      ...(typeof url === 'string' ? { url } : {}),
      data,
    });
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const res = await providerFetch(
        'wechat',
        `${this.apiBase}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`,
        { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body },
      );
      const a = this.answerOf(res);
      const text = describe(a);
      if ((a.errcode ?? 0) === 0) return { providerId: a.msgid === undefined ? null : String(a.msgid), answer: text };
      if (TOKEN_ERRORS.has(a.errcode!)) {
        // Expired early or replaced by another fetch with the same AppSecret: one retry with a new token.
        this.dropToken(token);
        if (attempt === 0) continue;
      }
      throw new DeliveryError(`wechat: ${text}`, PERMANENT_ERRCODES.has(a.errcode!), text);
    }
  }
}

/**
 * WeChat's server verification (接入指南): signature = sha1 of token, timestamp and nonce sorted
 * and concatenated, hex. It signs the first GET (echostr) and every pushed event (query string).
 */
export function verifyWechatSignature(
  token: string,
  q: { signature?: string | null; timestamp?: string | null; nonce?: string | null },
): boolean {
  if (!q.signature || !q.timestamp || !q.nonce) return false;
  const expected = createHash('sha1').update([token, q.timestamp, q.nonce].sort().join('')).digest('hex');
  const given = Buffer.from(q.signature.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

/** The text of a top-level element of WeChat's flat XML, CDATA or plain; null when absent. */
function xmlField(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*</${tag}>`).exec(xml);
  if (!m) return null;
  return m[1] ?? decodeEntities(m[2] ?? '');
}

const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * The receipt in a pushed TEMPLATESENDJOBFINISH event (plaintext mode); null for any other
 * message or event. Status is 'success', 'failed:user block' (the user refused the account's
 * messages) or 'failed: system failed'. Throws when the body is not WeChat's XML.
 */
export function parseWechatEvent(xml: string): DeliveryReceipt | null {
  if (!/^\s*<xml>[\s\S]*<\/xml>\s*$/.test(xml)) throw new Error('not a WeChat XML message');
  if (xmlField(xml, 'MsgType') !== 'event' || xmlField(xml, 'Event') !== 'TEMPLATESENDJOBFINISH') return null;
  const msgId = xmlField(xml, 'MsgID')?.trim();
  const status = xmlField(xml, 'Status')?.trim();
  if (!msgId || !status) throw new Error('TEMPLATESENDJOBFINISH without MsgID or Status');
  const created = Number(xmlField(xml, 'CreateTime'));
  return {
    providerId: msgId,
    delivered: status === 'success',
    answer: truncate(status),
    at: Number.isFinite(created) && created > 0 ? new Date(created * 1000) : null,
  };
}
