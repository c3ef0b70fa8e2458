import { describe, expect, it } from 'vitest';
import { EmailSettings, SmsSettings } from '../../../server/platform/notify/providers/contract.js';
import { providerFormValues, providerValueOf, receiptUrls, SECRET_MASK } from './provider-fields.js';

describe('message provider settings form', () => {
  it('starts from the value as read, or the first provider with nothing set', () => {
    expect(providerFormValues('messages.sms', { provider: 'log' })).toEqual({ provider: 'log' });
    expect(providerFormValues('messages.email', null)).toEqual({ provider: 'log' });
    expect(
      providerFormValues('messages.sms', {
        provider: 'aliyun',
        endpoint: 'https://dysmsapi.aliyuncs.com',
        accessKeyId: 'id',
        accessKeySecret: SECRET_MASK,
        signName: '三包',
      }),
    ).toMatchObject({ provider: 'aliyun', accessKeySecret: SECRET_MASK });
  });

  it('saves the chosen provider’s own fields only, optional blanks left out', () => {
    const form = {
      provider: 'webhook',
      url: ' https://sms.example.com/send ',
      secret: SECRET_MASK,
      accessKeyId: 'left from aliyun',
    };
    const value = providerValueOf('messages.sms', form);
    expect(value).toEqual({ provider: 'webhook', url: 'https://sms.example.com/send', secret: SECRET_MASK });
    expect(SmsSettings.safeParse(value).success).toBe(true);
    const smtp = providerValueOf('messages.email', {
      provider: 'smtp',
      host: 'smtp.example.com',
      port: '587',
      secure: false,
      user: '',
      password: '',
      from: '三包售后 <service@example.com>',
    });
    expect(smtp).toEqual({
      provider: 'smtp',
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      from: '三包售后 <service@example.com>',
    });
    expect(EmailSettings.safeParse(smtp).success).toBe(true);
    expect(providerValueOf('messages.wechat', { provider: 'log', appId: 'x' })).toEqual({ provider: 'log' });
  });

  it('lists the receipt URLs of the chosen provider under the public address', () => {
    expect(receiptUrls('messages.sms', 'aliyun', 'https://sb.example.com/')).toEqual([
      { kind: 'aliyunReceipts', url: 'https://sb.example.com/api/hooks/messages/sms/aliyun/receipts', token: true },
      { kind: 'aliyunInbound', url: 'https://sb.example.com/api/hooks/messages/sms/aliyun/inbound', token: true },
    ]);
    expect(receiptUrls('messages.sms', 'webhook', 'http://x').map((u) => u.url)).toEqual([
      'http://x/api/hooks/messages/sms/webhook/receipts',
      'http://x/api/hooks/messages/sms/webhook/inbound',
    ]);
    expect(receiptUrls('messages.wechat', 'wechat', 'http://x')).toEqual([
      { kind: 'wechat', url: 'http://x/api/hooks/messages/wechat', token: false },
    ]);
    expect(receiptUrls('messages.sms', 'log', 'http://x')).toEqual([]);
    expect(receiptUrls('messages.email', 'smtp', 'http://x')).toEqual([]);
  });
});
