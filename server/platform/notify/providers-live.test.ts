import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { startFakeAliyunSms } from '../../test/fakes/aliyun-sms.js';
import { startFakeWebhookSms } from '../../test/fakes/webhook-sms.js';
import { LogChannel } from './channels.js';
import { dispatchOutbox } from './dispatcher.js';
import { settingsChannelSource } from './provider-source.js';
import { signWebhook } from './providers/index.js';
import { sendMessage } from './send.js';
import { messageOptOuts, outbox } from './tables.js';

/*
 * The providers as an administrator sets them up (settings, secrets masked), the dispatcher
 * sending through them to local peers — a real SMTP server, a fake webhook gateway and a fake
 * Aliyun endpoint that check signatures — and the receipts and replies they push back.
 */
const quiet = { info() {}, warn() {} } as never;

describe('providers from settings', () => {
  let t: TestApp;
  let admin: Agent;
  const source = () => settingsChannelSource(t.database.db);
  const dispatch = async () => {
    const s = source();
    try {
      return await dispatchOutbox(t.database.db, {
        channels: await s(t.clock.now()),
        fallback: new LogChannel(quiet),
        now: t.clock.now(),
      });
    } finally {
      await s.close();
    }
  };
  const book = (to: object) =>
    t.database.db.transaction((tx) =>
      sendMessage(
        tx,
        {
          event: 'order.booked',
          to,
          params: { orderCode: 'SB000901', window: '12月8日 14:00–16:00', technicianName: '李师傅' },
        },
        t.clock.now(),
      ),
    );
  const row = async (id: string) => (await t.database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('sends SMS through the webhook gateway, never shows its secret back, and takes its signed receipts', async () => {
    const gw = await startFakeWebhookSms();
    try {
      const put = await admin.put('/api/settings/messages.sms', {
        value: { provider: 'webhook', url: gw.url, secret: gw.secret },
      });
      expect(put.status).toBe(200);
      expect(put.body.value).toEqual({ provider: 'webhook', url: gw.url, secret: '••••••' });
      // Saving the form back with the mask keeps the stored secret.
      expect((await admin.put('/api/settings/messages.sms', { value: put.body.value })).status).toBe(200);
      const versions = await admin.get('/api/settings/messages.sms/versions');
      expect(JSON.stringify(versions.body)).not.toContain(gw.secret);
      const audit = await admin.get('/api/audit?entity=setting');
      expect(JSON.stringify(audit.body)).not.toContain(gw.secret);

      const [m] = await book({ phone: '13800002001' });
      expect((await dispatch()).sent).toBe(1);
      expect(gw.unsigned).toBe(0);
      expect(gw.messages.map((x) => x.to)).toEqual(['13800002001']);
      expect(gw.messages[0]!.text).toContain('SB000901');
      const sent = await row(m!.id);
      expect(sent.status).toBe('sent');

      const ts = String(Math.floor(t.clock.now().getTime() / 1000));
      const receipt = JSON.stringify({ receipts: [{ id: sent.providerId, status: 'delivered', answer: 'DELIVRD' }] });
      const ok = await t.request({
        method: 'POST',
        url: '/api/hooks/messages/sms/webhook/receipts',
        headers: {
          'content-type': 'application/json',
          'x-sanbao-timestamp': ts,
          'x-sanbao-signature': signWebhook(gw.secret, ts, receipt),
        },
        payload: receipt,
      });
      expect(ok.status).toBe(200);
      expect((await row(m!.id)).status).toBe('delivered');
      const forged = await t.request({
        method: 'POST',
        url: '/api/hooks/messages/sms/webhook/receipts',
        headers: {
          'content-type': 'application/json',
          'x-sanbao-timestamp': ts,
          'x-sanbao-signature': signWebhook('guess', ts, receipt),
        },
        payload: receipt,
      });
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('message.receipt_refused');

      const reply = JSON.stringify({ texts: [{ from: '13800002001', text: 'TD' }] });
      const td = await t.request({
        method: 'POST',
        url: '/api/hooks/messages/sms/webhook/inbound',
        headers: {
          'content-type': 'application/json',
          'x-sanbao-timestamp': ts,
          'x-sanbao-signature': signWebhook(gw.secret, ts, reply),
        },
        payload: reply,
      });
      expect(td.status).toBe(200);
      const [o] = await t.database.db.select().from(messageOptOuts).where(eq(messageOptOuts.address, '13800002001'));
      expect(o).toMatchObject({ channel: 'sms', source: 'sms_reply' });

      // A temporary refusal is retried later; a permanent one is a dead letter with the gateway's answer.
      gw.script(503, 1);
      const [m2] = await book({ phone: '13800002002' });
      await dispatch();
      expect(await row(m2!.id)).toMatchObject({ status: 'pending' });
      gw.script(400, 1, '{"error":"number blocked"}');
      t.clock.advance(60_000);
      await dispatch();
      expect(await row(m2!.id)).toMatchObject({ status: 'failed' });
      expect((await row(m2!.id)).providerAnswer).toContain('number blocked');
    } finally {
      await gw.close();
    }
  });

  it('sends through Aliyun with its signed API, and takes its pushed reports with the URL token', async () => {
    const fake = await startFakeAliyunSms();
    try {
      await admin.put('/api/settings/messages.sms', {
        value: {
          provider: 'aliyun',
          endpoint: fake.url,
          accessKeyId: fake.accessKeyId,
          accessKeySecret: fake.accessKeySecret,
          signName: '三包售后',
        },
      });
      await admin.post('/api/messages/templates/order.booked/sms', {
        enabled: true,
        providerCode: 'SMS_900001',
        body: { 'zh-CN': '服务单{{orderCode}}预约{{window}}', en: 'Order {{orderCode}} at {{window}}' },
      });
      const [m] = await book({ phone: '13800002003' });
      await dispatch();
      expect(fake.messages).toHaveLength(1);
      expect(fake.messages[0]).toMatchObject({
        phoneNumbers: '13800002003',
        templateCode: 'SMS_900001',
        signName: '三包售后',
      });
      expect(fake.messages[0]!.templateParam.orderCode).toBe('SB000901');
      const sent = await row(m!.id);
      expect(sent).toMatchObject({ status: 'sent', providerId: fake.messages[0]!.bizId });

      const report = [
        {
          phone_number: '13800002003',
          success: true,
          err_code: 'DELIVERED',
          biz_id: sent.providerId,
          report_time: '2026-11-23 10:00:05',
        },
      ];
      const none = await t.request({
        method: 'POST',
        url: '/api/hooks/messages/sms/aliyun/receipts?token=x',
        payload: report,
      });
      expect(none.status).toBe(401);
      await admin.put('/api/settings/messages.hookToken', { value: 'push-token-123' });
      const wrong = await t.request({
        method: 'POST',
        url: '/api/hooks/messages/sms/aliyun/receipts?token=push-token-12',
        payload: report,
      });
      expect(wrong.status).toBe(401);
      const right = await t.request({
        method: 'POST',
        url: '/api/hooks/messages/sms/aliyun/receipts?token=push-token-123',
        payload: report,
      });
      expect(right.status).toBe(200);
      expect(right.body).toEqual({ code: 0, msg: '成功' });
      expect((await row(m!.id)).status).toBe('delivered');
      const bad = await t.request({
        method: 'POST',
        url: '/api/hooks/messages/sms/aliyun/receipts?token=push-token-123',
        payload: { not: 'a list' },
      });
      expect(bad.status).toBe(400);
    } finally {
      await fake.close();
      await admin.put('/api/settings/messages.sms', { value: { provider: 'log' } });
    }
  });

  it('mails through a real SMTP server', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          done();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.server.address() as AddressInfo).port;
    try {
      const put = await admin.put('/api/settings/messages.email', {
        value: { provider: 'smtp', host: '127.0.0.1', port, secure: false, from: '三包售后 <service@example.com>' },
      });
      expect(put.status).toBe(200);
      await admin.post('/api/messages/templates/order.booked/email', {
        enabled: true,
        subject: { 'zh-CN': '服务单{{orderCode}}已预约', en: 'Order {{orderCode}} booked' },
        body: { 'zh-CN': '您的服务单{{orderCode}}已预约{{window}}上门。', en: 'Order {{orderCode}}: {{window}}.' },
      });
      const q = await book({ phone: '13800002004', email: 'kehu@example.com' });
      const mail = q.find((x) => x.channel === 'email')!;
      await dispatch();
      expect(received).toHaveLength(1);
      const parsed = await simpleParser(received[0]!);
      expect(parsed.subject).toBe('服务单SB000901已预约');
      expect(parsed.text).toContain('您的服务单SB000901已预约12月8日 14:00–16:00上门。');
      expect(parsed.text).toContain('/portal/unsubscribe/');
      expect(parsed.from?.text).toContain('service@example.com');
      expect((await row(mail.id)).status).toBe('sent');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
