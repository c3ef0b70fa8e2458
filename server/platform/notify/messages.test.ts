import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { systemCtx } from '../context.js';
import { DeliveryError, type NotificationChannel, type OutgoingMessage } from './channels.js';
import { dispatchOutbox } from './dispatcher.js';
import { recordInboundTexts, recordReceipts, setOptOut } from './preferences.js';
import { quietRelease } from './rules.js';
import { sendMessage } from './send.js';
import { outbox, staffMailPrefs } from './tables.js';
import { notifyInbox } from './inbox.js';
import { users } from '../identity/tables.js';

class Fake implements NotificationChannel {
  readonly name = 'fake';
  sent: OutgoingMessage[] = [];
  next: Error | null = null;
  async send(msg: OutgoingMessage) {
    if (this.next) throw this.next;
    this.sent.push(msg);
    return { providerId: `P-${msg.id.slice(0, 8)}`, answer: 'OK' };
  }
}

describe('messages', () => {
  let t: TestApp;
  let admin: Agent;
  const db = () => t.database.db;
  const row = async (id: string) => (await db().select().from(outbox).where(eq(outbox.id, id)))[0]!;
  const booked = (phone: string, extra: object = {}) =>
    db().transaction((tx) =>
      sendMessage(
        tx,
        {
          event: 'order.booked',
          to: { phone, ...extra },
          params: {
            orderCode: 'SB000777',
            window: '12月8日 14:00–16:00',
            technicianName: '王师傅',
            technicianPhone: '13900000000',
          },
        },
        t.clock.now(),
      ),
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  describe('templates', () => {
    const base = {
      enabled: true,
      body: { 'zh-CN': '服务单{{orderCode}}预约{{window}}', en: 'Order {{orderCode}} at {{window}}' },
    };

    it('refuses at save time a variable the event does not supply, naming the field', async () => {
      const res = await admin.post('/api/messages/templates/order.booked/sms', {
        ...base,
        body: { 'zh-CN': '服务单{{orderCode}}预约{{window}}，费用{{amount}}', en: base.body.en },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'message.template_unknown_variable',
        errors: [{ path: 'body.zh-CN' }],
        params: { variable: 'amount' },
      });
      expect(res.body.detail).toContain('amount');
    });

    it('refuses a template that leaves out a variable its message needs, or has stray braces', async () => {
      const missing = await admin.post('/api/messages/templates/order.booked/sms', {
        ...base,
        body: { 'zh-CN': base.body['zh-CN'], en: 'Your visit is booked' },
      });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ code: 'message.template_missing_variable', errors: [{ path: 'body.en' }] });
      const stray = await admin.post('/api/messages/templates/order.booked/sms', {
        ...base,
        body: { 'zh-CN': '服务单{{orderCode}预约{{window}}{{orderCode}}', en: base.body.en },
      });
      expect(stray.body.code).toBe('message.template_unbalanced');
      const noSubject = await admin.post('/api/messages/templates/order.booked/email', base);
      expect(noSubject.body).toMatchObject({
        code: 'message.template_subject_required',
        errors: [{ path: 'body.subject.zh-CN' }],
      });
      const otherChannel = await admin.post('/api/messages/templates/portal.otp/email', base);
      expect(otherChannel.body.code).toBe('message.channel_not_offered');
      const unknown = await admin.post('/api/messages/templates/order.nothing/sms', base);
      expect(unknown.status).toBe(404);
    });

    it('previews with the example values, saves an effective-dated version with an audit event', async () => {
      const preview = await admin.post('/api/messages/templates/order.booked/sms/preview', { ...base, lang: 'zh-CN' });
      expect(preview.status).toBe(200);
      expect(preview.body.body).toBe('服务单SB000123预约12月8日 14:00–16:00');
      const later = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
      const saved = await admin.post('/api/messages/templates/order.booked/sms', {
        ...base,
        providerCode: 'SMS_123456',
        effectiveFrom: later,
      });
      expect(saved.status).toBe(200);
      const list = await admin.get('/api/messages/templates');
      const ev = list.body.items.find((e: { event: string }) => e.event === 'order.booked');
      const sms = ev.channels.find((c: { channel: string }) => c.channel === 'sms');
      // Still the default today; the new wording waits for its date.
      expect(sms).toMatchObject({ versionId: null, upcoming: 1 });
      const versions = await admin.get('/api/messages/templates/order.booked/sms');
      expect(versions.body.items).toHaveLength(1);
      const audit = await admin.get('/api/audit?entity=message_template');
      expect(audit.status).toBe(200);
    });
  });

  describe('sending', () => {
    it('renders the event’s wording in force and queues one row per channel with an address', async () => {
      const q = await booked('13800001001', { email: 'a@example.com', lang: 'zh-CN' });
      // E-mail is off for customers by default; WeChat has no address.
      expect(q.map((x) => x.channel)).toEqual(['sms']);
      const r = await row(q[0]!.id);
      expect(r.body).toContain('SB000777');
      expect(r.body).toContain('王师傅');
      expect(r).toMatchObject({ status: 'pending', template: 'order.booked', lang: 'zh-CN' });
      expect(r.nextAttemptAt.getTime()).toBe(t.clock.now().getTime());
    });

    it('holds customers’ messages over quiet hours, but not one-time codes', async () => {
      const at = t.clock.now();
      t.clock.set('2026-11-23T14:30:00Z'); // 22:30 in Shanghai
      const [m] = await booked('13800001002');
      const [otp] = await db().transaction((tx) =>
        sendMessage(
          tx,
          { event: 'portal.otp', to: { phone: '13800001002' }, params: { code: '123456', minutes: 5 } },
          t.clock.now(),
        ),
      );
      expect((await row(m!.id)).nextAttemptAt.toISOString()).toBe('2026-11-24T00:00:00.000Z'); // 08:00
      expect((await row(otp!.id)).nextAttemptAt.toISOString()).toBe('2026-11-23T14:30:00.000Z');
      t.clock.set(at);
      expect(
        quietRelease(new Date('2026-11-23T20:00:00Z'), 'Asia/Shanghai', { from: '21:00', to: '08:00' })?.toISOString(),
      ).toBe('2026-11-24T00:00:00.000Z');
      expect(
        quietRelease(new Date('2026-11-24T00:00:00Z'), 'Asia/Shanghai', { from: '21:00', to: '08:00' }),
      ).toBeNull();
      expect(
        quietRelease(new Date('2026-11-24T04:30:00Z'), 'Asia/Shanghai', { from: '12:00', to: '13:30' })?.toISOString(),
      ).toBe('2026-11-24T05:30:00.000Z');
    });

    it('records an opted-out address as suppressed and sends it nothing; one-time codes still go', async () => {
      await db().transaction((tx) =>
        setOptOut(tx, systemCtx(tx as never, { now: t.clock.now() }), {
          channel: 'sms',
          address: '13800001003',
          optedOut: true,
          source: 'agent',
        }),
      );
      const [m] = await booked('13800001003');
      expect(await row(m!.id)).toMatchObject({ status: 'suppressed', reason: 'opted_out' });
      const [otp] = await db().transaction((tx) =>
        sendMessage(
          tx,
          { event: 'portal.otp', to: { phone: '13800001003' }, params: { code: '654321', minutes: 5 } },
          t.clock.now(),
        ),
      );
      expect(otp!.status).toBe('pending');
      const fake = new Fake();
      await dispatchOutbox(db(), { fallback: fake, now: t.clock.now() });
      expect(fake.sent.filter((s) => s.recipient === '13800001003').map((s) => s.template)).toEqual(['portal.otp']);
    });

    it('a reply of TD opts the number out of SMS, once, with an event', async () => {
      expect(await recordInboundTexts(db(), [{ from: '13800001004', text: 'TD', at: null }], t.clock.now())).toBe(1);
      expect(await recordInboundTexts(db(), [{ from: '13800001004', text: 'td', at: null }], t.clock.now())).toBe(0);
      expect(await recordInboundTexts(db(), [{ from: '13800001005', text: '谢谢', at: null }], t.clock.now())).toBe(0);
      const [m] = await booked('13800001004');
      expect(m!.status).toBe('suppressed');
    });
  });

  describe('delivery', () => {
    it('marks a permanent refusal failed at once; a resend sends it again to a corrected number', async () => {
      const [m] = await booked('13800001006');
      const fake = new Fake();
      fake.next = new DeliveryError('isv.MOBILE_NUMBER_ILLEGAL', true, 'isv.MOBILE_NUMBER_ILLEGAL 非法手机号');
      const r = await dispatchOutbox(db(), { fallback: fake, now: t.clock.now() });
      expect(r.failed).toBeGreaterThanOrEqual(1);
      expect(await row(m!.id)).toMatchObject({
        status: 'failed',
        providerAnswer: 'isv.MOBILE_NUMBER_ILLEGAL 非法手机号',
      });
      const dead = await admin.get('/api/outbox?status=failed');
      expect(dead.body.items.map((x: { id: string }) => x.id)).toContain(m!.id);
      const again = await admin.post(`/api/outbox/${m!.id}/resend`, { recipient: '13800001007', note: '客户更正号码' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'pending', recipient: '13800001007' });
      expect((await admin.post(`/api/outbox/${m!.id}/resend`, {})).body.code).toBe('message.not_resendable');
      fake.next = null;
      await dispatchOutbox(db(), { fallback: fake, now: t.clock.now() });
      expect(await row(m!.id)).toMatchObject({ status: 'sent', providerId: `P-${m!.id.slice(0, 8)}` });
    });

    it('takes delivery receipts by the provider’s id, and counts them in the report', async () => {
      const [m] = await booked('13800001008');
      await dispatchOutbox(db(), { fallback: new Fake(), now: t.clock.now() });
      const r = await recordReceipts(
        db(),
        'sms',
        [{ providerId: `P-${m!.id.slice(0, 8)}`, delivered: true, answer: 'DELIVRD', at: null }],
        t.clock.now(),
      );
      expect(r).toEqual({ received: 1, matched: 1 });
      expect(await row(m!.id)).toMatchObject({ status: 'delivered', providerAnswer: 'DELIVRD' });
      const report = await admin.get('/api/messages/report?from=2026-11-23&to=2026-11-23');
      expect(report.status).toBe(200);
      const sms = report.body.totals.find((x: { channel: string }) => x.channel === 'sms');
      expect(sms.delivered).toBeGreaterThanOrEqual(1);
      expect(sms.failed).toBe(0);
      expect(sms.suppressed).toBe(2);
      expect((await admin.get('/api/messages/report?from=2026-11-24&to=2026-11-23')).status).toBe(400);
    });
  });

  describe('staff e-mail', () => {
    it('mails a staff notice to the people who asked for it, besides the inbox', async () => {
      const me = await admin.get('/api/me/staff-mail');
      expect(me.body.events.map((e: { event: string }) => e.event)).toContain('sla.breach');
      const set = await admin.put('/api/me/staff-mail', { events: ['sla.breach'] });
      expect(set.status).toBe(200);
      expect((await admin.put('/api/me/staff-mail', { events: ['order.booked'] })).status).toBe(404);
      const [adm] = await db().select().from(users).where(eq(users.username, 'admin'));
      await db().update(users).set({ email: 'admin@example.com' }).where(eq(users.id, adm!.id));
      expect(await db().select().from(staffMailPrefs)).toHaveLength(1);
      await db().transaction((tx) =>
        notifyInbox(tx, {
          userIds: [adm!.id],
          title: { 'zh-CN': '服务单SB000777已超时', en: 'Order SB000777 is overdue' },
          body: { 'zh-CN': '预约时限已过', en: 'The booking limit passed' },
          link: '/orders/1',
          event: 'sla.breach',
          at: t.clock.now(),
        }),
      );
      const mails = await db().select().from(outbox).where(eq(outbox.recipient, 'admin@example.com'));
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ channel: 'email', template: 'sla.breach' });
      expect(mails[0]!.subject).toContain('服务单SB000777已超时');
      expect(mails[0]!.body).toContain('/orders/1');
    });
  });

  describe('unsubscribe link', () => {
    it('a customer e-mail carries a link that stops e-mail to its address', async () => {
      await admin.post('/api/messages/templates/order.booked/email', {
        enabled: true,
        subject: { 'zh-CN': '预约{{orderCode}}', en: 'Booking {{orderCode}}' },
        body: { 'zh-CN': '服务单{{orderCode}}预约{{window}}', en: 'Order {{orderCode}} at {{window}}' },
      });
      const q = await booked('13800001009', { email: 'cust@example.com' });
      const mail = q.find((x) => x.channel === 'email')!;
      const body = (await row(mail.id)).body;
      const token = /\/portal\/unsubscribe\/([A-Za-z0-9_-]{32})/.exec(body)![1]!;
      const view = await t.request({ method: 'GET', url: `/api/portal/unsubscribe/${token}` });
      expect(view.body).toMatchObject({ channel: 'email', address: 'c***@example.com', optedOut: false });
      const done = await t.request({ method: 'POST', url: `/api/portal/unsubscribe/${token}` });
      expect(done.body).toMatchObject({ optedOut: true });
      const twice = await t.request({ method: 'POST', url: `/api/portal/unsubscribe/${token}` });
      expect(twice.status).toBe(200);
      const next = await booked('13800001009', { email: 'cust@example.com' });
      expect(next.find((x) => x.channel === 'email')!.status).toBe('suppressed');
      expect(next.find((x) => x.channel === 'sms')!.status).toBe('pending');
    });
  });
});
