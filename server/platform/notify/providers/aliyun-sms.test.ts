import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAliyunSms, startFakeAliyunSms } from '../../../test/fakes/aliyun-sms.js';
import type { OutgoingMessage } from '../channels.js';
import { refusal } from './refusal.test-helper.js';
import {
  AliyunSmsChannel,
  canonicalQuery,
  parseAliyunInbound,
  parseAliyunReports,
  percentEncode,
  signAliyunRpc,
} from './aliyun-sms.js';

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: '0b9f6a0e-4a3c-4d2b-9d51-6f1c2f7d3a11',
  channel: 'sms',
  recipient: '13800138000',
  template: 'order.booked',
  params: { name: '张三', orderNo: 'WO-2024-0001', visitAt: '3月5日 上午', count: 2 },
  subject: null,
  body: '【三包售后】张三您好,工单WO-2024-0001已预约3月5日 上午上门。',
  providerCode: 'SMS_123456789',
  signature: null,
  ...over,
});

describe('the Aliyun RPC signature', () => {
  it('percent-encodes as RFC 3986: space %20, * %2A, + %2B, ~ kept, UTF-8 bytes', () => {
    expect(percentEncode("a b*c~d+e!'()/=&")).toBe('a%20b%2Ac~d%2Be%21%27%28%29%2F%3D%26');
    expect(percentEncode('签')).toBe('%E7%AD%BE');
    expect(percentEncode('-_.~')).toBe('-_.~');
  });

  it('reproduces the documented SendSms example (testId / testSecret): zJDF+Lrzhj/ThnlvIToysFRq6t4=', () => {
    // The worked example of Aliyun's SMS signature page, reproduced by several independent SDKs.
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(canonicalQuery(params)).toBe(
      'AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou' +
        '&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8' +
        '&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0' +
        '&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D' +
        '&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25',
    );
    expect(signAliyunRpc(params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('builds SendSms with the common parameters, a UTC timestamp without milliseconds and string params', () => {
    const channel = new AliyunSmsChannel(
      { endpoint: 'https://dysmsapi.aliyuncs.com', accessKeyId: 'id', accessKeySecret: 'secret', signName: '三包售后' },
      { now: () => new Date('2024-03-05T01:02:03.456Z'), nonce: () => 'nonce-1' },
    );
    const p = channel.sendSmsParams(message());
    expect(p).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'nonce-1',
      Timestamp: '2024-03-05T01:02:03Z',
      RegionId: 'cn-hangzhou',
      PhoneNumbers: '13800138000',
      SignName: '三包售后',
      TemplateCode: 'SMS_123456789',
      OutId: message().id,
    });
    expect(JSON.parse(p.TemplateParam!)).toEqual({
      name: '张三',
      orderNo: 'WO-2024-0001',
      visitAt: '3月5日 上午',
      count: '2',
    });
    const { Signature, ...rest } = p;
    expect(Signature).toBe(signAliyunRpc(rest, 'secret'));
    expect(channel.sendSmsParams(message({ signature: '售后服务' })).SignName).toBe('售后服务');
  });
});

describe('SendSms against a local Dysmsapi that checks the signature', () => {
  let fake: FakeAliyunSms;
  let channel: AliyunSmsChannel;
  beforeAll(async () => {
    fake = await startFakeAliyunSms();
    channel = new AliyunSmsChannel({
      endpoint: fake.url,
      accessKeyId: fake.accessKeyId,
      accessKeySecret: fake.accessKeySecret,
      signName: '三包售后',
    });
  });
  afterAll(() => fake.close());

  it('is accepted with its BizId; the fake recomputed the signature over Chinese, spaces and symbols', async () => {
    const msg = message({ params: { name: '李 四', note: "a+b*c~d (e)!'", url: 'https://x.cn/r?a=1&b=2' } });
    const result = await channel.send(msg);
    const sent = fake.messages.at(-1)!;
    expect(result).toEqual({ providerId: sent.bizId, answer: 'OK: OK' });
    expect(sent).toMatchObject({
      phoneNumbers: '13800138000',
      signName: '三包售后',
      templateCode: 'SMS_123456789',
      outId: msg.id,
      templateParam: { name: '李 四', note: "a+b*c~d (e)!'", url: 'https://x.cn/r?a=1&b=2' },
    });
  });

  it('a wrong secret is refused permanently as SignatureDoesNotMatch', async () => {
    const wrong = new AliyunSmsChannel({
      endpoint: fake.url,
      accessKeyId: fake.accessKeyId,
      accessKeySecret: 'not-the-secret',
      signName: '三包售后',
    });
    const err = await refusal(wrong.send(message()));
    expect(err.permanent).toBe(true);
    expect(err.answer).toMatch(/^SignatureDoesNotMatch/);
  });

  it('an unknown AccessKeyId is refused permanently', async () => {
    const wrong = new AliyunSmsChannel({
      endpoint: fake.url,
      accessKeyId: 'nobody',
      accessKeySecret: fake.accessKeySecret,
      signName: '三包售后',
    });
    const err = await refusal(wrong.send(message()));
    expect(err.permanent).toBe(true);
    expect(err.answer).toMatch(/^InvalidAccessKeyId\.NotFound/);
  });

  it('throttling and flow control are temporary', async () => {
    fake.script('Throttling.User');
    expect((await refusal(channel.send(message()))).permanent).toBe(false);
    fake.script('isv.BUSINESS_LIMIT_CONTROL');
    const err = await refusal(channel.send(message()));
    expect(err.permanent).toBe(false);
    expect(err.answer).toBe('isv.BUSINESS_LIMIT_CONTROL: scripted isv.BUSINESS_LIMIT_CONTROL');
  });

  it('system errors and HTTP 5xx are temporary, even with a code that would be permanent', async () => {
    fake.script('isp.SYSTEM_ERROR');
    expect((await refusal(channel.send(message()))).permanent).toBe(false);
    fake.script('isv.INVALID_PARAMETERS', 1, 503);
    expect((await refusal(channel.send(message()))).permanent).toBe(false);
  });

  it('an invalid number, template or signature is permanent', async () => {
    for (const code of ['isv.MOBILE_NUMBER_ILLEGAL', 'isv.SMS_TEMPLATE_ILLEGAL', 'isv.SMS_SIGNATURE_ILLEGAL']) {
      fake.script(code);
      const err = await refusal(channel.send(message()));
      expect(err.permanent).toBe(true);
      expect(err.answer).toMatch(new RegExp(`^${code.replace('.', '\\.')}`));
    }
  });

  it('a message without a template code is refused permanently before any request', async () => {
    const before = fake.requests;
    const err = await refusal(channel.send(message({ providerCode: null })));
    expect(err.permanent).toBe(true);
    expect(fake.requests).toBe(before);
  });

  it('an unreachable endpoint or a non-JSON 502 is temporary', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const { port } = dead.address() as AddressInfo;
    await new Promise<void>((r) => dead.close(() => r()));
    const offline = new AliyunSmsChannel({
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyId: 'a',
      accessKeySecret: 'b',
      signName: 'c',
    });
    expect((await refusal(offline.send(message()))).permanent).toBe(false);

    const proxy = createServer((_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'),
    );
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const behindProxy = new AliyunSmsChannel({
      endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      accessKeyId: 'a',
      accessKeySecret: 'b',
      signName: 'c',
    });
    const err = await refusal(behindProxy.send(message()));
    expect(err.permanent).toBe(false);
    expect(err.answer).toBe('502 <h1>Bad Gateway</h1>');
    proxy.closeAllConnections();
    await new Promise<void>((r) => proxy.close(() => r()));
  });
});

describe('Aliyun pushes', () => {
  it('SmsReport: one receipt per item, by biz_id, times in China Standard Time', () => {
    const receipts = parseAliyunReports([
      {
        phone_number: '13800138000',
        send_time: '2024-03-05 09:00:00',
        report_time: '2024-03-05 09:00:07',
        success: true,
        err_code: 'DELIVERED',
        err_msg: '用户接收成功',
        sms_size: '1',
        biz_id: '123456^789',
        out_id: '0b9f6a0e',
      },
      {
        phone_number: '13900139000',
        send_time: '2024-03-05 09:00:00',
        report_time: '2024-03-05 09:01:00',
        success: false,
        err_code: 'MK:0001',
        err_msg: '空号',
        sms_size: '1',
        biz_id: '123457^789',
        out_id: null,
      },
    ]);
    expect(receipts).toEqual([
      {
        providerId: '123456^789',
        delivered: true,
        answer: 'DELIVERED: 用户接收成功',
        at: new Date('2024-03-05T01:00:07Z'),
      },
      { providerId: '123457^789', delivered: false, answer: 'MK:0001: 空号', at: new Date('2024-03-05T01:01:00Z') },
    ]);
    expect(parseAliyunReports([])).toEqual([]);
  });

  it('SmsReport refuses what is not a report array', () => {
    expect(() => parseAliyunReports({ biz_id: '1', success: true })).toThrow();
    expect(() => parseAliyunReports([{ success: true }])).toThrow();
    expect(() => parseAliyunReports([{ biz_id: '1', success: 'yes' }])).toThrow();
    expect(() => parseAliyunReports('[]')).toThrow();
  });

  it('SmsUp: the texts customers sent back', () => {
    expect(
      parseAliyunInbound([
        {
          phone_number: '13800138000',
          content: 'TD',
          send_time: '2024-03-05 10:00:00',
          dest_code: '1234',
          sequence_id: '1234567890',
        },
        { phone_number: '13900139000', content: '好的，谢谢', send_time: '20240305100100', sequence_id: 1 },
      ]),
    ).toEqual([
      { from: '13800138000', text: 'TD', at: new Date('2024-03-05T02:00:00Z') },
      { from: '13900139000', text: '好的，谢谢', at: new Date('2024-03-05T02:01:00Z') },
    ]);
  });

  it('SmsUp refuses malformed bodies', () => {
    expect(() => parseAliyunInbound(null)).toThrow();
    expect(() => parseAliyunInbound([{ content: 'TD' }])).toThrow();
    expect(() => parseAliyunInbound([{ phone_number: '138', content: 5 }])).toThrow();
  });
});
