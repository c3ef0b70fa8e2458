import { describe, expect, it } from 'vitest';
import { EmailSettings, SECRET_FIELDS, SmsSettings, WechatSettings } from './config.js';

describe('provider settings', () => {
  it('fill the documented defaults', () => {
    expect(
      SmsSettings.parse({ provider: 'aliyun', accessKeyId: 'LTAI', accessKeySecret: 's', signName: '三包售后' }),
    ).toEqual({
      provider: 'aliyun',
      endpoint: 'https://dysmsapi.aliyuncs.com',
      accessKeyId: 'LTAI',
      accessKeySecret: 's',
      signName: '三包售后',
    });
    expect(EmailSettings.parse({ provider: 'smtp', host: 'smtp.example.com', from: 'a@example.com' })).toMatchObject({
      port: 465,
      secure: true,
    });
    expect(WechatSettings.parse({ provider: 'wechat', appId: 'wx1', appSecret: 's', token: 't' })).toMatchObject({
      apiBase: 'https://api.weixin.qq.com',
    });
    expect(SmsSettings.parse({ provider: 'log' })).toEqual({ provider: 'log' });
  });

  it('take a sender with or without a display name, and nothing else', () => {
    const smtp = (from: string) =>
      EmailSettings.safeParse({ provider: 'smtp', host: 'h', port: 587, secure: false, from }).success;
    expect(smtp('service@example.com')).toBe(true);
    expect(smtp('三包售后 <service@example.com>')).toBe(true);
    expect(smtp('"Sanbao, Service" <service@example.com>')).toBe(true);
    expect(smtp('三包售后')).toBe(false);
    expect(smtp('Service <not an address>')).toBe(false);
    expect(smtp('a@example.com, b@example.com')).toBe(false);
  });

  it('refuse unknown providers, missing secrets and non-HTTP endpoints', () => {
    expect(SmsSettings.safeParse({ provider: 'twilio' }).success).toBe(false);
    expect(SmsSettings.safeParse({ provider: 'webhook', url: 'https://gw.example.com/sms' }).success).toBe(false);
    expect(SmsSettings.safeParse({ provider: 'webhook', url: 'ftp://gw.example.com', secret: 's' }).success).toBe(
      false,
    );
    expect(EmailSettings.safeParse({ provider: 'smtp', host: 'h', port: 70000, from: 'a@b.cn' }).success).toBe(false);
  });

  it('name every secret field of the schemas', () => {
    const keys = new Set<string>();
    for (const schema of [SmsSettings, EmailSettings, WechatSettings]) {
      for (const option of schema.options) for (const k of Object.keys(option.shape)) keys.add(k);
    }
    for (const field of SECRET_FIELDS) expect(keys.has(field)).toBe(true);
  });
});
