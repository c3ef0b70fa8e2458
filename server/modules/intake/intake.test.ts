import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.js';
import { events } from '../../platform/events/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { customers } from '../customers/index.js';
import { contacts, getServiceRequest, listNewServiceRequests, markRequestConverted, serviceRequests } from './index.js';
import { seedCustomer, seedModel, seedUnit } from './test-data.js';

describe('intake desk API', () => {
  let t: TestApp;
  let hotline: Agent; // HQ hotline agent: contacts.create, customers.read/manage
  let manager: Agent; // HQ service manager: answers the technical supervisors' queue
  let gd01: Agent; // outlet manager: customers.read in O-GD-01 only, no contacts.create
  const paths: Record<string, string> = {};
  let zhang: Awaited<ReturnType<typeof seedCustomer>>;
  let li: Awaited<ReturnType<typeof seedCustomer>>;
  let far: Awaited<ReturnType<typeof seedCustomer>>;
  let unitId: string;
  let liUnitId: string;

  const countOf = async (table: typeof contacts | typeof serviceRequests | typeof customers | typeof events) =>
    (await t.database.db.select({ n: count() }).from(table))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    for (const u of await t.database.db.select().from(orgUnits)) paths[u.code] = u.path;
    hotline = await t.login('hotline');
    manager = await t.login('manager');
    gd01 = await t.login('gd01.manager');
    const db = t.database.db;
    zhang = await seedCustomer(db, {
      name: '测试张伟',
      phone: '13800138000',
      orgPath: paths['O-GD-01']!,
      code: 'CT00000001',
    });
    li = await seedCustomer(db, { name: '测试李娜', phone: '13912345678', orgPath: paths['O-GD-01']! });
    far = await seedCustomer(db, { name: '测试张远', phone: '13700001111', orgPath: paths['O-GD-02']! });
    const model = await seedModel(db, 'XQB80-A', '全自动洗衣机 8kg');
    unitId = (
      await seedUnit(db, { modelId: model.id, serialNo: 'SN20240001', customerId: zhang.id, orgPath: zhang.orgPath })
    ).id;
    liUnitId = (
      await seedUnit(db, { modelId: model.id, serialNo: 'SN20249999', customerId: li.id, orgPath: li.orgPath })
    ).id;
  });
  afterAll(() => t.close());

  describe('contacts', () => {
    it.each(['consultation', 'repair', 'installation', 'maintenance', 'complaint', 'urging', 'suggestion'])(
      'logs a %s contact with a day-numbered code and an event',
      async (cls) => {
        const res = await hotline.post('/api/intake/contacts', {
          channel: 'phone',
          class: cls,
          customerId: zhang.id,
          unitId,
          content: `客户来电：${cls}`,
          orderRef: cls === 'urging' ? 'WO-123' : undefined,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body).toMatchObject({
          class: cls,
          status: 'open',
          customerId: zhang.id,
          unitId,
          direction: 'inbound',
        });
        expect(res.body.code).toMatch(/^T261123\d{4}$/);
        const [ev] = await t.database.db
          .select()
          .from(events)
          .where(and(eq(events.entity, 'contact'), eq(events.entityId, res.body.id)));
        expect(ev).toMatchObject({ action: 'contact.created', actorName: '接线员 小王', orgPath: zhang.orgPath });
      },
    );

    it('numbers contacts of a day in sequence and logs contacts without a customer', async () => {
      const a = await hotline.post('/api/intake/contacts', {
        channel: 'email',
        class: 'suggestion',
        content: '建议增加夜间服务',
        fromAddress: 'a@example.com',
      });
      const b = await hotline.post('/api/intake/contacts', { channel: 'letter', class: 'suggestion', content: '来信' });
      expect(a.status).toBe(201);
      expect(a.body.customerId).toBeNull();
      expect(Number(b.body.code.slice(7))).toBe(Number(a.body.code.slice(7)) + 1);
      const [row] = await t.database.db.select().from(contacts).where(eq(contacts.id, a.body.id));
      expect(row!.orgPath).toBe(paths.HQ);
    });

    it('stamps the first contact on the customer once', async () => {
      const [c] = await t.database.db.select().from(customers).where(eq(customers.id, zhang.id));
      expect(c!.firstContactAt?.toISOString()).toBe(t.clock.now().toISOString());
    });

    it('answers a consultation on the spot and refuses an answer to other classes', async () => {
      const ok = await hotline.post('/api/intake/contacts', {
        channel: 'phone',
        class: 'consultation',
        customerId: li.id,
        content: '洗衣机怎么除垢？',
        answer: '使用专用除垢剂，空桶高温洗一次。',
      });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({
        status: 'answered',
        answer: '使用专用除垢剂，空桶高温洗一次。',
        answeredBy: hotline.userId,
      });
      const bad = await hotline.post('/api/intake/contacts', {
        channel: 'phone',
        class: 'complaint',
        customerId: li.id,
        content: '投诉',
        answer: '好的',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.answer']);
    });

    it('creates a new customer inline in the same transaction, in the area’s outlet', async () => {
      const before = await countOf(customers);
      const res = await hotline.post('/api/intake/contacts', {
        channel: 'phone',
        class: 'repair',
        content: '新客户报修，洗衣机不脱水',
        newCustomer: {
          name: '王芳',
          phone: '+86 136-0000-2222',
          address: { provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河北路 88 号' },
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(await countOf(customers)).toBe(before + 1);
      const [c] = await t.database.db.select().from(customers).where(eq(customers.id, res.body.customerId));
      expect(c).toMatchObject({ name: '王芳', orgPath: paths['O-GD-01'] });
      expect(c!.firstContactAt).not.toBeNull();
      const [contact] = await t.database.db.select().from(contacts).where(eq(contacts.id, res.body.id));
      expect(contact!.orgPath).toBe(paths['O-GD-01']);
      const found = await hotline.get('/api/intake/lookup?q=13600002222');
      expect(found.body.cards.map((x: { customer: { id: string } }) => x.customer.id)).toEqual([c!.id]);
    });

    it('writes nothing when the inline customer is invalid, naming the field', async () => {
      const before = [await countOf(customers), await countOf(contacts), await countOf(events)];
      const res = await hotline.request(
        'POST',
        '/api/intake/contacts',
        { channel: 'phone', class: 'repair', content: '报修', newCustomer: { name: '赵六', phone: '12345' } },
        { 'accept-language': 'en' },
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('intake.phone_invalid');
      expect(res.body.errors[0].path).toBe('body.newCustomer.phone');
      // A signed-in agent reads messages in their own language (zh-CN here).
      expect(res.body.detail).toBe('电话号码“12345”无法识别，请输入手机、固话或400号码');
      const both = await hotline.post('/api/intake/contacts', {
        channel: 'phone',
        class: 'repair',
        content: 'x',
        customerId: li.id,
        newCustomer: { name: 'x', phone: '13600003333' },
      });
      expect(both.status).toBe(400);
      expect(both.body.errors[0].path).toBe('body.newCustomer');
      expect([await countOf(customers), await countOf(contacts), await countOf(events)]).toEqual(before);
    });

    it('names invalid fields in the caller’s language', async () => {
      const zh = await hotline.post('/api/intake/contacts', { channel: 'fax', class: 'repair' });
      expect(zh.status).toBe(400);
      expect(zh.body.code).toBe('validation.failed');
      expect(zh.body.detail).toBe('输入有误，请检查标出的字段');
      const paths = zh.body.errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['body.channel', 'body.content']);
      const en = await t.request({
        method: 'POST',
        url: '/api/intake/contacts',
        payload: { channel: 'fax', class: 'repair', content: 'x' },
        headers: { 'accept-language': 'en' },
      });
      expect(en.body.detail).toBe('Some fields are invalid');
      expect(en.body.errors[0].message).toMatch(/body\.channel: is not one of the allowed values/);
    });

    it('refuses a unit of another customer and a customer outside the scope', async () => {
      const res = await hotline.post('/api/intake/contacts', {
        channel: 'phone',
        class: 'repair',
        content: 'x',
        customerId: li.id,
        unitId,
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'intake.unit_not_of_customer', errors: [{ path: 'body.unitId' }] });
      const token = await t.login('gd02.manager');
      expect(
        (
          await token.post('/api/intake/contacts', {
            channel: 'phone',
            class: 'repair',
            content: 'x',
            customerId: zhang.id,
          })
        ).status,
      ).toBe(403);
    });

    it('lists contacts of a customer by class and status, paged', async () => {
      const res = await hotline.get(`/api/intake/contacts?customerId=${zhang.id}&class=urging`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
      expect(res.body.items[0]).toMatchObject({ class: 'urging', orderRef: 'WO-123' });
      const page = await hotline.get(`/api/intake/contacts?customerId=${zhang.id}&pageSize=3&page=2`);
      expect(page.body).toMatchObject({ total: 7, page: 2, pageSize: 3 });
      expect(page.body.items).toHaveLength(3);
      expect((await gd01.get('/api/intake/contacts')).status).toBe(403);
    });
  });

  describe('technical supervisor queue', () => {
    it('escalates a consultation, lists it oldest first, and answers it from the queue', async () => {
      const a = await hotline.post('/api/intake/contacts', {
        channel: 'phone',
        class: 'consultation',
        customerId: zhang.id,
        content: '变频板报 E3 怎么办？',
      });
      t.clock.advance(60_000);
      const b = await hotline.post('/api/intake/contacts', {
        channel: 'wechat',
        class: 'consultation',
        customerId: li.id,
        content: '能否加装烘干？',
      });
      for (const c of [a, b]) {
        const r = await hotline.post(`/api/intake/contacts/${c.body.id}/escalate`, {
          queue: 'tech_supervisor',
          note: '需技术主管答复',
        });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ status: 'escalated', queue: 'tech_supervisor', version: 2 });
      }
      const queue = await manager.get('/api/intake/queue?queue=tech_supervisor');
      expect(queue.body.items.map((c: { id: string }) => c.id)).toEqual([a.body.id, b.body.id]);

      const answered = await manager.post(`/api/intake/contacts/${a.body.id}/answer`, {
        answer: '检查变频板插头，仍报错则上门。',
      });
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ status: 'answered', answeredBy: manager.userId });
      expect((await manager.get('/api/intake/queue')).body.items.map((c: { id: string }) => c.id)).toEqual([b.body.id]);
      const [ev] = await t.database.db
        .select()
        .from(events)
        .where(and(eq(events.entityId, a.body.id), eq(events.action, 'contact.escalated')));
      expect(ev!.reason).toBe('需技术主管答复');

      const again = await manager.post(`/api/intake/contacts/${a.body.id}/answer`, { answer: '再答' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('intake.contact_closed');
    });

    it('escalates only consultations', async () => {
      const c = await hotline.post('/api/intake/contacts', {
        channel: 'phone',
        class: 'repair',
        customerId: zhang.id,
        content: '不脱水',
      });
      const r = await hotline.post(`/api/intake/contacts/${c.body.id}/escalate`, { queue: 'tech_supervisor' });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('intake.not_consultation');
      const bad = await hotline.post(`/api/intake/contacts/${c.body.id}/escalate`, { queue: 'boss' });
      expect(bad.body.errors[0].path).toBe('body.queue');
    });
  });

  describe('service requests', () => {
    let requestId: string;
    let requestCode: string;

    it('opens a request from a contact, with the customer’s primary phone', async () => {
      const contact = await hotline.post('/api/intake/contacts', {
        channel: 'phone',
        class: 'repair',
        customerId: zhang.id,
        unitId,
        content: '洗衣机不排水',
      });
      const res = await hotline.post('/api/intake/requests', {
        kind: 'repair',
        customerId: zhang.id,
        unitId,
        symptoms: '不排水，报 E21',
        addressId: zhang.addressId,
        preferredFrom: '2026-11-24T01:00:00Z',
        preferredTo: '2026-11-24T04:00:00Z',
        preferredNote: '上午在家',
        contactId: contact.body.id,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.code).toMatch(/^SR261123-\d{4}$/);
      expect(res.body).toMatchObject({
        kind: 'repair',
        source: 'hotline',
        status: 'new',
        phone: '13800138000',
        serialNo: 'SN20240001',
        customerName: '测试张伟',
        contactId: contact.body.id,
        orgPath: paths['O-GD-01'],
        version: 1,
      });
      requestId = res.body.id;
      requestCode = res.body.code;
      const linked = await hotline.get(`/api/intake/contacts/${contact.body.id}`);
      expect(linked.body.serviceRequestId).toBe(requestId);
      const second = await hotline.post('/api/intake/requests', {
        kind: 'maintenance',
        customerId: li.id,
        symptoms: '年度保养',
        phone: '020-8888 6666',
      });
      expect(second.body.code).toBe(`SR261123-${String(Number(requestCode.slice(-4)) + 1).padStart(4, '0')}`);
      expect(second.body.phone).toBe('02088886666');
    });

    it('checks unit, address and phone against the customer and writes nothing on failure', async () => {
      const before = [await countOf(serviceRequests), await countOf(events)];
      const wrongUnit = await hotline.post('/api/intake/requests', {
        kind: 'repair',
        customerId: zhang.id,
        unitId: liUnitId,
        symptoms: 'x',
      });
      expect(wrongUnit.body).toMatchObject({
        status: 400,
        code: 'intake.unit_not_of_customer',
        errors: [{ path: 'body.unitId' }],
      });
      const wrongAddress = await hotline.post('/api/intake/requests', {
        kind: 'repair',
        customerId: zhang.id,
        addressId: li.addressId,
        symptoms: 'x',
      });
      expect(wrongAddress.status).toBe(404);
      expect(wrongAddress.body.errors[0].path).toBe('body.addressId');
      const badPhone = await hotline.post('/api/intake/requests', {
        kind: 'repair',
        customerId: zhang.id,
        symptoms: 'x',
        phone: '999',
      });
      expect(badPhone.body.errors[0].path).toBe('body.phone');
      const noSymptoms = await hotline.post('/api/intake/requests', { kind: 'repair', customerId: zhang.id });
      expect(noSymptoms.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.symptoms']);
      const outside = await gd01.post('/api/intake/requests', { kind: 'repair', customerId: far.id, symptoms: 'x' });
      expect(outside.status).toBe(403);
      expect([await countOf(serviceRequests), await countOf(events)]).toEqual(before);
    });

    it('lists and reads requests within the scope', async () => {
      const list = await hotline.get('/api/intake/requests?status=new');
      expect(list.body.items.map((r: { id: string }) => r.id)).toContain(requestId);
      expect((await gd01.get(`/api/intake/requests/${requestId}`)).status).toBe(200);
      const gd02 = await t.login('gd02.manager');
      expect((await gd02.get(`/api/intake/requests/${requestId}`)).status).toBe(404);
      expect((await gd02.get('/api/intake/requests')).body.total).toBe(0);
    });

    it('cancels with the version read and a reason; only once', async () => {
      const stale = await hotline.post(`/api/intake/requests/${requestId}/cancel`, {
        reason: '客户自行修好',
        version: 7,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('entity.version_conflict');
      const ok = await hotline.post(`/api/intake/requests/${requestId}/cancel`, { reason: '客户自行修好', version: 1 });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ status: 'cancelled', version: 2 });
      const again = await hotline.post(`/api/intake/requests/${requestId}/cancel`, { reason: 'x', version: 2 });
      expect(again.body.code).toBe('intake.request_not_cancellable');
      const [ev] = await t.database.db
        .select()
        .from(events)
        .where(and(eq(events.entityId, requestId), eq(events.action, 'service_request.cancelled')));
      expect(ev!.reason).toBe('客户自行修好');
    });

    it('offers new requests to the work-order module and marks them converted', async () => {
      const ctx = systemCtx(t.database.db, { name: 'work-orders', now: t.clock.now() });
      const fresh = await listNewServiceRequests(ctx);
      expect(fresh.length).toBeGreaterThan(0);
      expect(fresh.every((r) => r.status === 'new')).toBe(true);
      const target = fresh[0]!;
      const orderId = crypto.randomUUID();
      await t.database.db.transaction((tx) => markRequestConverted(tx, ctx, target.id, orderId));
      expect(await getServiceRequest(ctx, target.id)).toMatchObject({ status: 'converted', orderId });
      await expect(
        t.database.db.transaction((tx) => markRequestConverted(tx, ctx, target.id, orderId)),
      ).rejects.toMatchObject({
        code: 'intake.request_not_convertible',
      });
    });
  });

  describe('lookup', () => {
    const ids = (res: { body: { cards: { customer: { id: string } }[] } }) => res.body.cards.map((c) => c.customer.id);

    it.each([
      ['a full phone in any format', '+86 138-0013-8000', 'phone'],
      ['the last four digits', '8000', 'phone_suffix'],
      ['the customer code', 'ct00000001', 'customer_code'],
      ['a name prefix', '测试张', 'name'],
      ['a serial', 'sn20240001', 'serial'],
    ])('finds the customer by %s', async (_what, q, key) => {
      const res = await hotline.get(`/api/intake/lookup?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(ids(res)).toContain(zhang.id);
      const card = res.body.cards.find((c: { customer: { id: string } }) => c.customer.id === zhang.id);
      expect(card.matchedBy).toContain(key);
    });

    it('finds the customer by a request or contact code', async () => {
      const req = (await hotline.get(`/api/intake/requests?customerId=${li.id}`)).body.items[0];
      expect(ids(await hotline.get(`/api/intake/lookup?q=${req.code}`))).toEqual([li.id]);
      const contact = (await hotline.get(`/api/intake/contacts?customerId=${li.id}`)).body.items[0];
      expect(ids(await hotline.get(`/api/intake/lookup?q=${contact.code}`))).toEqual([li.id]);
    });

    it('shows units, open requests and the last five contacts on the card', async () => {
      const res = await hotline.get('/api/intake/lookup?q=13800138000');
      const card = res.body.cards.find((c: { customer: { id: string } }) => c.customer.id === zhang.id);
      expect(card.customer).toMatchObject({
        id: zhang.id,
        code: 'CT00000001',
        name: '测试张伟',
        phones: [{ number: '13800138000', kind: 'mobile', isPrimary: true }],
      });
      expect(card.units).toEqual([
        expect.objectContaining({
          id: unitId,
          serialNo: 'SN20240001',
          modelCode: 'XQB80-A',
          modelName: '全自动洗衣机 8kg',
          status: 'active',
        }),
      ]);
      expect(card.openRequests.every((r: { status: string }) => ['new', 'accepted'].includes(r.status))).toBe(true);
      expect(card.recentContacts).toHaveLength(5);
      const times = card.recentContacts.map((c: { startedAt: string }) => c.startedAt);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('finds an outlet’s own customer by a short suffix that many others share', async () => {
      const db = t.database.db;
      for (let i = 0; i < 25; i++) {
        await seedCustomer(db, {
          name: `尾号客户${i}`,
          phone: `137${String(i).padStart(4, '0')}0093`,
          orgPath: paths['O-GD-02']!,
        });
      }
      // 25 numbers elsewhere end in 0093, more than one lookup returns; the outlet's own still shows.
      const own = await seedCustomer(db, { name: '尾号本网点', phone: '13600000093', orgPath: paths['O-GD-01']! });
      const res = await gd01.get('/api/intake/lookup?q=0093');
      expect(ids(res)).toContain(own.id);
      expect(res.body.cards.every((c: { customer: { name: string } }) => !c.customer.name.startsWith('尾号客户'))).toBe(
        true,
      );
      const all = await hotline.get('/api/intake/lookup?q=0093');
      expect(all.body.cards).toHaveLength(10);
    });

    it('keeps to the scope and masks phones for those who do not serve customers', async () => {
      const mine = await gd01.get(`/api/intake/lookup?q=${encodeURIComponent('测试张')}`);
      expect(ids(mine)).toContain(zhang.id);
      expect(ids(mine)).not.toContain(far.id);
      const own = mine.body.cards.find((c: { customer: { id: string } }) => c.customer.id === zhang.id);
      expect(own.customer.phones[0].number).toBe('138****8000');
      expect(ids(await hotline.get(`/api/intake/lookup?q=${encodeURIComponent('测试张')}`))).toEqual(
        expect.arrayContaining([zhang.id, far.id]),
      );
      expect((await gd01.get('/api/intake/lookup?q=13700001111')).body.cards).toEqual([]);
      expect((await hotline.get('/api/intake/lookup?q=无此人')).body.cards).toEqual([]);
      const short = await hotline.get('/api/intake/lookup?q=%20');
      expect(short.body.errors[0].path).toBe('querystring.q');
    });
  });

  describe('outbox page', () => {
    it('is for those who may read messages (hotline agents among them), not for technicians', async () => {
      expect((await (await t.login('gd01.tech1')).get('/api/outbox')).status).toBe(403);
      expect((await hotline.get('/api/outbox')).status).toBe(200);
      const admin = await t.login('admin');
      const res = await admin.get('/api/outbox');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], total: 0, totalCapped: false, nextCursor: null });
    });
  });
});
