import { z } from 'zod';

/*
 * The settings of the real message providers, one per channel. 'log' is the development default:
 * no provider, the dispatcher's log channel records the message. Secrets are stored like any
 * setting but never shown back (SECRET_FIELDS).
 */

const key = z.string().trim().min(1).max(200);
const secret = z.string().min(1).max(500);
const httpUrl = z.url({ protocol: /^https?$/ });

/** A mail address, bare or with a display name: 'service@example.com' or '三包售后 <service@example.com>'. */
const MAILBOX = /^(?:[^<>]*<\s*([^<>\s]+)\s*>|([^<>\s]+))$/;
const mailbox = z
  .string()
  .trim()
  .max(300)
  .refine((v) => {
    const m = MAILBOX.exec(v);
    const address = m?.[1] ?? m?.[2];
    return address !== undefined && z.email().safeParse(address).success;
  }, 'a mail address, optionally with a display name: Name <address@example.com>');

const logProvider = z.object({ provider: z.literal('log') });

export const SmsSettings = z.discriminatedUnion('provider', [
  logProvider,
  z.object({
    provider: z.literal('aliyun'),
    endpoint: httpUrl.default('https://dysmsapi.aliyuncs.com'),
    accessKeyId: key,
    accessKeySecret: secret,
    /** The approved signature (签名) used when a message names none. */
    signName: z.string().trim().min(1).max(50),
  }),
  z.object({ provider: z.literal('webhook'), url: httpUrl, secret }),
]);
export type SmsSettings = z.output<typeof SmsSettings>;
export type AliyunSmsSettings = Extract<SmsSettings, { provider: 'aliyun' }>;
export type WebhookSmsSettings = Extract<SmsSettings, { provider: 'webhook' }>;

export const EmailSettings = z.discriminatedUnion('provider', [
  logProvider,
  z.object({
    provider: z.literal('smtp'),
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(465),
    /** Implicit TLS (port 465); false connects in plain text and upgrades with STARTTLS. */
    secure: z.boolean().default(true),
    user: z.string().min(1).max(300).optional(),
    password: secret.optional(),
    from: mailbox,
  }),
]);
export type EmailSettings = z.output<typeof EmailSettings>;
export type SmtpSettings = Extract<EmailSettings, { provider: 'smtp' }>;

export const WechatSettings = z.discriminatedUnion('provider', [
  logProvider,
  z.object({
    provider: z.literal('wechat'),
    apiBase: httpUrl.default('https://api.weixin.qq.com'),
    appId: key,
    appSecret: secret,
    /** The token configured on the official account's server page, for verifying pushed events. */
    token: secret,
  }),
]);
export type WechatSettings = z.output<typeof WechatSettings>;
export type WechatProviderSettings = Extract<WechatSettings, { provider: 'wechat' }>;

/** Fields never shown back in the UI (the settings screen shows them as set or not set). */
export const SECRET_FIELDS = ['accessKeySecret', 'secret', 'password', 'appSecret', 'token'] as const;
