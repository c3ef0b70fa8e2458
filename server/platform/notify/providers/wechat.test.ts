import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeWechat, startFakeWechat } from '../../../test/fakes/wechat.js';
import type { OutgoingMessage } from '../channels.js';
import { refusal } from './refusal.test-helper.js';
import { parseWechatEvent, verifyWechatSignature, WechatChannel } from './wechat.js';

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: '2f4c8a61-3b7e-4f0a-9c55-0e7d1b2a3c44',
  channel: 'wechat',
  recipient: 'oia2TjuEGTNoeX76QEjQNrcURxG8',
  template: 'order.booked',
  params: {
    first: '您的工单已预约',
    keyword1: 'WO-2024-0001',
    keyword2: '3月5日 上午',
    count: 2,
    url: 'https://s.example.cn/o/1',
  },
  subject: null,
  body: '您的工单已预约',
  providerCode: 'TPL_ORDER_BOOKED',
  ...over,
});

describe('WeChat template messages', () => {
  let clock = Date.parse('2024-03-05T01:00:00Z');
  const now = () => clock;
  let fake: FakeWechat;
  const channelFor = (over: { appSecret?: string } = {}) =>
    new WechatChannel({ apiBase: fake.url, appId: fake.appId, appSecret: over.appSecret ?? fake.appSecret }, { now });
  beforeAll(async () => {
    fake = await startFakeWechat({ now });
  });
  afterAll(() => fake.close());

  it('are sent to the openid with the template, the link and every param as a string; msgid is the provider id', async () => {
    const channel = channelFor();
    const result = await channel.send(message());
    const sent = fake.messages.at(-1)!;
    expect(result).toEqual({ providerId: String(sent.msgid), answer: '0: ok' });
    expect(sent).toEqual({
      msgid: sent.msgid,
      touser: 'oia2TjuEGTNoeX76QEjQNrcURxG8',
      template_id: 'TPL_ORDER_BOOKED',
      url: 'https://s.example.cn/o/1',
      data: {
        first: { value: '您的工单已预约' },
        keyword1: { value: 'WO-2024-0001' },
        keyword2: { value: '3月5日 上午' },
        count: { value: '2' },
        url: { value: 'https://s.example.cn/o/1' },
      },
    });
    const noLink = await channel.send(message({ params: { first: '提醒', url: 42 } }));
    expect(noLink.providerId).toBe(String(fake.messages.at(-1)!.msgid));
    expect(fake.messages.at(-1)!.url).toBeUndefined();
  });

  it('reuse one token across sends, and concurrent sends share one token request', async () => {
    const channel = channelFor();
    const before = fake.tokenRequests;
    await Promise.all([1, 2, 3, 4, 5].map(() => channel.send(message())));
    await channel.send(message());
    await channel.send(message());
    expect(fake.tokenRequests).toBe(before + 1);
  });

  it('renew the token 5 minutes before it expires, without a refused send', async () => {
    const channel = channelFor();
    const tokens = fake.tokenRequests;
    await channel.send(message());
    clock += (7200 - 6 * 60) * 1000;
    await channel.send(message());
    expect(fake.tokenRequests).toBe(tokens + 1);
    const sends = fake.sendRequests;
    clock += 2 * 60 * 1000; // 4 minutes before expiry: renewed first
    await channel.send(message());
    expect(fake.tokenRequests).toBe(tokens + 2);
    expect(fake.sendRequests).toBe(sends + 1);
  });

  it('an expired token (42001) is dropped, a new one fetched and the send retried once', async () => {
    const channel = channelFor();
    await channel.send(message());
    const tokens = fake.tokenRequests;
    const sends = fake.sendRequests;
    const count = fake.messages.length;
    fake.expireTokens();
    const result = await channel.send(message());
    expect(result.providerId).toBe(String(fake.messages.at(-1)!.msgid));
    expect(fake.tokenRequests).toBe(tokens + 1);
    expect(fake.sendRequests).toBe(sends + 2);
    expect(fake.messages.length).toBe(count + 1);
  });

  it('a token refused twice in a row is a temporary failure, not a loop', async () => {
    const channel = channelFor();
    const tokens = fake.tokenRequests;
    fake.script(40001, 2);
    const err = await refusal(channel.send(message()));
    expect(err.permanent).toBe(false);
    expect(err.answer).toBe('40001: scripted 40001');
    expect(fake.tokenRequests).toBe(tokens + 2);
  });

  it('an unsubscribed user, a wrong openid or template, or data that does not fit are permanent', async () => {
    const channel = channelFor();
    for (const errcode of [43004, 40003, 40037, 47003]) {
      fake.script(errcode);
      const err = await refusal(channel.send(message()));
      expect(err.permanent).toBe(true);
      expect(err.answer).toBe(`${errcode}: scripted ${errcode}`);
    }
  });

  it('a busy system and quotas are temporary', async () => {
    const channel = channelFor();
    for (const errcode of [-1, 45009, 45047]) {
      fake.script(errcode);
      expect((await refusal(channel.send(message()))).permanent).toBe(false);
    }
  });

  it('a message without a template id is refused permanently before any request', async () => {
    const channel = channelFor();
    const sends = fake.sendRequests;
    const tokens = fake.tokenRequests;
    expect((await refusal(channel.send(message({ providerCode: null })))).permanent).toBe(true);
    expect([fake.sendRequests, fake.tokenRequests]).toEqual([sends, tokens]);
  });

  it('a wrong AppSecret is permanent (40125); an unreachable API temporary', async () => {
    const err = await refusal(channelFor({ appSecret: 'wrong' }).send(message()));
    expect(err.permanent).toBe(true);
    expect(err.answer).toBe('40125: invalid appsecret');
    const offline = new WechatChannel({ apiBase: 'http://127.0.0.1:9', appId: 'a', appSecret: 'b' });
    expect((await refusal(offline.send(message()))).permanent).toBe(false);
  });
});

describe("WeChat's pushes", () => {
  it('verify the server signature: sha1 of token, timestamp and nonce sorted', () => {
    // As `printf 1709600000384729sanbao-token | sha1sum` computes it (the three sorted as strings).
    const signature = '2d700e679a13f56de0c7d220c540ddcae530114b';
    expect(verifyWechatSignature('sanbao-token', { signature, timestamp: '1709600000', nonce: '384729' })).toBe(true);
    expect(
      verifyWechatSignature('sanbao-token', {
        signature: signature.toUpperCase(),
        timestamp: '1709600000',
        nonce: '384729',
      }),
    ).toBe(true);
    expect(verifyWechatSignature('other-token', { signature, timestamp: '1709600000', nonce: '384729' })).toBe(false);
    expect(verifyWechatSignature('sanbao-token', { signature, timestamp: '1709600001', nonce: '384729' })).toBe(false);
    expect(verifyWechatSignature('sanbao-token', { signature, timestamp: '1709600000' })).toBe(false);
    expect(verifyWechatSignature('sanbao-token', { signature: 'abc', timestamp: '1709600000', nonce: '384729' })).toBe(
      false,
    );
  });

  const event = (status: string, extra = '') => `<xml>
<ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
<FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName>
<CreateTime>1395658920</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>
<MsgID>200163836</MsgID>
<Status><![CDATA[${status}]]></Status>${extra}
</xml>`;

  it('TEMPLATESENDJOBFINISH: success is delivered, a block or system failure is not', () => {
    expect(parseWechatEvent(event('success'))).toEqual({
      providerId: '200163836',
      delivered: true,
      answer: 'success',
      at: new Date(1395658920 * 1000),
    });
    expect(parseWechatEvent(event('failed:user block'))).toMatchObject({
      delivered: false,
      answer: 'failed:user block',
    });
    expect(parseWechatEvent(event('failed: system failed'))).toMatchObject({
      providerId: '200163836',
      delivered: false,
      answer: 'failed: system failed',
    });
  });

  it('other messages and events are no receipt; what is not WeChat XML is refused', () => {
    const subscribe = event('success').replace('TEMPLATESENDJOBFINISH', 'subscribe');
    expect(parseWechatEvent(subscribe)).toBeNull();
    const text =
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[<MsgID>1</MsgID>]]></Content></xml>';
    expect(parseWechatEvent(text)).toBeNull();
    expect(() => parseWechatEvent('{"MsgID":1}')).toThrow();
    expect(() => parseWechatEvent(event('success').replace('<MsgID>200163836</MsgID>', ''))).toThrow();
  });
});
