import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.js';
import { events } from '../../platform/events/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { findResponsibleUnit } from '../org/index.js';
import { createCustomer, grantCustomerAccess, markFirstContact, revokeCustomerAccess } from './index.js';
import {
  customerAddresses,
  customerMerges,
  customerPhones,
  customers,
  productLines,
  productModels,
  units,
} from './tables.js';

const TIANHE = { provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路 100 号' };
const NANSHAN = { provinceCode: '440000', cityCode: '440300', districtCode: '440305', detail: '南海大道 1 号' };
const YUEXIU = { provinceCode: '440000', cityCode: '440100', districtCode: '440104', detail: '东风中路 1 号' };
const SHAOGUAN = { provinceCode: '440000', cityCode: '440200', districtCode: '440203', detail: '武江区某路 1 号' };
const BEIJING = { provinceCode: '110000', cityCode: '110100', districtCode: '110105', detail: '朝阳区某路 1 号' };

describe('customer archive API', () => {
  let t: TestApp;
  let hotline: Agent; // HQ hotline agent: customers.read + customers.manage
  let admin: Agent;
  const unit: Record<string, { id: string; path: string }> = {};
  let modelId: string;

  const db = () => t.database.db;
  const row = async (id: string) => (await db().select().from(customers).where(eq(customers.id, id)))[0]!;
  const phonesOf = (id: string) =>
    db().select().from(customerPhones).where(eq(customerPhones.customerId, id)).orderBy(asc(customerPhones.number));
  const eventsOf = (id: string) =>
    db()
      .select()
      .from(events)
      .where(and(eq(events.entity, 'customer'), eq(events.entityId, id)))
      .orderBy(asc(events.id));
  const create = (agent: Agent, body: Record<string, unknown>) => agent.post('/api/customers', body);
  /** Every id a paged list gives, page by page (demo data may fill the first pages). */
  const allIds = async (agent: Agent, url: string) => {
    const ids: string[] = [];
    for (let page = 1; page <= 50; page++) {
      const res = await agent.get(`${url}${url.includes('?') ? '&' : '?'}pageSize=100&page=${page}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      ids.push(...res.body.items.map((c: { id: string }) => c.id));
      if (res.body.items.length < 100) break;
    }
    return ids;
  };
  /** The customers this file creates, by name: demo customers may share the lists. */
  const mine = new Map<string, string>();
  const addUnit = async (customerId: string, serialNo: string) => {
    const c = await row(customerId);
    const [u] = await db()
      .insert(units)
      .values({ modelId, serialNo, customerId, usage: 'household', orgPath: c.orgPath })
      .returning();
    return u!.id;
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    for (const u of await db().select().from(orgUnits)) unit[u.code] = { id: u.id, path: u.path };
    hotline = await t.login('hotline');
    admin = await t.login('admin');
    const [line] = await db()
      .insert(productLines)
      .values({ code: 'WM', name: '洗衣机', category: 'washer' })
      .returning();
    const [model] = await db()
      .insert(productModels)
      .values({ lineId: line!.id, code: 'XQB60', name: '波轮 6kg' })
      .returning();
    modelId = model!.id;
  });
  afterAll(() => t.close());

  describe('findResponsibleUnit', () => {
    it('picks the outlet of the district, then of the city, then the center, then HQ', async () => {
      const find = (a: object) => findResponsibleUnit(db(), a);
      expect((await find(TIANHE)).id).toBe(unit['O-GD-01']!.id);
      expect((await find(NANSHAN)).id).toBe(unit['O-GD-02']!.id);
      expect((await find(YUEXIU)).id).toBe(unit['O-GD-01']!.id); // gd01 serves the whole city of 广州
      expect((await find({ provinceCode: '440000', cityCode: '441900', districtCode: null })).id).toBe(
        unit['O-GD-04']!.id,
      );
      expect((await find(SHAOGUAN)).id).toBe(unit['C-GD']!.id);
      expect(await find(BEIJING)).toEqual({ id: t.hqId, path: `${t.hqId}/`, name: expect.any(String) });
      expect((await find({})).id).toBe(t.hqId);
    });
  });

  describe('create', () => {
    it('opens an archive: normalised phones, divisions, responsible unit, code, event', async () => {
      const res = await create(hotline, {
        kind: 'individual',
        name: '甄伟',
        email: 'zhangwei@example.com',
        tags: ['vip', 'vip'],
        consentMessages: true,
        phones: [{ number: '+86 166-0016-6000', label: '手机' }, { number: '0991-8888 6666 转 123' }],
        addresses: [{ ...TIANHE, lat: 23.13, lng: 113.36, label: '家' }],
      });
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        code: 'C2611230001', // 10:00 on 23 Nov in Shanghai
        kind: 'individual',
        name: '甄伟',
        tags: ['vip'],
        consentMessages: true,
        phonesMasked: false,
        responsibleUnit: { id: unit['O-GD-01']!.id },
        unitCount: 0,
        archiveComplete: false,
        archiveMissing: ['unit'],
        archiveDueAt: null,
        version: 1,
      });
      expect(res.body.phones).toEqual([
        expect.objectContaining({
          number: '16600166000',
          display: '166 0016 6000',
          kind: 'mobile',
          isPrimary: true,
          label: '手机',
        }),
        expect.objectContaining({
          number: '099188886666',
          display: '0991-8888 6666 转 123',
          kind: 'landline',
          extension: '123',
          isPrimary: false,
        }),
      ]);
      expect(res.body.addresses).toEqual([
        expect.objectContaining({
          ...TIANHE,
          divisionNames: '广东省 广州市 天河区',
          isPrimary: true,
          label: '家',
          lat: 23.13,
        }),
      ]);
      const c = await row(res.body.id);
      expect(c.orgPath).toBe(unit['O-GD-01']!.path);
      const [ev] = await eventsOf(res.body.id);
      expect(ev).toMatchObject({ action: 'customer.created', actorName: '接线员 小王', orgPath: c.orgPath });
      expect(ev!.changes.phones!.after).toEqual(['166 0016 6000 *', '0991-8888 6666 转 123']);

      const second = await create(hotline, { name: '欧娜', phones: [{ number: '14700147000' }], addresses: [NANSHAN] });
      expect(second.body.code).toBe('C2611230002');
      expect((await row(second.body.id)).orgPath).toBe(unit['O-GD-02']!.path);
    });

    it('refuses bad phones, divisions and primaries naming the field, in zh-CN and in English', async () => {
      const bad = await create(hotline, { name: '王五', phones: [{ number: '13700137000' }, { number: '12345' }] });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('customer.invalid_phone');
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ path: 'body.phones.1.number', code: 'customer.invalid_phone' }),
      ]);
      expect(bad.body.errors[0].message).toContain('电话号码“12345”无效');

      const en = await t.login('complaints');
      await admin.patch('/api/auth/me', { lang: 'en' });
      const enBad = await create(admin, { name: 'Wang', addresses: [{ ...TIANHE, cityCode: '330100' }] });
      expect(enBad.status).toBe(400);
      expect(enBad.body.errors[0]).toMatchObject({
        path: 'body.addresses.0.cityCode',
        code: 'customer.invalid_division',
      });
      expect(enBad.body.detail).toBe(
        'Division code "330100" is unknown or not within the level above (not_in_province)',
      );
      const enPhone = await create(admin, { name: 'Wang', phones: [{ number: 'call me' }] });
      expect(enPhone.body.errors[0].path).toBe('body.phones.0.number');
      expect(enPhone.body.detail).toContain('Phone number "call me" is invalid');
      const twoPrimary = await create(admin, {
        name: 'Wang',
        addresses: [
          { ...TIANHE, isPrimary: true },
          { ...YUEXIU, isPrimary: true },
        ],
      });
      expect(twoPrimary.body).toMatchObject({
        code: 'customer.primary_count',
        detail: 'Only one address may be primary',
      });
      expect(twoPrimary.body.errors[0].path).toBe('body.addresses.1.isPrimary');
      const repeated = await create(admin, {
        name: 'Wang',
        phones: [{ number: '13700137000' }, { number: '137 0013 7000' }],
      });
      expect(repeated.body.errors[0].path).toBe('body.phones.1.number');
      const schema = await create(admin, { name: '', kind: 'alien' });
      expect(schema.status).toBe(400);
      expect(schema.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.kind', 'body.name']);
      await admin.patch('/api/auth/me', { lang: 'zh-CN' });

      expect((await create(en, { name: 'x' })).body.code).toBe('auth.forbidden');
      expect((await db().select().from(customers).where(eq(customers.name, 'Wang'))).length).toBe(0);
      expect((await db().select().from(customers).where(eq(customers.name, '王五'))).length).toBe(0);
    });

    it('detects a duplicate phone in any format, unless allowed', async () => {
      const dup = await create(hotline, { name: '甄伟（重复）', phones: [{ number: '166 0016 6000' }] });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({
        code: 'customer.duplicate_phone',
        params: { number: '166 0016 6000', code: 'C2611230001', name: '甄伟' },
      });
      expect(dup.body.params.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(dup.body.errors[0].path).toBe('body.phones.0.number');
      expect(dup.body.detail).toBe(
        '电话号码166 0016 6000已登记在客户甄伟（C2611230001）名下；确属另一位客户时请确认后再保存',
      );
      const allowed = await create(hotline, {
        name: '甄伟（重复）',
        phones: [{ number: '166 0016 6000' }],
        allowDuplicate: true,
      });
      expect(allowed.status).toBe(201);
      const dupes = await hotline.get(`/api/customers/duplicates?phone=${encodeURIComponent('+86 16600166000')}`);
      expect(dupes.body.items.map((c: { name: string }) => c.name).sort()).toEqual(['甄伟', '甄伟（重复）']);
      expect((await hotline.get('/api/customers/duplicates?phone=12')).body.items).toEqual([]);
    });

    it('hands out distinct codes to customers created at the same moment', async () => {
      // On PostgreSQL these run in parallel transactions on several connections.
      const created = await Promise.all(
        [0, 1, 2, 3, 4].map((i) => create(hotline, { name: `并发客户${i}`, phones: [{ number: `1450000000${i}` }] })),
      );
      expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      const codes = created.map((r) => r.body.code as string);
      expect(new Set(codes).size).toBe(5);
      for (const c of codes) expect(c).toMatch(/^C261123\d{4}$/);
      // Out of the way of the list tests below.
      for (const r of created) await hotline.post(`/api/customers/${r.body.id}/deactivate`, { version: 1 });
    });

    it('places customers without an address at the recording unit, and system callers at HQ', async () => {
      const ctx = systemCtx(db(), { now: t.clock.now() });
      const c = await createCustomer(ctx, { name: '来访客户', phones: [{ number: '0991-6001234' }] });
      expect(c.responsibleUnit?.id).toBe(t.hqId);
      expect(c.phones[0]).toMatchObject({ number: '09916001234', kind: 'landline' });
      const beijing = await createCustomer(ctx, { name: '北京客户', addresses: [BEIJING] });
      expect(beijing.responsibleUnit?.id).toBe(t.hqId);
      const shaoguan = await createCustomer(ctx, {
        name: '韶关客户',
        kind: 'business',
        companyName: '韶关某某酒店',
        addresses: [SHAOGUAN],
      });
      expect(shaoguan.responsibleUnit?.id).toBe(unit['C-GD']!.id);
    });
  });

  describe('search and read', () => {
    let zhang: string;
    let biz: string;

    beforeAll(async () => {
      zhang = (await db().select().from(customers).where(eq(customers.code, 'C2611230001')))[0]!.id;
      const b = await create(hotline, {
        kind: 'business',
        name: '晏经理',
        companyName: '晏氏天河大酒店',
        tags: ['商用', '测试大客户'],
        phones: [{ number: '400-800-1234' }, { number: '14712345678' }],
        addresses: [YUEXIU],
      });
      biz = b.body.id;
    });

    const find = async (agent: Agent, query: string) => {
      const res = await agent.get(`/api/customers?${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as {
        items: { id: string; name: string; code: string; phones: { number: string }[] }[];
        total: number;
      };
    };

    it('finds by a whole phone in any format, trailing digits, code, name and company prefix', async () => {
      for (const q of ['16600166000', '166 0016 6000', '+86-166-0016-6000', '0086 166 0016 6000']) {
        const res = await find(hotline, `q=${encodeURIComponent(q)}`);
        expect(res.items.map((c) => c.name).sort(), q).toEqual(['甄伟', '甄伟（重复）']);
      }
      expect((await find(hotline, `q=${encodeURIComponent('0991 8888 6666')}`)).items.map((c) => c.id)).toEqual([
        zhang,
      ]);
      // Four trailing digits: every number ending so (demo customers may too).
      expect((await find(hotline, 'q=6000')).items.map((c) => c.name)).toEqual(
        expect.arrayContaining(['甄伟', '甄伟（重复）']),
      );
      expect((await find(hotline, 'q=0166000')).items.map((c) => c.name).sort()).toEqual(['甄伟', '甄伟（重复）']);
      expect((await find(hotline, `q=${encodeURIComponent('尾号88886666')}`)).items.map((c) => c.id)).toEqual([zhang]);
      expect((await find(hotline, 'q=2345678')).items.map((c) => c.id)).toEqual([biz]);
      expect((await find(hotline, 'q=4008001234')).items.map((c) => c.id)).toEqual([biz]);
      expect((await find(hotline, 'q=C2611230001')).items.map((c) => c.id)).toEqual([zhang]);
      expect((await find(hotline, 'q=c2611230001')).items.map((c) => c.id)).toEqual([zhang]);
      expect((await find(hotline, `q=${encodeURIComponent('甄')}`)).items.map((c) => c.name)).toEqual([
        '甄伟（重复）',
        '甄伟',
      ]);
      expect((await find(hotline, `q=${encodeURIComponent('晏氏天河')}`)).items.map((c) => c.id)).toEqual([biz]);
      expect((await find(hotline, `q=${encodeURIComponent('天河')}`)).items).toEqual([]); // prefixes only
      expect((await find(hotline, `q=${encodeURIComponent('100%')}`)).items).toEqual([]);
      expect((await find(hotline, 'q=0000000')).items.map((c) => c.id)).not.toContain(zhang);
    });

    it('filters by kind and tag, pages newest first, and shows the primary address and unit', async () => {
      const business = await find(hotline, 'kind=business');
      expect(business.items.map((c) => c.name)).toEqual(expect.arrayContaining(['晏经理', '韶关客户']));
      expect(business.items.map((c) => c.name)).not.toContain('甄伟');
      expect((await find(hotline, `tag=${encodeURIComponent('测试大客户')}`)).items.map((c) => c.id)).toEqual([biz]);
      const all = await find(hotline, 'pageSize=2');
      expect(all.items).toHaveLength(2);
      expect(all.total).toBeGreaterThanOrEqual(7);
      const codes = [...all.items, ...(await find(hotline, 'pageSize=2&page=2')).items].map((c) => c.code);
      expect(codes).toEqual([...codes].sort().reverse());
      const item = (await hotline.get(`/api/customers?q=${encodeURIComponent('晏经理')}`)).body.items[0];
      expect(item).toMatchObject({
        primaryAddress: { districtCode: '440104', divisionNames: '广东省 广州市 越秀区' },
        responsibleUnit: { id: unit['O-GD-01']!.id, name: '广州天河家电维修服务部' },
        phones: [{ number: '4008001234', display: '400-800-1234', isPrimary: true }, { number: '14712345678' }],
      });
    });

    it('masks phones for readers who do not call customers (DOMAIN.md, Privacy)', async () => {
      const dispatcher = await t.login('dispatcher');
      const res = await dispatcher.get('/api/customers?q=16600166000');
      expect(res.body.items.length).toBe(2);
      const c = res.body.items.find((x: { id: string }) => x.id === zhang);
      expect(c.phonesMasked).toBe(true);
      expect(c.phones.map((p: { number: string; display: string }) => [p.number, p.display])).toEqual([
        ['166****6000', '166****6000'],
        ['0991-****6666', '0991-****6666'],
      ]);
      expect(JSON.stringify(res.body)).not.toContain('16600166000');
      expect(c.primaryAddress).toMatchObject({
        detail: '天河路****',
        divisionNames: '广东省 广州市 天河区',
        lat: null,
      });
      expect(JSON.stringify(res.body)).not.toContain('100 号');
      const one = await dispatcher.get(`/api/customers/${zhang}`);
      expect(one.body.phones[0].number).toBe('166****6000');
      expect(one.body.phones[1].extension).toBeNull();
      // Carrying out orders (orders.execute) is not enough: the outlet serves no order of this
      // customer, so its manager sees the masked number too (the per-role table: contact.test.ts).
      const outlet = await t.login('gd01.manager');
      expect((await outlet.get(`/api/customers/${zhang}`)).body.phones[0].number).toBe('166****6000');
    });

    it('scopes lists and reads to the responsible unit’s subtree', async () => {
      const gd01 = await t.login('gd01.manager');
      const gd02 = await t.login('gd02.manager');
      const center = await t.login('gd.center');
      const zj = await t.login('zj.center');
      const names = async (a: Agent) => {
        const ids = new Set(await allIds(a, '/api/customers'));
        return [...mine]
          .filter(([, id]) => ids.has(id))
          .map(([name]) => name)
          .sort();
      };
      for (const c of (await find(hotline, 'pageSize=100')).items)
        if (/^(甄伟|欧娜|韶关客户|晏经理|来访客户|北京客户)/.test(c.name)) mine.set(c.name, c.id);
      expect(mine.size).toBe(7);
      expect(await names(gd01)).toEqual(['甄伟', '晏经理'].sort());
      expect(await names(gd02)).toEqual(['欧娜']);
      expect(await names(center)).toEqual(['甄伟', '欧娜', '韶关客户', '晏经理'].sort());
      expect(await names(zj)).toEqual([]);
      expect((await gd02.get(`/api/customers/${zhang}`)).status).toBe(404);
      expect((await gd02.get(`/api/customers/${zhang}`)).body.detail).toBe('客户不存在或无权查看');
      expect((await gd02.get('/api/customers?q=16600166000')).body.items).toEqual([]);
      expect((await gd01.get(`/api/customers/${zhang}`)).status).toBe(200);
      expect((await hotline.get(`/api/customers/${crypto.randomUUID()}`)).status).toBe(404);
      expect((await (await t.login('finance')).get('/api/customers')).body.code).toBe('auth.forbidden');
    });

    it('lets the unit serving an order read that customer and their units while the grant lives', async () => {
      const gd02 = await t.login('gd02.manager');
      const unitId = await addUnit(zhang, 'SN-GRANT-1');
      const source = { sourceEntity: 'work_order', sourceId: crypto.randomUUID() };
      expect((await gd02.get(`/api/customers/${zhang}`)).status).toBe(404);
      await grantCustomerAccess(db(), { customerId: zhang, orgPath: unit['O-GD-02']!.path, ...source, at: new Date() });
      expect((await gd02.get(`/api/customers/${zhang}`)).status).toBe(200);
      expect((await gd02.get(`/api/units/${unitId}`)).status).toBe(200);
      expect(await allIds(gd02, '/api/customers')).toContain(zhang);
      const name = (await row(zhang)).name;
      expect(await allIds(gd02, `/api/customers?q=${encodeURIComponent(name.slice(0, 2))}`)).toContain(zhang);
      // Reading is all a grant gives: the archive stays with the area.
      const edit = await gd02.patch(`/api/customers/${zhang}`, { notes: 'x', version: (await row(zhang)).version });
      expect(edit.status, JSON.stringify(edit.body)).not.toBe(200);
      expect((await row(zhang)).notes).not.toBe('x');
      await revokeCustomerAccess(db(), { ...source, at: new Date() });
      expect((await gd02.get(`/api/customers/${zhang}`)).status).toBe(404);
      expect((await gd02.get(`/api/units/${unitId}`)).status).toBe(404);
      expect(await allIds(gd02, '/api/customers')).not.toContain(zhang);
      expect(await allIds(gd02, `/api/customers?q=${encodeURIComponent(name.slice(0, 2))}`)).not.toContain(zhang);
    });
  });

  describe('update and deactivate', () => {
    it('replaces phones and addresses as sets, keeping ids, and moves the customer with its area', async () => {
      const c = await create(hotline, {
        name: '赵六',
        phones: [{ number: '16600166100' }, { number: '16600166101' }],
        addresses: [TIANHE],
      });
      const id = c.body.id;
      const before = await phonesOf(id);
      const keptId = before.find((p) => p.number === '16600166101')!.id;
      const unitId = await addUnit(id, 'SN-ZHAO-1');
      const addressId = c.body.addresses[0].id;
      await db().update(units).set({ addressId }).where(eq(units.id, unitId));

      const res = await hotline.patch(`/api/customers/${id}`, {
        version: 1,
        name: '赵六六',
        phones: [{ number: '166 0016 6101', isPrimary: true }, { number: '0991-6005678' }],
        addresses: [{ ...NANSHAN, id: addressId }],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ name: '赵六六', version: 2, responsibleUnit: { id: unit['O-GD-02']!.id } });
      const after = await phonesOf(id);
      expect(after.map((p) => [p.number, p.isPrimary])).toEqual([
        ['09916005678', false],
        ['16600166101', true],
      ]);
      expect(after.find((p) => p.number === '16600166101')!.id).toBe(keptId);
      expect(res.body.addresses[0].id).toBe(addressId);
      expect((await row(id)).orgPath).toBe(unit['O-GD-02']!.path);
      // The unit follows its owner into the new area.
      expect((await db().select().from(units).where(eq(units.id, unitId)))[0]!.orgPath).toBe(unit['O-GD-02']!.path);
      const evs = await eventsOf(id);
      expect(evs.at(-1)).toMatchObject({ action: 'customer.updated', orgPath: unit['C-GD']!.path });
      expect(evs.at(-1)!.changes.name).toEqual({ before: '赵六', after: '赵六六' });
      expect(evs.at(-1)!.changes.orgPath).toEqual({ before: unit['O-GD-01']!.path, after: unit['O-GD-02']!.path });

      // An address a unit uses cannot be dropped.
      const drop = await hotline.patch(`/api/customers/${id}`, { version: 2, addresses: [TIANHE] });
      expect(drop.status).toBe(409);
      expect(drop.body.code).toBe('customer.address_in_use');

      // Nothing changed: no new version, no event.
      const same = await hotline.patch(`/api/customers/${id}`, { version: 2, name: '赵六六' });
      expect(same.body.version).toBe(2);
      expect(await eventsOf(id)).toHaveLength(evs.length);

      const stale = await hotline.patch(`/api/customers/${id}`, { version: 1, name: '旧版本' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'entity.version_conflict', params: { by: '接线员 小王', version: 2 } });

      const dupe = await hotline.patch(`/api/customers/${id}`, { version: 2, phones: [{ number: '16600166000' }] });
      expect(dupe.body.code).toBe('customer.duplicate_phone');
      const bad = await hotline.patch(`/api/customers/${id}`, { version: 2, phones: [{ number: '1' }] });
      expect(bad.body.errors[0].path).toBe('body.phones.0.number');
    });

    it('refuses to move a customer out of the editor’s area', async () => {
      await admin.put('/api/roles/outlet_manager/permissions', {
        permissions: [
          ...(await admin.get('/api/roles')).body.items.find((r: { code: string }) => r.code === 'outlet_manager')
            .permissions,
          'customers.manage',
        ],
        version: (await admin.get('/api/roles')).body.items.find((r: { code: string }) => r.code === 'outlet_manager')
          .version,
      });
      const gd01 = await t.login('gd01.manager');
      const c = await create(gd01, { name: '本区客户', addresses: [TIANHE] });
      expect(c.status).toBe(201);
      const away = await gd01.patch(`/api/customers/${c.body.id}`, { version: 1, addresses: [NANSHAN] });
      expect(away.status).toBe(403);
      expect(away.body.code).toBe('auth.out_of_scope');
      expect((await row(c.body.id)).orgPath).toBe(unit['O-GD-01']!.path);
      const foreign = await create(gd01, { name: '外区客户', addresses: [NANSHAN] });
      expect(foreign.body.code).toBe('auth.out_of_scope');
      const walkIn = await create(gd01, { name: '无地址客户' });
      expect(walkIn.body.responsibleUnit.id).toBe(unit['O-GD-01']!.id);
    });

    it('deactivates and re-activates with an event; inactive customers leave the list', async () => {
      const c = await create(hotline, { name: '停用客户', phones: [{ number: '14700147300' }] });
      const off = await hotline.post(`/api/customers/${c.body.id}/deactivate`, { version: 1, reason: '客户要求' });
      expect(off.body).toMatchObject({ active: false, version: 2 });
      expect((await hotline.get('/api/customers?q=14700147300')).body.items).toEqual([]);
      expect((await hotline.get('/api/customers?q=14700147300&includeInactive=true')).body.items).toHaveLength(1);
      // An inactive customer's number is free for a new archive.
      expect((await create(hotline, { name: '新客户', phones: [{ number: '14700147300' }] })).status).toBe(201);
      expect((await eventsOf(c.body.id)).at(-1)).toMatchObject({ action: 'customer.deactivated', reason: '客户要求' });
      const on = await hotline.post(`/api/customers/${c.body.id}/activate`, { version: 2 });
      expect(on.body).toMatchObject({ active: true, version: 3 });
    });
  });

  describe('merge and undo', () => {
    it('moves phones, addresses, units, contacts and requests, and an admin undoes it exactly', async () => {
      t.clock.advance(60_000);
      const a = (
        await create(hotline, {
          name: '孙七',
          phones: [{ number: '14700147100' }],
          addresses: [TIANHE],
          tags: ['老客户'],
        })
      ).body;
      const b = (
        await create(hotline, {
          name: '孙七',
          email: 'sun7@example.com',
          tags: ['商用'],
          phones: [{ number: '14700147101' }, { number: '14700147100' }],
          addresses: [YUEXIU],
          allowDuplicate: true,
        })
      ).body;
      await markFirstContact(db(), b.id, new Date('2026-11-20T00:00:00Z'));
      const unitB = await addUnit(b.id, 'SN-SUN-B');
      const contactId = crypto.randomUUID();
      const requestId = crypto.randomUUID();
      await db().execute(sql`insert into contacts (id, code, customer_id, channel, class, content, started_at, org_path)
        values (${contactId}, 'CT-1', ${b.id}, 'phone', 'consultation', '咨询', now(), ${unit['O-GD-01']!.path})`);
      await db().execute(sql`insert into service_requests (id, code, kind, source, customer_id, symptoms, phone, org_path)
        values (${requestId}, 'SR-1', 'repair', 'hotline', ${b.id}, '不脱水', '14700147101', ${unit['O-GD-01']!.path})`);
      const bPhones = await phonesOf(b.id);

      expect((await hotline.post(`/api/customers/${a.id}/merge`, { otherId: a.id, version: 1 })).body.code).toBe(
        'customer.merge_self',
      );
      expect((await hotline.post(`/api/customers/${a.id}/merge`, { otherId: b.id, version: 9 })).status).toBe(409);
      const res = await hotline.post(`/api/customers/${a.id}/merge`, { otherId: b.id, version: 1 });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.merge).toMatchObject({
        survivorId: a.id,
        mergedId: b.id,
        moved: { phones: 1, addresses: 1, units: 1, contacts: 1, serviceRequests: 1 },
        undoneAt: null,
      });
      expect(res.body.customer).toMatchObject({
        version: 2,
        email: 'sun7@example.com',
        tags: ['老客户', '商用'],
        firstContactAt: '2026-11-20T00:00:00.000Z',
        unitCount: 1,
      });
      // The survivor keeps its primaries; the duplicate number stays with the merged record.
      expect((await phonesOf(a.id)).map((p) => [p.number, p.isPrimary])).toEqual([
        ['14700147100', true],
        ['14700147101', false],
      ]);
      expect((await phonesOf(b.id)).map((p) => p.number)).toEqual(['14700147100']);
      expect(await db().select().from(customerAddresses).where(eq(customerAddresses.customerId, b.id))).toEqual([]);
      expect((await db().select().from(units).where(eq(units.id, unitB)))[0]!.customerId).toBe(a.id);
      const owner = async (table: string, id: string) =>
        (
          (await db().execute(sql`select customer_id from ${sql.identifier(table)} where id = ${id}`)) as unknown as {
            rows: { customer_id: string }[];
          }
        ).rows[0]!.customer_id;
      expect(await owner('contacts', contactId)).toBe(a.id);
      expect(await owner('service_requests', requestId)).toBe(a.id);
      expect(await row(b.id)).toMatchObject({ mergedIntoId: a.id, active: false, version: 2 });
      const [merge] = await db().select().from(customerMerges).where(eq(customerMerges.id, res.body.merge.id));
      expect(merge!.moved).toMatchObject({ units: [unitB], contacts: [contactId], serviceRequests: [requestId] });
      expect((await eventsOf(a.id)).at(-1)).toMatchObject({
        action: 'customer.merged',
        orgPath: unit['O-GD-01']!.path,
      });
      expect((await eventsOf(a.id)).at(-1)!.changes.mergedFrom).toEqual({ before: null, after: b.code });
      expect((await eventsOf(b.id)).at(-1)).toMatchObject({ action: 'customer.merged_into' });
      // The merged record leaves lists and refuses writes, but still reads by id.
      expect((await hotline.get('/api/customers?q=14700147100')).body.items.map((c: { id: string }) => c.id)).toEqual([
        a.id,
      ]);
      expect((await hotline.get(`/api/customers/${b.id}`)).body.mergedIntoId).toBe(a.id);
      expect((await hotline.patch(`/api/customers/${b.id}`, { version: 2, name: 'x' })).body.code).toBe(
        'customer.merged',
      );
      expect((await hotline.post(`/api/customers/${a.id}/merge`, { otherId: b.id, version: 2 })).body.code).toBe(
        'customer.merged',
      );

      // Undo: an administrator's repair.
      const url = `/api/customers/merges/${res.body.merge.id}/undo`;
      expect((await hotline.post(url)).body.code).toBe('auth.forbidden');
      expect((await (await t.login('manager')).post(url)).body.code).toBe('auth.forbidden');
      const undo = await admin.post(url);
      expect(undo.status, JSON.stringify(undo.body)).toBe(200);
      expect(undo.body.merge.undoneAt).not.toBeNull();
      expect(undo.body.customer).toMatchObject({
        email: null,
        tags: ['老客户'],
        firstContactAt: null,
        unitCount: 0,
        version: 3,
      });
      expect(await phonesOf(b.id)).toEqual(bPhones);
      expect((await phonesOf(a.id)).map((p) => p.number)).toEqual(['14700147100']);
      expect(
        (await db().select().from(customerAddresses).where(eq(customerAddresses.customerId, b.id)))[0],
      ).toMatchObject({
        districtCode: '440104',
        isPrimary: true,
      });
      expect((await db().select().from(units).where(eq(units.id, unitB)))[0]!.customerId).toBe(b.id);
      expect(await owner('contacts', contactId)).toBe(b.id);
      expect(await owner('service_requests', requestId)).toBe(b.id);
      expect(await row(b.id)).toMatchObject({ mergedIntoId: null, active: true, version: 3 });
      expect((await eventsOf(a.id)).at(-1)).toMatchObject({ action: 'customer.merge_undone', actorName: '管理员' });
      expect((await eventsOf(b.id)).at(-1)).toMatchObject({ action: 'customer.unmerged' });
      const again = await admin.post(url);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('customer.merge_undone');
      // When, in the company zone: never a UTC ISO string.
      expect(again.body.detail).toMatch(/^该合并已于\d{4}-\d{2}-\d{2} \d{2}:\d{2}撤销$/);
      expect((await admin.post(`/api/customers/merges/${crypto.randomUUID()}/undo`)).status).toBe(404);
    });

    it('does not merge across areas the actor cannot see', async () => {
      const gd02 = await t.login('gd02.manager');
      const li = (await db().select().from(customers).where(eq(customers.name, '欧娜')))[0]!;
      const zhang = (await db().select().from(customers).where(eq(customers.code, 'C2611230001')))[0]!;
      const res = await gd02.post(`/api/customers/${li.id}/merge`, { otherId: zhang.id, version: li.version });
      expect(res.status).toBe(404);
      expect((await row(zhang.id)).mergedIntoId).toBeNull();
    });
  });

  describe('archive completeness (seed 001)', () => {
    it('lists archives still incomplete two days after first contact, and the list filter agrees with the rule', async () => {
      t.clock.set('2026-12-01T02:00:00Z');
      hotline = await t.login('hotline'); // sessions expire while the clock moves on
      admin = await t.login('admin');
      const created = await create(hotline, {
        name: '完整档案',
        phones: [{ number: '16600166200' }],
        addresses: [TIANHE],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const full = created.body;
      await addUnit(full.id, 'SN-FULL');
      const dongguan = (
        await create(hotline, {
          name: '东莞客户',
          phones: [{ number: '16600166201' }],
          addresses: [{ provinceCode: '440000', cityCode: '441900', districtCode: null, detail: '南城街道 1 号' }],
        })
      ).body;
      await addUnit(dongguan.id, 'SN-DG');
      const lacking = (
        await create(hotline, { name: '缺产品', phones: [{ number: '16600166202' }], addresses: [TIANHE] })
      ).body;
      const fresh = (await create(hotline, { name: '刚来电', phones: [{ number: '16600166203' }] })).body;
      for (const c of [full, dongguan, lacking]) await markFirstContact(db(), c.id, new Date('2026-11-28T00:00:00Z'));
      await markFirstContact(db(), fresh.id, new Date('2026-11-30T12:00:00Z'));
      // A second contact does not move the first.
      await markFirstContact(db(), lacking.id, new Date('2026-11-30T00:00:00Z'));

      const one = (await hotline.get(`/api/customers/${lacking.id}`)).body;
      expect(one).toMatchObject({
        archiveComplete: false,
        archiveMissing: ['unit'],
        archiveDueAt: '2026-11-30T00:00:00.000Z',
        archiveOverdue: true,
        firstContactAt: '2026-11-28T00:00:00.000Z',
      });
      expect((await hotline.get(`/api/customers/${dongguan.id}`)).body.archiveComplete).toBe(true);

      const due = await hotline.get('/api/customers/incomplete-archives?pageSize=100');
      expect(due.status).toBe(200);
      const ids = await allIds(hotline, '/api/customers/incomplete-archives');
      expect(ids).toContain(lacking.id);
      expect(ids).not.toContain(full.id);
      expect(ids).not.toContain(dongguan.id);
      expect(ids).not.toContain(fresh.id); // not yet due
      expect(due.body.items.every((c: { archiveOverdue: boolean }) => c.archiveOverdue)).toBe(true);
      expect(await allIds(await t.login('gd02.manager'), '/api/customers/incomplete-archives')).not.toContain(
        lacking.id,
      );

      // The SQL filter and the pure rule agree on every customer.
      const incomplete = (await hotline.get('/api/customers?incomplete=true&pageSize=100&includeInactive=true')).body
        .items;
      const complete = (await hotline.get('/api/customers?incomplete=false&pageSize=100&includeInactive=true')).body
        .items;
      expect(incomplete.every((c: { archiveComplete: boolean }) => !c.archiveComplete)).toBe(true);
      expect(complete.every((c: { archiveComplete: boolean }) => c.archiveComplete)).toBe(true);
      const completeIds = complete.map((c: { id: string }) => c.id);
      expect(completeIds).toEqual(expect.arrayContaining([full.id, dongguan.id]));
      expect(completeIds).not.toContain(lacking.id);

      // The allowed days are a setting.
      await admin.put('/api/settings/customers.archiveDueDays', { value: 5 });
      expect((await hotline.get(`/api/customers/${lacking.id}`)).body).toMatchObject({
        archiveDueAt: '2026-12-03T00:00:00.000Z',
        archiveOverdue: false,
      });
      expect(await allIds(hotline, '/api/customers/incomplete-archives')).not.toContain(lacking.id);
    });
  });
});
