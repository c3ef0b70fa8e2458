import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, ne } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../../platform/events/index.js';
import { customers } from '../../customers/index.js';
import { buildCustomer, buildOrder, buildOrgUnit, buildUser } from '../../../test/factories.js';
import { ADMIN, type Agent, createTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness.js';
import { attachments, contacts } from '../tables.js';
import { type MailListener, startMailListener } from './listener.js';
import { receiveMail } from './receive.js';

/*
 * Mail into the intake desk (docs/mail-in.md), on a real database: mails sent over SMTP with
 * nodemailer to the listener on a free port, and parsed mails handed to receiveMail directly.
 */

const MAX_BYTES = 1024 * 1024;

describe('mail into the intake desk', () => {
  let t: TestApp;
  let admin: Agent;
  let dataDir: string;
  let listener: MailListener;
  let transport: ReturnType<typeof createTransport>;
  let customer: Awaited<ReturnType<typeof buildCustomer>>;

  const send = (mail: Parameters<typeof transport.sendMail>[0]) =>
    transport.sendMail({ from: '王先生 <Wang.Xiansheng@Example.com>', to: 'service@sanbao.example.com', ...mail });
  const contactsOf = (messageId: string) =>
    t.database.db.select().from(contacts).where(eq(contacts.messageId, messageId));
  const filesOf = (contactId: string) =>
    t.database.db
      .select()
      .from(attachments)
      .where(and(eq(attachments.ownerType, 'contact'), eq(attachments.ownerId, contactId)));
  /** Every file under the data folder's uploads. */
  const storedFiles = (): string[] => {
    const root = join(dataDir, 'uploads');
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [join(d, e)]));
    try {
      return walk(root);
    } catch {
      return [];
    }
  };
  /** The session cookie of a signed-in person, for requests whose raw bytes are checked. */
  const cookiesOf = async (username: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: username === 'admin' ? ADMIN.password : DEMO_PASSWORD },
    });
    return { sanbao_sid: res.cookies.find((c) => c.name === 'sanbao_sid')!.value };
  };
  const receive = async (raw: string, opts: { envelopeFrom?: string; ownAddresses?: readonly string[] } = {}) =>
    receiveMail(t.database.db, await simpleParser(raw), { now: t.clock.now(), dataDir, ...opts });
  const rawMail = (headers: Record<string, string>, body = '您好') =>
    `${Object.entries({
      From: 'li@example.com',
      To: 'service@sanbao.example.com',
      'Message-ID': `<${crypto.randomUUID()}@example.com>`,
      Subject: '咨询',
      'Content-Type': 'text/plain; charset=utf-8',
      ...headers,
    })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n${body}\r\n`;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sanbao-mail-in-'));
    // The download routes read files from the configured data folder.
    process.env.SANBAO_DATA_DIR = dataDir;
    t = await createTestApp();
    admin = await t.login('admin');
    customer = await buildCustomer(t, { email: 'wang.xiansheng@example.com' });
    listener = await startMailListener(t.database, {
      port: 0,
      host: '127.0.0.1',
      maxBytes: MAX_BYTES,
      clock: t.clock.now,
      log: t.app.log,
      dataDir,
      ownAddresses: ['noreply@sanbao.example.com'],
    });
    transport = createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    transport?.close();
    await listener?.stop();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
    delete process.env.SANBAO_DATA_DIR;
  });

  it('logs a mail sent over SMTP as an open e-mail consultation with its attachment', async () => {
    const photo = Buffer.from('这不是真的照片，只是附件的字节'.repeat(50));
    const messageId = `<${crypto.randomUUID()}@example.com>`;
    const info = await send({
      messageId,
      subject: '洗衣机不脱水，请派师傅上门',
      text: '您好：\n我家的滚筒洗衣机从昨天开始不脱水，有异响。\n王先生',
      attachments: [{ filename: '故障照片.jpg', content: photo, contentType: 'image/jpeg' }],
    });
    expect(info.response).toMatch(/^250 .*logged as T\d{10}/);

    const [c] = await contactsOf(messageId);
    expect(c).toMatchObject({
      channel: 'email',
      direction: 'inbound',
      class: 'consultation',
      status: 'open',
      fromAddress: 'wang.xiansheng@example.com',
      subject: '洗衣机不脱水，请派师傅上门',
      customerId: customer.id,
      orderRef: null,
      agentId: null,
      messageId,
    });
    expect(c!.content).toBe('您好：\n我家的滚筒洗衣机从昨天开始不脱水，有异响。\n王先生');
    expect(c!.startedAt.toISOString()).toBe(t.clock.now().toISOString());
    const [owner] = await t.database.db
      .select({ orgPath: customers.orgPath, firstContactAt: customers.firstContactAt })
      .from(customers)
      .where(eq(customers.id, customer.id));
    expect(c!.orgPath).toBe(owner!.orgPath);
    expect(owner!.firstContactAt).not.toBeNull();
    expect(info.response).toContain(c!.code);

    const files = await filesOf(c!.id);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ fileName: '故障照片.jpg', mime: 'image/jpeg', size: photo.length });
    expect(readFileSync(join(dataDir, files[0]!.storageKey)).equals(photo)).toBe(true);

    const [event] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entity, 'contact'), eq(events.entityId, c!.id)));
    expect(event).toMatchObject({ action: 'contact.created', actorName: 'mail-in', actorId: null });

    // The desk reads it like any contact, with its attachment to open.
    const read = await admin.get(`/api/intake/contacts/${c!.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      channel: 'email',
      subject: '洗衣机不脱水，请派师傅上门',
      fromAddress: 'wang.xiansheng@example.com',
      orderId: null,
      attachments: [{ id: files[0]!.id, fileName: '故障照片.jpg', mime: 'image/jpeg', size: photo.length }],
    });
    const file = await t.app.inject({
      method: 'GET',
      url: `/api/intake/contacts/${c!.id}/attachments/${files[0]!.id}`,
      cookies: await cookiesOf('admin'),
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent('故障照片.jpg')}`);
    expect(file.rawPayload.equals(photo)).toBe(true);
  });

  it('threads a mail whose subject carries an order number to that order, without counting an urge', async () => {
    const order = await buildOrder(t);
    const messageId = `<${crypto.randomUUID()}@example.com>`;
    const info = await send({
      from: 'someone.else@example.net',
      messageId,
      subject: `回复：关于服务单 ${order.code.toLowerCase()} 的上门时间`,
      text: '师傅明天几点到？',
    });
    expect(info.response).toMatch(/^250 /);

    const [c] = await contactsOf(messageId);
    expect(c).toMatchObject({
      class: 'consultation',
      status: 'open',
      orderRef: order.code,
      customerId: order.customerId,
      unitId: order.unitId,
      fromAddress: 'someone.else@example.net',
    });

    const detail = await admin.get(`/api/orders/${order.id}`);
    expect(detail.status).toBe(200);
    const entry = detail.body.timeline.find((e: { action: string }) => e.action === 'mail_received');
    expect(entry).toMatchObject({
      fromState: order.state,
      toState: order.state,
      actorName: 'mail-in',
      note: c!.subject,
      data: { contactId: c!.id, contactCode: c!.code },
    });
    expect(detail.body).toMatchObject({ urgeCount: 0, lastUrgedAt: null, version: order.version, urges: [] });
    // The contact links to the order.
    expect((await admin.get(`/api/intake/contacts/${c!.id}`)).body).toMatchObject({
      orderRef: order.code,
      orderId: order.id,
    });
  });

  it('logs one contact for a mail delivered twice, also at the same time', async () => {
    const messageId = `<${crypto.randomUUID()}@example.com>`;
    const mail = {
      messageId,
      subject: '发票什么时候寄出？',
      text: '请问发票什么时候寄出？',
      attachments: [{ filename: '订单截图.png', content: Buffer.from('png bytes') }],
    };
    const before = storedFiles().length;
    const answers = await Promise.all([send(mail), send(mail)]);
    const again = await send(mail);
    expect([...answers, again].map((a) => a.response.slice(0, 3))).toEqual(['250', '250', '250']);
    expect(again.response).toContain('already logged');

    const rows = await contactsOf(messageId);
    expect(rows).toHaveLength(1);
    expect(await filesOf(rows[0]!.id)).toHaveLength(1);
    // The losing delivery's stored file was removed again.
    expect(storedFiles().length).toBe(before + 1);
  });

  it('skips auto replies, bounces and our own mail, and says so to the relay', async () => {
    const messageId = `<${crypto.randomUUID()}@example.com>`;
    const info = await send({
      messageId,
      subject: '自动回复：洗衣机不脱水',
      text: '我正在休假，将于下周一回复。',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(info.response).toMatch(/^250 .*not logged/);
    expect(await contactsOf(messageId)).toHaveLength(0);

    for (const [headers, opts, reason] of [
      [{ 'X-Autoreply': 'yes' }, {}, 'auto_reply'],
      [{ Precedence: 'bulk' }, {}, 'bulk'],
      [{ Precedence: 'auto_reply' }, {}, 'auto_reply'],
      [{ 'Auto-Submitted': 'auto-generated' }, {}, 'auto_submitted'],
      [{}, { envelopeFrom: '' }, 'bounce'],
      [{ From: 'NoReply@sanbao.example.com' }, { ownAddresses: ['noreply@sanbao.example.com'] }, 'own_address'],
    ] as const) {
      const id = `<${crypto.randomUUID()}@example.com>`;
      const r = await receive(rawMail({ ...headers, 'Message-ID': id }), opts);
      expect(r).toEqual({ outcome: 'skipped', reason });
      expect(await contactsOf(id)).toHaveLength(0);
    }
    // Auto-Submitted: no is a person writing.
    const id = `<${crypto.randomUUID()}@example.com>`;
    expect(await receive(rawMail({ 'Auto-Submitted': 'no', 'Message-ID': id }))).toMatchObject({ outcome: 'created' });
  });

  it('refuses a mail over the size limit with 552 and writes nothing', async () => {
    const messageId = `<${crypto.randomUUID()}@example.com>`;
    const before = storedFiles().length;
    const err = await send({
      messageId,
      subject: '很大的附件',
      text: '见附件',
      attachments: [{ filename: 'video.mp4', content: Buffer.alloc(MAX_BYTES + 1024, 7) }],
    }).then(
      () => null,
      (e: { responseCode?: number }) => e,
    );
    expect(err?.responseCode).toBe(552);
    expect(await contactsOf(messageId)).toHaveLength(0);
    expect(storedFiles().length).toBe(before);
  });

  it('logs a mail from an unknown sender without a customer, under the company root', async () => {
    const id = `<${crypto.randomUUID()}@example.com>`;
    const r = await receive(
      rawMail(
        {
          From: '"陌生人" <Stranger@Example.org>',
          'Message-ID': id,
          Subject: '=?UTF-8?B?5ZKo6K+i5a6J6KOF6LS5?=',
          'Content-Type': 'text/html; charset=utf-8',
        },
        '<p>请问<b>安装费</b>多少钱？</p>',
      ),
    );
    expect(r).toMatchObject({ outcome: 'created', customerId: null, orderCode: null, attachments: 0 });
    const [c] = await contactsOf(id);
    expect(c).toMatchObject({
      customerId: null,
      fromAddress: 'stranger@example.org',
      subject: '咨询安装费',
      orgPath: `${t.hqId}/`,
    });
    expect(c!.content).toContain('安装费');
    expect(c!.content).not.toContain('<');
  });

  it("serves a mail's files inside the contact's scope only, and never as a page of ours", async () => {
    const center = await buildOrgUnit(t, { kind: 'center' });
    const outletA = await buildOrgUnit(t, { kind: 'outlet', parentId: center.id });
    const outletB = await buildOrgUnit(t, {
      kind: 'outlet',
      parentId: center.id,
      cityCode: '440300',
      districtCode: '440305',
      serviceArea: ['440305'],
    });
    const agentA = await buildUser(t, { roles: ['hotline_agent'], orgUnitId: outletA.id });
    const agentB = await buildUser(t, { roles: ['hotline_agent'], orgUnitId: outletB.id });
    await buildCustomer(t, { email: 'zhao@example.com' });
    const messageId = `<${crypto.randomUUID()}@example.com>`;
    const page = '<html><script>alert(1)</script></html>';
    await send({
      from: 'zhao@example.com',
      messageId,
      subject: '维修报价',
      text: '报价见附件',
      attachments: [{ filename: '报价.html', content: page, contentType: 'text/html' }],
    });
    const [c] = await contactsOf(messageId);
    expect(c!.orgPath).toBe(outletA.path);
    const [f] = await filesOf(c!.id);
    const url = `/api/intake/contacts/${c!.id}/attachments/${f!.id}`;

    const asA = await t.login(agentA.username);
    const asB = await t.login(agentB.username);
    expect((await asA.get(`/api/intake/contacts/${c!.id}`)).body.attachments).toHaveLength(1);
    const ok = await t.app.inject({ method: 'GET', url, cookies: await cookiesOf(agentA.username) });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe(page);
    // Not an image: a sandboxed download, never rendered on our origin.
    expect(ok.headers['content-type']).toBe('application/octet-stream');
    expect(ok.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(ok.headers['content-security-policy']).toBe("default-src 'none'; sandbox");

    // Another outlet reads neither the contact nor its file; a file of another contact is not found either.
    expect((await asB.get(`/api/intake/contacts/${c!.id}`)).status).toBe(404);
    expect((await asB.get(url)).status).toBe(404);
    const [other] = await t.database.db
      .select()
      .from(attachments)
      .where(and(eq(attachments.ownerType, 'contact'), ne(attachments.ownerId, c!.id)))
      .limit(1);
    expect((await admin.get(`/api/intake/contacts/${c!.id}/attachments/${other!.id}`)).status).toBe(404);
  });
});
