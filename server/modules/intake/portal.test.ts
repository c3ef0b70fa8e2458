import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../platform/events/index.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { outbox } from '../../platform/notify/index.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { customers } from '../customers/index.js';
import { attachments, contacts, otpCodes, serviceRequests } from './index.js';
import { seedCustomer, seedModel, seedUnit } from './test-data.js';

const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF fake photo of a broken washer'),
]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);

interface FilePart {
  field: string;
  name: string;
  type: string;
  bytes: Buffer;
}

/** A multipart/form-data body as a browser sends it. */
function form(fields: Record<string, string>, files: FilePart[] = []) {
  const boundary = `----sanbao${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
    );
    chunks.push(f.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('customer portal', () => {
  let t: TestApp;
  let dataDir: string;
  const paths: Record<string, string> = {};
  let ip = 0;
  /** Each test gets its own client address unless it is about the per-IP limit. */
  const nextIp = () => {
    ip += 1;
    return `10.0.${Math.floor(ip / 250)}.${ip % 250}`;
  };

  const post = (url: string, payload: unknown, from = nextIp(), lang = 'zh-CN') =>
    t.request({
      method: 'POST',
      url,
      payload: payload as object,
      remoteAddress: from,
      headers: { 'accept-language': lang },
    });

  /** Asks for a code and reads it from the outbox, as the SMS would carry it. */
  async function otp(phone: string, purpose: 'report' | 'track' = 'report'): Promise<string> {
    const res = await post('/api/portal/otp', { phone, purpose });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [msg] = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, phone))
      .orderBy(desc(outbox.createdAt))
      .limit(1);
    return String(msg!.params.code);
  }

  const report = (fields: Record<string, string>, files: FilePart[] = [], lang = 'zh-CN') => {
    const f = form(fields, files);
    return t.request({
      method: 'POST',
      url: '/api/portal/requests',
      payload: f.payload,
      remoteAddress: nextIp(),
      headers: { ...f.headers, 'accept-language': lang },
    });
  };

  const baseFields = (phone: string, code: string) => ({
    phone,
    code,
    name: '陈先生',
    kind: 'repair',
    symptoms: '洗衣机通电无反应',
    provinceCode: '440000',
    cityCode: '440100',
    districtCode: '440106',
    address: '天河区体育西路 100 号 1201',
    preferredNote: '工作日晚上 7 点后',
  });

  const uploadedFiles = () => {
    const root = join(dataDir, 'uploads');
    if (!existsSync(root)) return [];
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name));
  };
  const countRequests = async () => (await t.database.db.select({ n: count() }).from(serviceRequests))[0]!.n;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sanbao-portal-'));
    process.env.SANBAO_DATA_DIR = dataDir;
    t = await createTestApp({ demo: true });
    for (const u of await t.database.db.select().from(orgUnits)) paths[u.code] = u.path;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
    delete process.env.SANBAO_DATA_DIR;
  });

  describe('one-time codes', () => {
    it('sends a 6-digit code through the outbox and stores only a salted hash', async () => {
      const res = await post('/api/portal/otp', { phone: '138 0000 0001', purpose: 'report' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ sent: true, expiresInSeconds: 600, resendInSeconds: 60 });
      const [msg] = await t.database.db.select().from(outbox).where(eq(outbox.recipient, '13800000001'));
      expect(msg).toMatchObject({ channel: 'sms', template: 'portal.otp', status: 'pending' });
      const code = String(msg!.params.code);
      expect(code).toMatch(/^\d{6}$/);
      expect(msg!.body).toContain(code);
      const [row] = await t.database.db.select().from(otpCodes).where(eq(otpCodes.phone, '13800000001'));
      expect(row!.codeHash).not.toContain(code);
      expect(row!.expiresAt.getTime() - t.clock.now().getTime()).toBe(600_000);
      const [ev] = await t.database.db.select().from(events).where(eq(events.entityId, row!.id));
      expect(ev).toMatchObject({ action: 'portal.otp_sent', actorName: 'portal' });
      expect(JSON.stringify(ev!.changes)).not.toContain('13800000001');
    });

    it('refuses numbers that cannot receive a text, naming the field', async () => {
      const res = await post('/api/portal/otp', { phone: '020-8888 6666', purpose: 'report' }, nextIp(), 'en');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'intake.phone_invalid', errors: [{ path: 'body.phone' }] });
      expect(res.body.detail).toMatch(/not a mainland mobile/);
    });

    it('allows one code a minute and five an hour per phone', async () => {
      const phone = '13800000002';
      expect((await post('/api/portal/otp', { phone, purpose: 'report' })).status).toBe(200);
      const soon = await post('/api/portal/otp', { phone, purpose: 'track' }, nextIp(), 'en');
      expect(soon.status).toBe(429);
      expect(soon.body).toMatchObject({ code: 'portal.rate_limited', params: { seconds: 60 } });
      expect(soon.body.detail).toBe('Too many requests; try again in 60 seconds');
      for (let i = 0; i < 4; i++) {
        t.clock.advance(61_000);
        expect((await post('/api/portal/otp', { phone, purpose: 'report' })).status).toBe(200);
      }
      t.clock.advance(61_000);
      const sixth = await post('/api/portal/otp', { phone, purpose: 'report' });
      expect(sixth.status).toBe(429);
      expect(sixth.body.params.seconds).toBeGreaterThan(60);
      t.clock.advance(sixth.body.params.seconds * 1000);
      expect((await post('/api/portal/otp', { phone, purpose: 'report' })).status).toBe(200);
    });

    it('allows twenty codes an hour per IP address', async () => {
      const from = '192.0.2.7';
      for (let i = 0; i < 20; i++) {
        expect(
          (await post('/api/portal/otp', { phone: `1390000${String(i).padStart(4, '0')}`, purpose: 'report' }, from))
            .status,
        ).toBe(200);
      }
      const res = await post('/api/portal/otp', { phone: '13900009999', purpose: 'report' }, from);
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('portal.rate_limited');
      expect((await post('/api/portal/otp', { phone: '13900009999', purpose: 'report' }, '192.0.2.8')).status).toBe(
        200,
      );
    });

    it('answers a tracking code for a number nobody knows the same, but sends nothing', async () => {
      const phone = '13700000404';
      const res = await post('/api/portal/otp', { phone, purpose: 'track' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ sent: true, expiresInSeconds: 600, resendInSeconds: 60 });
      expect(await t.database.db.select().from(outbox).where(eq(outbox.recipient, phone))).toHaveLength(0);
      const [row] = await t.database.db.select().from(otpCodes).where(eq(otpCodes.phone, phone));
      const [ev] = await t.database.db.select().from(events).where(eq(events.entityId, row!.id));
      expect(ev).toMatchObject({ action: 'portal.otp_withheld', actorName: 'portal' });
      // A withheld code still counts against the limits, like a sent one.
      expect((await post('/api/portal/otp', { phone, purpose: 'track' })).body.code).toBe('portal.rate_limited');
    });

    it('caps codes per phone and per IP address per day', async () => {
      const phone = '13800000003';
      for (let hour = 0; hour < 2; hour++) {
        for (let i = 0; i < 5; i++) {
          expect((await post('/api/portal/otp', { phone, purpose: 'report' })).status).toBe(200);
          t.clock.advance(61_000);
        }
        t.clock.advance(3600_000);
      }
      const eleventh = await post('/api/portal/otp', { phone, purpose: 'report' });
      expect(eleventh.body.code).toBe('portal.rate_limited');
      expect(eleventh.body.params.seconds).toBeGreaterThan(3600 * 20);

      const from = '192.0.2.50';
      let n = 0;
      for (let hour = 0; hour < 3; hour++) {
        for (let i = 0; i < 20 && n < 50; i++, n++) {
          const res = await post(
            '/api/portal/otp',
            { phone: `1370001${String(n).padStart(4, '0')}`, purpose: 'report' },
            from,
          );
          expect(res.status).toBe(200);
        }
        t.clock.advance(3600_000 + 1000);
      }
      const fiftyFirst = await post('/api/portal/otp', { phone: '13700019999', purpose: 'report' }, from);
      expect(fiftyFirst.body.code).toBe('portal.rate_limited');
      expect(fiftyFirst.body.params.seconds).toBeGreaterThan(3600 * 20);
      expect((await post('/api/portal/otp', { phone: '13700019999', purpose: 'report' }, '192.0.2.51')).status).toBe(
        200,
      );
    });
  });

  describe('reporting a fault', () => {
    it('creates the customer, the request, a web contact and the photos in one go', async () => {
      t.clock.advance(3600_000);
      const phone = '13500001111';
      const code = await otp(phone);
      const res = await report(baseFields(phone, code), [
        { field: 'photos', name: 'front.jpg', type: 'image/jpeg', bytes: JPEG },
        { field: 'photos', name: 'panel.png', type: 'image/png', bytes: PNG },
      ]);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.code).toMatch(/^SR\d{6}-\d{4}$/);
      expect(res.body.trackUrl).toBe(`/portal/track?code=${res.body.code}`);

      const db = t.database.db;
      const [request] = await db.select().from(serviceRequests).where(eq(serviceRequests.code, res.body.code));
      expect(request).toMatchObject({
        source: 'portal',
        kind: 'repair',
        phone,
        status: 'new',
        preferredNote: '工作日晚上 7 点后',
        orgPath: paths['O-GD-01'],
      });
      const [customer] = await db.select().from(customers).where(eq(customers.id, request!.customerId));
      expect(customer).toMatchObject({ name: '陈先生', orgPath: paths['O-GD-01'] });
      expect(customer!.firstContactAt).not.toBeNull();
      const [contact] = await db.select().from(contacts).where(eq(contacts.id, request!.contactId!));
      expect(contact).toMatchObject({ channel: 'web', class: 'repair', serviceRequestId: request!.id, agentId: null });
      const files = await db.select().from(attachments).where(eq(attachments.ownerId, request!.id));
      expect(files.map((f) => [f.fileName, f.mime, f.size]).sort()).toEqual([
        ['front.jpg', 'image/jpeg', JPEG.length],
        ['panel.png', 'image/png', PNG.length],
      ]);
      for (const f of files) {
        expect(f.storageKey).toMatch(/^uploads\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
        expect(readFileSync(join(dataDir, f.storageKey)).length).toBe(f.size);
      }
      const actions = await db
        .select({ action: events.action, actor: events.actorName })
        .from(events)
        .where(eq(events.entityId, request!.id));
      expect(actions).toEqual([{ action: 'service_request.created', actor: 'portal' }]);

      // Staff of the area see the photos as uploaded; the request's scope decides.
      const staff = await t.login('gd01.manager');
      const jpeg = files.find((f) => f.fileName === 'front.jpg')!;
      const own = await staff.request('GET', `/api/intake/requests/${request!.id}/attachments/${jpeg.id}`);
      expect(own.status).toBe(200);
      expect(own.headers['content-type']).toBe('image/jpeg');
      expect(String(own.body).length).toBeGreaterThan(0);
      const other = await (await t.login('gd02.manager')).request(
        'GET',
        `/api/intake/requests/${request!.id}/attachments/${jpeg.id}`,
      );
      expect(other.status).toBe(404);

      // The code was used up.
      const again = await report(baseFields(phone, code));
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: 'portal.otp_invalid', errors: [{ path: 'body.code' }] });
    });

    it('reuses the archive of a known phone and links their unit by serial from the QR label', async () => {
      const db = t.database.db;
      const owner = await seedCustomer(db, { name: '周敏', phone: '13600007777', orgPath: paths['O-GD-02']! });
      const model = await seedModel(db, 'XPB60-T', '双桶洗衣机 6kg');
      const unit = await seedUnit(db, {
        modelId: model.id,
        serialNo: 'TT2023000123',
        customerId: owner.id,
        orgPath: owner.orgPath,
      });

      const prefill = await t.request({ method: 'GET', url: '/api/portal/unit?model=XPB60-T&serial=TT2023000123' });
      expect(prefill.body).toEqual({ model: { code: 'XPB60-T', name: '双桶洗衣机 6kg' }, serialKnown: true });
      const unknown = await t.request({ method: 'GET', url: '/api/portal/unit?model=XPB60-T&serial=NOPE' });
      expect(unknown.body).toEqual({ model: { code: 'XPB60-T', name: '双桶洗衣机 6kg' }, serialKnown: false });

      const before = (await db.select({ n: count() }).from(customers))[0]!.n;
      const code = await otp('13600007777');
      const res = await report({
        ...baseFields('13600007777', code),
        model: 'XPB60-T',
        serial: 'TT2023000123',
        kind: 'maintenance',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await db.select({ n: count() }).from(customers))[0]!.n).toBe(before);
      const [request] = await db.select().from(serviceRequests).where(eq(serviceRequests.code, res.body.code));
      expect(request).toMatchObject({
        customerId: owner.id,
        unitId: unit.id,
        modelId: model.id,
        serialNo: 'TT2023000123',
        kind: 'maintenance',
        orgPath: owner.orgPath,
      });
    });

    it('refuses wrong codes and locks the code after five tries', async () => {
      const phone = '13500002222';
      const code = await otp(phone);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 4; i++) {
        const res = await report(baseFields(phone, wrong));
        expect(res.body.code).toBe('portal.otp_invalid');
      }
      const fifth = await report(baseFields(phone, wrong));
      expect(fifth.status).toBe(429);
      expect(fifth.body.code).toBe('portal.otp_attempts');
      const right = await report(baseFields(phone, code));
      expect(right.body.code).toBe('portal.otp_attempts');
      expect((await t.database.db.select().from(otpCodes).where(eq(otpCodes.phone, phone)))[0]!.attempts).toBe(5);
    });

    it('refuses an expired code', async () => {
      const phone = '13500003333';
      const code = await otp(phone);
      t.clock.advance(600_000);
      expect((await report(baseFields(phone, code))).body.code).toBe('portal.otp_invalid');
    });

    it('refuses photos too big or not images, by their bytes, naming the field and keeping nothing', async () => {
      t.clock.advance(3600_000);
      const phone = '13500004444';
      const code = await otp(phone);
      const files = uploadedFiles().length;
      const requests = await countRequests();

      const big = await report(
        baseFields(phone, code),
        [
          {
            field: 'photos',
            name: 'big.jpg',
            type: 'image/jpeg',
            bytes: Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]),
          },
        ],
        'en',
      );
      expect(big.status).toBe(413);
      expect(big.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(big.body).toMatchObject({ code: 'portal.file_too_large', errors: [{ path: 'body.photos' }] });
      expect(big.body.detail).toBe('File "photos" is larger than 5 MB');

      const pdf = await report(baseFields(phone, code), [
        { field: 'photos', name: 'fault.jpg', type: 'image/jpeg', bytes: Buffer.from('%PDF-1.7 not a photo') },
      ]);
      expect(pdf.status).toBe(415);
      expect(pdf.body).toMatchObject({ code: 'portal.file_type', errors: [{ path: 'body.photos' }] });
      const lying = await report(baseFields(phone, code), [
        { field: 'photos', name: 'x.png', type: 'image/png', bytes: JPEG },
      ]);
      expect(lying.status).toBe(415);
      const six = await report(
        baseFields(phone, code),
        Array.from({ length: 6 }, (_, i) => ({ field: 'photos', name: `${i}.jpg`, type: 'image/jpeg', bytes: JPEG })),
      );
      expect(six.status).toBe(413);
      expect(six.body.code).toBe('portal.too_many_files');

      const missing = await report({ phone, code, kind: 'boat' });
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
        ['body.address', 'body.kind', 'body.name', 'body.provinceCode', 'body.symptoms'].sort(),
      );
      const json = await post('/api/portal/requests', baseFields(phone, code));
      expect(json.status).toBe(415);

      expect(uploadedFiles().length).toBe(files);
      expect(await countRequests()).toBe(requests);
      // The code was not used up by the refused forms.
      expect((await report(baseFields(phone, code))).status).toBe(201);
    });

    it('removes the photos again when the transaction fails', async () => {
      const db = t.database.db;
      await db.execute(
        sql`create function test_fail_attachment() returns trigger language plpgsql as $$ begin raise exception 'storage says no'; end $$`,
      );
      await db.execute(
        sql`create trigger test_fail_attachment before insert on attachments for each row execute function test_fail_attachment()`,
      );
      try {
        t.clock.advance(3600_000);
        const phone = '13500005555';
        const code = await otp(phone);
        const files = uploadedFiles().length;
        const requests = await countRequests();
        const res = await report(baseFields(phone, code), [
          { field: 'photos', name: 'a.jpg', type: 'image/jpeg', bytes: JPEG },
        ]);
        expect(res.status).toBe(500);
        expect(uploadedFiles().length).toBe(files);
        expect(await countRequests()).toBe(requests);
        const [row] = await db.select().from(otpCodes).where(eq(otpCodes.phone, phone));
        expect(row!.consumedAt).toBeNull();
      } finally {
        await db.execute(sql`drop trigger test_fail_attachment on attachments`);
        await db.execute(sql`drop function test_fail_attachment`);
      }
    });
  });

  it('forgets one-time codes after a day', async () => {
    const { purgeOtpCodes } = await import('./commands/portal.js');
    const db = t.database.db;
    const total = (await db.select({ n: count() }).from(otpCodes))[0]!.n;
    expect(total).toBeGreaterThan(0);
    expect(await purgeOtpCodes(db, t.clock.now())).toBe(0);
    expect(await purgeOtpCodes(db, new Date(t.clock.now().getTime() + 25 * 3600_000))).toBe(total);
  });

  describe('tracking', () => {
    it('shows the status timeline by number and phone, with nothing personal', async () => {
      t.clock.advance(3600_000);
      const phone = '13500006666';
      const res = await report(baseFields(phone, await otp(phone)));
      expect(res.status).toBe(201);
      t.clock.advance(61_000);
      const code = await otp(phone, 'track');
      // A mistyped number leaves the code usable; the phone is proven, only its own requests are found.
      const other = await post('/api/portal/track', { code: 'SR261123-9999', phone, otp: code });
      expect(other.status).toBe(404);
      const tracked = await post('/api/portal/track', { code: res.body.code.toLowerCase(), phone, otp: code });
      expect(tracked.status, JSON.stringify(tracked.body)).toBe(200);
      expect(tracked.body).toEqual({
        code: res.body.code,
        kind: 'repair',
        status: 'new',
        createdAt: expect.any(String),
        stage: 'created',
        appointment: null,
        timeline: [{ step: 'created', at: expect.any(String) }],
      });
      expect(JSON.stringify(tracked.body)).not.toMatch(/陈先生|13500006666|体育西路/);

      // One use: the same code does not show the request again (nor anything else) within its lifetime.
      const twice = await post('/api/portal/track', { code: res.body.code, phone, otp: code }, nextIp(), 'en');
      expect(twice.status).toBe(400);
      expect(twice.body).toMatchObject({ code: 'portal.otp_invalid', errors: [{ path: 'body.otp' }] });
      expect(twice.body.detail).toMatch(/request a new one/);
      const [used] = await t.database.db
        .select()
        .from(otpCodes)
        .where(and(eq(otpCodes.phone, phone), eq(otpCodes.purpose, 'track')));
      expect(used!.consumedAt).not.toBeNull();
      const wrongPhone = await post('/api/portal/track', { code: res.body.code, phone: '13500007777', otp: code });
      expect(wrongPhone.status).toBe(400);
      expect(wrongPhone.body).toMatchObject({ code: 'portal.otp_invalid', errors: [{ path: 'body.otp' }] });
      const [cancelled] = await t.database.db
        .select({ n: count() })
        .from(events)
        .where(and(eq(events.entity, 'service_request'), eq(events.action, 'service_request.cancelled')));
      expect(cancelled!.n).toBe(0);

      // Once the request is an order, the customer follows the order's steps too.
      const hotline = await t.login('hotline');
      const dispatcher = await t.login('dispatcher');
      const [req] = await t.database.db
        .select({ id: serviceRequests.id })
        .from(serviceRequests)
        .where(eq(serviceRequests.code, res.body.code));
      const order = await hotline.post('/api/orders', {
        serviceRequestId: req!.id,
        serviceType: 'on_site',
        faultDescription: '不脱水',
      });
      expect(order.status, JSON.stringify(order.body)).toBe(201);
      const suggestion = (await dispatcher.get(`/api/orders/${order.body.id}/suggestion`)).body;
      const sent = await dispatcher.post(`/api/orders/${order.body.id}/dispatch`, {
        version: order.body.version,
        toUnitId: suggestion.center.unitId,
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      const track = async () => {
        t.clock.advance(3601_000); // past the per-phone hourly limit of codes
        const r = await post('/api/portal/track', { code: res.body.code, phone, otp: await otp(phone, 'track') });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(JSON.stringify(r.body)).not.toMatch(/陈先生|13500006666|体育西路/);
        return r.body as { stage: string; appointment: unknown; timeline: { step: string }[] };
      };
      const steps = (b: { timeline: { step: string }[] }) => b.timeline.map((s) => s.step);
      // At the center it is routed inside the network: nobody has been sent yet.
      let seen = await track();
      expect(seen).toMatchObject({ status: 'converted', stage: 'converted', appointment: null });
      expect(steps(seen)).toEqual(['created', 'converted']);

      // Sent to the outlet, a technician assigned, a visit booked: the customer sees the window.
      const gd = await t.login('gd.dispatch');
      const manager = await t.login('gd01.manager');
      const act = async (who: typeof gd, path: string, o: { id: string; version: number }, body = {}) => {
        const r = await who.post(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
        expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
        return r.body as { id: string; version: number };
      };
      const [outlet] = await t.database.db
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(eq(orgUnits.code, 'O-GD-01'));
      const [tech] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'gd01.tech1'));
      let o = await act(gd, 'dispatch', sent.body, { toUnitId: outlet!.id });
      o = await act(manager, 'accept', o);
      seen = await track();
      expect(seen).toMatchObject({ stage: 'order_dispatched', appointment: null });
      expect(steps(seen)).toEqual(['created', 'converted', 'order_dispatched']);
      o = await act(manager, 'dispatch', o, { technicianId: tech!.id, overrideReason: '就近' });
      o = await act(manager, 'appointment', o, {
        from: '2026-11-25T06:00:00Z',
        to: '2026-11-25T08:00:00Z',
        confirmedWithCustomer: true,
      });
      seen = await track();
      expect(seen).toMatchObject({
        stage: 'order_booked',
        appointment: { from: '2026-11-25T06:00:00.000Z', to: '2026-11-25T08:00:00.000Z', confirmed: true },
      });
      expect(steps(seen)).toEqual(['created', 'converted', 'order_dispatched', 'order_booked']);

      // Completed: the stage follows the order, not the request's 已转服务单. (Completing itself is
      // the work-order module's test; here only what the portal reads of the order's row.)
      await t.database.db.execute(sql`update work_orders set state = 'completed' where id = ${o.id}::uuid`);
      seen = await track();
      expect(seen).toMatchObject({ status: 'converted', stage: 'order_completed', appointment: null });
    });
  });
});
