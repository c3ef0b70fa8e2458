import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeWebhookSms, startFakeWebhookSms } from '../../../test/fakes/webhook-sms.js';
import type { OutgoingMessage } from '../channels.js';
import { refusal } from './refusal.test-helper.js';
import {
  parseWebhookInbound,
  parseWebhookReceipts,
  signWebhook,
  verifyWebhookSignature,
  WebhookSmsChannel,
} from './webhook-sms.js';

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: '6c1d1a57-1f0e-4f43-a0f5-2b9a7c4d9e01',
  channel: 'sms',
  recipient: '13800138000',
  template: 'portal.otp',
  params: { code: '482913', minutes: 5 },
  subject: null,
  body: '【三包售后】验证码482913,5分钟内有效。',
  providerCode: 'SMS_OTP',
  signature: '三包售后',
  lang: 'zh-CN',
  ...over,
});

describe('the SMS webhook', () => {
  let fake: FakeWebhookSms;
  let channel: WebhookSmsChannel;
  beforeAll(async () => {
    fake = await startFakeWebhookSms();
    channel = new WebhookSmsChannel({ url: fake.url, secret: fake.secret });
  });
  afterAll(() => fake.close());

  it('posts the message signed; the gateway checks the signature and its id comes back', async () => {
    const result = await channel.send(message());
    const got = fake.messages.at(-1)!;
    expect(result).toEqual({ providerId: got.gatewayId, answer: `200 {"id":"${got.gatewayId}","status":"queued"}` });
    expect(got).toEqual({
      id: message().id,
      channel: 'sms',
      to: '13800138000',
      template: 'portal.otp',
      providerCode: 'SMS_OTP',
      signature: '三包售后',
      params: { code: '482913', minutes: 5 },
      text: '【三包售后】验证码482913,5分钟内有效。',
      lang: 'zh-CN',
      gatewayId: got.gatewayId,
    });
  });

  it('a wrong secret is refused by the gateway (401): permanent', async () => {
    const before = fake.unsigned;
    const wrong = new WebhookSmsChannel({ url: fake.url, secret: 'guess' });
    const err = await refusal(wrong.send(message()));
    expect(fake.unsigned).toBe(before + 1);
    expect(err.permanent).toBe(true);
    expect(err.answer).toBe('401 {"error":"bad signature"}');
  });

  it('a signature from a clock far off is refused as stale', async () => {
    const late = new WebhookSmsChannel(
      { url: fake.url, secret: fake.secret },
      { now: () => new Date(Date.now() - 3_600_000) },
    );
    expect((await refusal(late.send(message()))).permanent).toBe(true);
  });

  it('5xx, 408 and 429 are temporary; other 4xx permanent with status and body', async () => {
    for (const status of [500, 503, 408, 429]) {
      fake.script(status);
      expect((await refusal(channel.send(message()))).permanent).toBe(false);
    }
    fake.script(400, 1, '{"error":"number not allowed"}');
    const err = await refusal(channel.send(message()));
    expect(err.permanent).toBe(true);
    expect(err.answer).toBe('400 {"error":"number not allowed"}');
  });

  it('answers are cut to 500 characters; without an id the outbox id is the provider id', async () => {
    fake.script(422, 1, 'x'.repeat(2000));
    const err = await refusal(channel.send(message()));
    expect(err.answer).toHaveLength(500);
    fake.script(202, 1, 'accepted');
    expect(await channel.send(message())).toEqual({ providerId: message().id, answer: '202 accepted' });
  });

  it('an unreachable gateway is temporary', async () => {
    const offline = new WebhookSmsChannel({ url: 'http://127.0.0.1:9/sms', secret: 's' });
    expect((await refusal(offline.send(message()))).permanent).toBe(false);
  });
});

describe('calls the gateway makes back', () => {
  const secret = 'shared-secret';
  const body = JSON.stringify({ receipts: [{ id: 'gw-1', status: 'delivered' }] });
  const now = new Date('2024-03-05T01:00:00Z');
  const ts = String(now.getTime() / 1000);
  const headers = { 'x-sanbao-timestamp': ts, 'x-sanbao-signature': signWebhook(secret, ts, body) };

  it('are signed as the channel signs: sha256= and hex', () => {
    // As `printf '1700000000.{}' | openssl dgst -sha256 -hmac k` computes it.
    expect(signWebhook('k', '1700000000', '{}')).toBe(
      'sha256=c6ef4734033cee2367414a0939385eca0397754aa7a59716da7463a9298b5146',
    );
    expect(signWebhook('k', 1700000000, '{}')).toBe(signWebhook('k', '1700000000', Buffer.from('{}')));
  });

  it('are accepted when signed with the secret, within 5 minutes either way', () => {
    expect(verifyWebhookSignature(secret, headers, body, now)).toBe(true);
    expect(verifyWebhookSignature(secret, headers, Buffer.from(body), new Date(now.getTime() + 299_000))).toBe(true);
    expect(verifyWebhookSignature(secret, new Headers(headers), body, new Date(now.getTime() - 299_000))).toBe(true);
    expect(
      verifyWebhookSignature(
        secret,
        { 'X-Sanbao-Timestamp': ts, 'X-Sanbao-Signature': headers['x-sanbao-signature'] },
        body,
        now,
      ),
    ).toBe(true);
  });

  it('are refused when tampered with, stale, signed with another secret or unsigned', () => {
    expect(verifyWebhookSignature(secret, headers, body.replace('delivered', 'failed'), now)).toBe(false);
    expect(verifyWebhookSignature(secret, headers, body, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature('other', headers, body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, { 'x-sanbao-timestamp': ts }, body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, { ...headers, 'x-sanbao-signature': 'sha256=00' }, body, now)).toBe(false);
    const later = String(Number(ts) + 1);
    expect(verifyWebhookSignature(secret, { ...headers, 'x-sanbao-timestamp': later }, body, now)).toBe(false);
  });

  it('receipts: delivered or failed, with the answer and time given', () => {
    expect(
      parseWebhookReceipts({
        receipts: [
          { id: 'gw-1', status: 'delivered', at: '2024-03-05T09:00:07+08:00' },
          { id: 'gw-2', status: 'failed', answer: 'UNDELIV:MK:0001' },
        ],
      }),
    ).toEqual([
      { providerId: 'gw-1', delivered: true, answer: 'delivered', at: new Date('2024-03-05T01:00:07Z') },
      { providerId: 'gw-2', delivered: false, answer: 'UNDELIV:MK:0001', at: null },
    ]);
    expect(() => parseWebhookReceipts([{ id: 'gw-1', status: 'delivered' }])).toThrow();
    expect(() => parseWebhookReceipts({ receipts: [{ id: 'gw-1', status: 'sent' }] })).toThrow();
    expect(() => parseWebhookReceipts({ receipts: [{ id: 'gw-1', status: 'failed', at: 'yesterday' }] })).toThrow();
  });

  it('inbound texts', () => {
    expect(parseWebhookInbound({ texts: [{ from: '13800138000', text: 'TD', at: '2024-03-05T02:00:00Z' }] })).toEqual([
      { from: '13800138000', text: 'TD', at: new Date('2024-03-05T02:00:00Z') },
    ]);
    expect(parseWebhookInbound({ texts: [] })).toEqual([]);
    expect(() => parseWebhookInbound({ texts: [{ text: 'TD' }] })).toThrow();
    expect(() => parseWebhookInbound(undefined)).toThrow();
  });
});
