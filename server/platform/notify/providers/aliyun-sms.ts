import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  DeliveryError,
  type DeliveryReceipt,
  type InboundText,
  type NotificationChannel,
  type OutgoingMessage,
  type SendResult,
} from '../channels.js';
import type { AliyunSmsSettings } from './config.js';
import { jsonOrUndefined, paramText, providerFetch, truncate } from './http.js';

/*
 * Aliyun SMS (Dysmsapi) SendSms over its RPC-style API, signature version 1.0 (HMAC-SHA1 of the
 * canonicalised query, help.aliyun.com "V2版本RPC风格请求体&签名机制"), and the parsers of its HTTP
 * batch pushes: SmsReport (delivery reports) and SmsUp (texts customers send back).
 */

/**
 * RFC 3986 percent-encoding as the signature requires: A-Z a-z 0-9 - _ . ~ stay, every other
 * UTF-8 byte becomes %XY (upper-case hex); so a space is %20 (not '+'), '*' is %2A, '~' stays.
 * encodeURIComponent leaves ! ' ( ) * as they are, so those are encoded here.
 */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The parameters sorted by name, each name and value percent-encoded, joined with '&'. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
}

/**
 * Signature = Base64(HMAC-SHA1(AccessKeySecret + '&', StringToSign)), where
 * StringToSign = method + '&' + percentEncode('/') + '&' + percentEncode(canonicalQuery), over all
 * parameters except Signature itself.
 */
export function signAliyunRpc(params: Record<string, string>, accessKeySecret: string, method = 'GET'): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** ISO 8601 UTC without milliseconds, as the Timestamp parameter takes it: 2017-07-12T02:42:19Z. */
export const aliyunTimestamp = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Codes that will not change on a retry: the number, template, signature or account is wrong
 * (the API error code list of Dysmsapi). Everything else (isv.BUSINESS_LIMIT_CONTROL, Throttling.*,
 * isp.*, daily limits, an unpaid account) is retried; the attempts are bounded by the outbox.
 */
const PERMANENT_CODES = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.SMS_SIGNATURE_SCENE_ILLEGAL',
  'isv.SMS_SIGN_ILLEGAL',
  'isv.SIGN_STATE_ILLEGAL',
  'isv.SMS_CONTENT_ILLEGAL',
  'isv.DOMESTIC_NUMBER_NOT_SUPPORTED',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.INVALID_PARAMETERS',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId.NotFound',
]);

export const isPermanentAliyunCode = (code: string): boolean => PERMANENT_CODES.has(code);

const SendSmsAnswer = z.object({
  Code: z.string(),
  Message: z.string().optional(),
  BizId: z.string().optional(),
  RequestId: z.string().optional(),
});

export interface AliyunSmsOptions {
  /** For tests: the clock of the Timestamp parameter and the nonce. */
  now?: () => Date;
  nonce?: () => string;
}

export class AliyunSmsChannel implements NotificationChannel {
  readonly name = 'aliyun-sms';
  readonly outcome = 'sent' as const;
  private readonly now: () => Date;
  private readonly nonce: () => string;

  constructor(
    private readonly config: Pick<AliyunSmsSettings, 'endpoint' | 'accessKeyId' | 'accessKeySecret' | 'signName'>,
    opts: AliyunSmsOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.nonce = opts.nonce ?? randomUUID;
  }

  /** The signed query parameters of one SendSms request (Signature included). */
  sendSmsParams(msg: OutgoingMessage): Record<string, string> {
    const templateParam: Record<string, string> = {};
    for (const [k, v] of Object.entries(msg.params)) templateParam[k] = paramText(v);
    const params: Record<string, string> = {
      AccessKeyId: this.config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: msg.id,
      PhoneNumbers: msg.recipient,
      RegionId: 'cn-hangzhou',
      SignName: msg.signature || this.config.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: this.nonce(),
      SignatureVersion: '1.0',
      TemplateCode: msg.providerCode ?? '',
      TemplateParam: JSON.stringify(templateParam),
      Timestamp: aliyunTimestamp(this.now()),
      Version: '2017-05-25',
    };
    return { ...params, Signature: signAliyunRpc(params, this.config.accessKeySecret) };
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    // SendSms sends approved templates only: without one there is nothing Aliyun could accept.
    if (!msg.providerCode) throw new DeliveryError('aliyun: no approved template code for this message', true);
    const params = this.sendSmsParams(msg);
    const url = `${this.config.endpoint.replace(/\/+$/, '')}/?${canonicalQuery(params)}`;
    const res = await providerFetch('aliyun', url, { method: 'GET', headers: { accept: 'application/json' } });
    const answer = SendSmsAnswer.safeParse(jsonOrUndefined(res.text));
    if (!answer.success) {
      // Not Aliyun's JSON: a gateway or proxy page. 5xx and anything else unexplained are retried.
      throw new DeliveryError(`aliyun: HTTP ${res.status}`, false, truncate(`${res.status} ${res.text}`));
    }
    const { Code, Message, BizId } = answer.data;
    const text = truncate(`${Code}${Message ? `: ${Message}` : ''}`);
    if (Code === 'OK' && res.status < 300) return { providerId: BizId ?? null, answer: text };
    // Signature and key errors come with HTTP 4xx, business refusals (isv.*) with 200; the code decides.
    const permanent = res.status < 500 && isPermanentAliyunCode(Code);
    throw new DeliveryError(`aliyun: ${text}`, permanent, text);
  }
}

/*
 * The HTTP batch pushes (消息回执 "HTTP批量推送模式"): a JSON array per request, possibly several
 * items; the receiver answers {"code":0,"msg":"接收成功"} with HTTP 200, else Aliyun pushes again
 * after 1, 5 and 10 minutes. Times are China Standard Time, 'yyyy-MM-dd HH:mm:ss'.
 */

/** 'yyyy-MM-dd HH:mm:ss' (or the older 'yyyyMMddHHmmss') in UTC+8; null for anything else. */
export function parseAliyunTime(s: string | null | undefined): Date | null {
  if (!s) return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

const SmsReportItem = z.object({
  phone_number: z.string().optional(),
  send_time: z.string().nullish(),
  report_time: z.string().nullish(),
  success: z.boolean(),
  err_code: z.string().nullish(),
  err_msg: z.string().nullish(),
  biz_id: z.string().min(1),
  out_id: z.string().nullish(),
});

/** SmsReport: one receipt per item, matched by biz_id (the BizId SendSms answered). Throws on a malformed body. */
export function parseAliyunReports(body: unknown): DeliveryReceipt[] {
  const items = z.array(SmsReportItem).parse(body);
  return items.map((r) => ({
    providerId: r.biz_id,
    delivered: r.success,
    answer: r.err_code ? truncate(r.err_msg ? `${r.err_code}: ${r.err_msg}` : r.err_code) : null,
    at: parseAliyunTime(r.report_time) ?? parseAliyunTime(r.send_time),
  }));
}

const SmsUpItem = z.object({
  phone_number: z.string().min(1),
  content: z.string(),
  send_time: z.string().nullish(),
  sign_name: z.string().nullish(),
  dest_code: z.string().nullish(),
  sequence_id: z.union([z.string(), z.number()]).nullish(),
});

/** SmsUp: the texts customers sent back (e.g. 'TD' to opt out). Throws on a malformed body. */
export function parseAliyunInbound(body: unknown): InboundText[] {
  const items = z.array(SmsUpItem).parse(body);
  return items.map((t) => ({ from: t.phone_number, text: t.content, at: parseAliyunTime(t.send_time) }));
}
