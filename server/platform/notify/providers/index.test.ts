import { describe, expect, it } from 'vitest';
import {
  AliyunSmsChannel,
  buildChannels,
  EmailSettings,
  SmsSettings,
  SmtpChannel,
  WebhookSmsChannel,
  WechatChannel,
  WechatSettings,
} from './index.js';

describe('buildChannels', () => {
  it('builds nothing for channels left on the log provider', () => {
    expect(
      buildChannels({ sms: { provider: 'log' }, email: { provider: 'log' }, wechat: { provider: 'log' } }),
    ).toEqual({});
  });

  it('builds the channel each setting names', async () => {
    const channels = buildChannels({
      sms: SmsSettings.parse({ provider: 'aliyun', accessKeyId: 'id', accessKeySecret: 's', signName: '三包售后' }),
      email: EmailSettings.parse({ provider: 'smtp', host: 'smtp.example.com', from: 'a@example.com' }),
      wechat: WechatSettings.parse({ provider: 'wechat', appId: 'wx1', appSecret: 's', token: 't' }),
    });
    expect(channels.sms).toBeInstanceOf(AliyunSmsChannel);
    expect(channels.email).toBeInstanceOf(SmtpChannel);
    expect(channels.wechat).toBeInstanceOf(WechatChannel);
    expect(Object.values(channels).map((c) => c.outcome)).toEqual(['sent', 'sent', 'sent']);
    await channels.email?.close?.();

    const webhook = buildChannels({
      sms: SmsSettings.parse({ provider: 'webhook', url: 'https://gw.example.com/sms', secret: 's' }),
      email: { provider: 'log' },
      wechat: { provider: 'log' },
    });
    expect(Object.keys(webhook)).toEqual(['sms']);
    expect(webhook.sms).toBeInstanceOf(WebhookSmsChannel);
  });
});
