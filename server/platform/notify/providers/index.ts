import type { NotificationChannel } from '../channels.js';
import { AliyunSmsChannel } from './aliyun-sms.js';
import type { EmailSettings, SmsSettings, WechatSettings } from './config.js';
import { SmtpChannel } from './smtp.js';
import { WebhookSmsChannel } from './webhook-sms.js';
import { WechatChannel } from './wechat.js';

export {
  AliyunSmsChannel,
  canonicalQuery,
  parseAliyunInbound,
  parseAliyunReports,
  percentEncode,
  signAliyunRpc,
} from './aliyun-sms.js';
export {
  type AliyunSmsSettings,
  EmailSettings,
  SECRET_FIELDS,
  SmsSettings,
  type SmtpSettings,
  type WebhookSmsSettings,
  WechatSettings,
  type WechatProviderSettings,
} from './config.js';
export { SmtpChannel } from './smtp.js';
export {
  parseWebhookInbound,
  parseWebhookReceipts,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  WebhookSmsChannel,
} from './webhook-sms.js';
export { parseWechatEvent, verifyWechatSignature, WechatChannel } from './wechat.js';

export interface ProviderSettings {
  sms: SmsSettings;
  email: EmailSettings;
  wechat: WechatSettings;
}

/**
 * The real channels the settings name. A channel left on 'log' gets no entry: the dispatcher
 * falls back to its log channel for it. Close the channels (SMTP pool) when settings change.
 */
export function buildChannels(s: ProviderSettings): Partial<Record<'sms' | 'email' | 'wechat', NotificationChannel>> {
  const channels: Partial<Record<'sms' | 'email' | 'wechat', NotificationChannel>> = {};
  if (s.sms.provider === 'aliyun') channels.sms = new AliyunSmsChannel(s.sms);
  else if (s.sms.provider === 'webhook') channels.sms = new WebhookSmsChannel(s.sms);
  if (s.email.provider === 'smtp') channels.email = new SmtpChannel(s.email);
  if (s.wechat.provider === 'wechat') channels.wechat = new WechatChannel(s.wechat);
  return channels;
}
