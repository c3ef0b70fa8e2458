import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS } from '../../../../shared/permissions.js';
import { systemCtx } from '../../../platform/context.js';
import { events } from '../../../platform/events/index.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { findModelByCode, findUnitForPortal, listUnitsOfCustomer, reassignUnitsOrgPath } from '../index.js';
import { customerAddresses, customerPhones, customers, productLines, productModels, units } from '../tables.js';

describe('installed base API', () => {
  let t: TestApp;
  let hotline: Agent; // HQ: customers.read + customers.manage
  let gd01: Agent; // outlet manager of O-GD-01: customers.read
  const paths: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const unitRow = async (id: string) => (await t.database.db.select().from(units).where(eq(units.id, id)))[0]!;
  const eventsOf = (id: string) =>
    t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entity, 'unit'), eq(events.entityId, id)))
      .orderBy(asc(events.id));

  async function customer(key: string, outlet: string, extra: Partial<typeof customers.$inferInsert> = {}) {
    const [c] = await t.database.db
      .insert(customers)
      .values({ code: `C-${key}`, kind: 'individual', name: `客户${key}`, orgPath: paths[outlet]!, ...extra })
      .returning();
    ids[key] = c!.id;
    return c!.id;
  }

  /** Moves the clock (sessions expire across such jumps, so both sign in again). */
  async function at(time: string) {
    t.clock.set(time);
    hotline = await t.login('hotline');
    gd01 = await t.login('gd01.manager');
  }

  const unitBody = (over: Record<string, unknown> = {}) => ({
    modelId: ids.washer,
    serialNo: 'SN0001',
    customerId: ids.zhang,
    usage: 'household',
    purchaseDate: '2026-03-01',
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const db = t.database.db;
    for (const u of await db.select({ code: orgUnits.code, path: orgUnits.path }).from(orgUnits))
      paths[u.code] = u.path;
    const [line] = await db
      .insert(productLines)
      .values({ code: 'WASHER', name: '洗衣机', category: 'washer' })
      .returning();
    const models = await db
      .insert(productModels)
      .values([
        { lineId: line!.id, code: 'XQB80', name: '波轮洗衣机', usageKinds: ['household'] },
        { lineId: line!.id, code: 'XQG120-C', name: '商用滚筒', usageKinds: ['household', 'commercial'] },
        { lineId: line!.id, code: 'OLD-1', name: '停产型号', usageKinds: ['household'], active: false },
      ])
      .returning();
    ids.washer = models[0]!.id;
    ids.commercial = models[1]!.id;
    ids.old = models[2]!.id;
    await customer('zhang', 'O-GD-01', { name: '张三丰' });
    await customer('li', 'O-GD-02', { name: '李四' });
    await customer('gone', 'O-GD-01', { active: false });
    const [addr] = await db
      .insert(customerAddresses)
      .values([
        { customerId: ids.zhang!, provinceCode: '440000', cityCode: '440100', detail: '天河路1号', isPrimary: true },
        { customerId: ids.li!, provinceCode: '440000', detail: '南山大道2号' },
      ])
      .returning();
    ids.zhangAddr = addr!.id;
    await db.insert(customerPhones).values([
      { customerId: ids.zhang!, number: '13800138000', kind: 'mobile', isPrimary: true },
      { customerId: ids.zhang!, number: '02088886666', kind: 'landline' },
    ]);
    hotline = await t.login('hotline');
    gd01 = await t.login('gd01.manager');
  });
  afterAll(() => t.close());

  it('registers a unit: serial normalised, area copied from the owner, audited', async () => {
    const res = await hotline.post(
      '/api/units',
      unitBody({
        serialNo: ' sn 0001 ',
        invoiceNo: 'FP-88',
        invoiceDate: '2026-03-02',
        purchasePriceFen: 259_900,
        installedOn: '2026-03-05',
        acceptedOn: '2026-03-05',
        sellerChannel: '苏宁天河店',
        addressId: ids.zhangAddr,
        location: '阳台',
      }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      serialNo: 'SN0001',
      status: 'active',
      usage: 'household',
      purchaseDate: '2026-03-01',
      purchasePriceFen: 259_900,
      model: { code: 'XQB80', usageKinds: ['household'] },
      line: { code: 'WASHER', category: 'washer' },
      customer: { id: ids.zhang, name: '张三丰', kind: 'individual' },
      address: { id: ids.zhangAddr, detail: '天河路1号' },
      replaces: null,
      replacedBy: null,
      orgPath: paths['O-GD-01'],
    });
    expect(res.body.history).toMatchObject([{ action: 'unit.created', actorName: '接线员 小王' }]);
    ids.unit = res.body.id;
    const [ev] = await eventsOf(ids.unit!);
    expect(ev).toMatchObject({ orgPath: paths['O-GD-01'] });
    expect(ev!.changes.serialNo).toEqual({ before: null, after: 'SN0001' });
    const negative = await hotline.post('/api/units', unitBody({ serialNo: 'SN-NEG', purchasePriceFen: -1 }));
    expect(negative.status).toBe(400);
    expect(negative.body.errors).toMatchObject([{ path: 'body.purchasePriceFen' }]);
  });

  it('keeps serials unique per model, naming the field', async () => {
    const dup = await hotline.post('/api/units', unitBody({ serialNo: 'sn0001', customerId: ids.li }));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({
      code: 'unit.duplicate_serial',
      errors: [{ path: 'body.serialNo', code: 'unit.duplicate_serial' }],
    });
    expect(dup.body.detail).toBe('型号XQB80下已有序列号SN0001的产品');
    const other = await hotline.post('/api/units', unitBody({ modelId: ids.commercial, customerId: ids.li }));
    expect(other.status).toBe(201);
    ids.liUnit = other.body.id;
    expect(other.body.orgPath).toBe(paths['O-GD-02']);
    const bad = await hotline.post('/api/units', unitBody({ serialNo: 'SN#1' }));
    expect(bad.body).toMatchObject({ status: 400, code: 'unit.invalid_serial', errors: [{ path: 'body.serialNo' }] });
  });

  it('checks usage, model, owner and address', async () => {
    const usage = await hotline.post('/api/units', unitBody({ serialNo: 'U1', usage: 'commercial' }));
    expect(usage.status).toBe(400);
    expect(usage.body).toMatchObject({ code: 'unit.usage_not_allowed', errors: [{ path: 'body.usage' }] });
    const model = await hotline.post('/api/units', unitBody({ serialNo: 'U1', modelId: crypto.randomUUID() }));
    expect(model.body).toMatchObject({
      status: 400,
      code: 'catalog.unknown_model',
      errors: [{ path: 'body.modelId' }],
    });
    const gone = await hotline.post('/api/units', unitBody({ serialNo: 'U1', customerId: ids.gone }));
    expect(gone.body).toMatchObject({
      status: 409,
      code: 'unit.customer_inactive',
      errors: [{ path: 'body.customerId' }],
    });
    const nobody = await hotline.post('/api/units', unitBody({ serialNo: 'U1', customerId: crypto.randomUUID() }));
    expect(nobody.body).toMatchObject({
      status: 403,
      code: 'auth.out_of_scope',
      errors: [{ path: 'body.customerId' }],
    });
    const addr = await hotline.post(
      '/api/units',
      unitBody({ serialNo: 'U1', customerId: ids.li, addressId: ids.zhangAddr }),
    );
    expect(addr.body).toMatchObject({
      status: 400,
      code: 'unit.address_not_of_customer',
      errors: [{ path: 'body.addressId' }],
    });
    // A discontinued model may still be registered: the installed base holds old units.
    const old = await hotline.post(
      '/api/units',
      unitBody({ serialNo: 'OLD001', modelId: ids.old, purchaseDate: '2019-05-01' }),
    );
    expect(old.status).toBe(201);
    expect((await t.database.db.select().from(units)).length).toBe(3);
  });

  it('refuses dates in the future by the company calendar, and dates out of order', async () => {
    // 23:59:59 on 23 Nov in Shanghai: the 24th is still tomorrow.
    await at('2026-11-23T15:59:59Z');
    const early = await hotline.post('/api/units', unitBody({ serialNo: 'D1', purchaseDate: '2026-11-24' }));
    expect(early.body).toMatchObject({ code: 'unit.date_in_future', errors: [{ path: 'body.purchaseDate' }] });
    // 00:00:01 on the 24th in Shanghai, still the 23rd in UTC: the 24th is today.
    await at('2026-11-23T16:00:01Z');
    const today = await hotline.post('/api/units', unitBody({ serialNo: 'D1', purchaseDate: '2026-11-24' }));
    expect(today.status).toBe(201);
    const order = await hotline.post(
      '/api/units',
      unitBody({
        serialNo: 'D2',
        purchaseDate: '2026-05-10',
        invoiceDate: '2026-05-01',
        installedOn: '2026-05-09',
        acceptedOn: '2026-05-11',
      }),
    );
    expect(order.status).toBe(400);
    expect(order.body.code).toBe('unit.date_order');
    expect(order.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.invoiceDate', 'body.installedOn']);
    const notDate = await hotline.post('/api/units', unitBody({ serialNo: 'D2', purchaseDate: '2026-13-01' }));
    expect(notDate.body.errors[0].path).toBe('body.purchaseDate');
    await at('2026-11-23T02:00:00Z');
  });

  it('lists units of my area by serial, customer, model and status', async () => {
    const all = await hotline.get('/api/units');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 4, totalCapped: false, page: 1, pageSize: 20 });
    expect(all.body.items.map((u: { serialNo: string }) => u.serialNo)).toEqual(['D1', 'OLD001', 'SN0001', 'SN0001']);
    expect(all.body.items.find((u: { id: string }) => u.id === ids.unit)).toMatchObject({
      modelCode: 'XQB80',
      modelName: '波轮洗衣机',
      customerName: '张三丰',
      status: 'active',
    });
    const prefix = await hotline.get('/api/units?q=sn%2000');
    expect(prefix.body.items.map((u: { modelCode: string }) => u.modelCode).sort()).toEqual(['XQB80', 'XQG120-C']);
    expect((await hotline.get(`/api/units?q=SN0001&modelId=${ids.commercial}`)).body.total).toBe(1);
    expect((await hotline.get(`/api/units?customerId=${ids.li}`)).body.items.map((u: { id: string }) => u.id)).toEqual([
      ids.liUnit,
    ]);
    expect((await hotline.get('/api/units?status=scrapped')).body.total).toBe(0);
    expect((await hotline.get('/api/units?q=%25')).body.total).toBe(0);

    const outlet = await gd01.get('/api/units?pageSize=200');
    expect(outlet.body.total).toBe(3);
    expect(outlet.body.items.map((u: { id: string }) => u.id)).not.toContain(ids.liUnit);
    expect((await gd01.get(`/api/units?customerId=${ids.li}`)).body.total).toBe(0);
  });

  it('finds units by exact serial within my area, else 404', async () => {
    const both = await hotline.get('/api/units/by-serial/sn0001');
    expect(both.status).toBe(200);
    expect(both.body.items).toHaveLength(2);
    const one = await hotline.get(`/api/units/by-serial/SN0001?modelId=${ids.commercial}`);
    expect(one.body.items.map((u: { id: string }) => u.id)).toEqual([ids.liUnit]);
    const mine = await gd01.get('/api/units/by-serial/SN0001');
    expect(mine.body.items.map((u: { id: string }) => u.id)).toEqual([ids.unit]);
    const foreign = await gd01.get(`/api/units/by-serial/SN0001?modelId=${ids.commercial}`);
    expect(foreign.status).toBe(404);
    expect((await hotline.get('/api/units/by-serial/SN00')).status).toBe(404);
    expect((await gd01.get(`/api/units/${ids.liUnit}`)).status).toBe(404);
    expect((await gd01.get(`/api/units/${ids.unit}`)).status).toBe(200);
  });

  it('corrects facts with versions, re-checking what changed', async () => {
    const ok = await hotline.patch(`/api/units/${ids.unit}`, { location: '卫生间', version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ location: '卫生间', version: 2 });
    const stale = await hotline.patch(`/api/units/${ids.unit}`, { location: '厨房', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('接线员 小王');
    const dup = await hotline.patch(`/api/units/${ids.unit}`, { serialNo: 'old001', modelId: ids.old, version: 2 });
    expect(dup.body).toMatchObject({ code: 'unit.duplicate_serial', errors: [{ path: 'body.serialNo' }] });
    const dates = await hotline.patch(`/api/units/${ids.unit}`, { installedOn: '2026-02-01', version: 2 });
    expect(dates.body).toMatchObject({ code: 'unit.date_order', errors: [{ path: 'body.installedOn' }] });
    const gd01Write = await gd01.patch(`/api/units/${ids.unit}`, { location: 'x', version: 2 });
    expect(gd01Write.status).toBe(403);
    expect((await unitRow(ids.unit!)).version).toBe(2);
  });

  it('changes status along the allowed transitions, with a reason', async () => {
    const recalled = await hotline.post(`/api/units/${ids.unit}/status`, {
      status: 'recalled',
      reason: '批次召回',
      version: 2,
    });
    expect(recalled.status).toBe(200);
    expect(recalled.body).toMatchObject({ status: 'recalled', version: 3 });
    const back = await hotline.post(`/api/units/${ids.unit}/status`, {
      status: 'active',
      reason: '召回检修完成',
      version: 3,
    });
    expect(back.body.status).toBe('active');
    const replaced = await hotline.post(`/api/units/${ids.unit}/status`, {
      status: 'replaced',
      reason: 'x',
      version: 4,
    });
    expect(replaced.body).toMatchObject({ status: 409, code: 'unit.replace_via_exchange' });
    const noReason = await hotline.post(`/api/units/${ids.unit}/status`, {
      status: 'scrapped',
      reason: ' ',
      version: 4,
    });
    expect(noReason.body.errors[0].path).toBe('body.reason');
    const history = await eventsOf(ids.unit!);
    expect(history.map((e) => [e.action, e.reason])).toEqual([
      ['unit.created', null],
      ['unit.updated', null],
      ['unit.status_changed', '批次召回'],
      ['unit.status_changed', '召回检修完成'],
    ]);
  });

  it('exchanges a unit: the new one restarts its warranty today and both are linked', async () => {
    await at('2026-11-23T16:30:00Z'); // 00:30 on the 24th in Shanghai
    const res = await hotline.post(`/api/units/${ids.unit}/replace`, {
      newSerialNo: 'sn-new-1',
      newModelId: ids.commercial,
      reason: '三次维修未修好，换机',
      version: 4,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      serialNo: 'SN-NEW-1',
      model: { code: 'XQG120-C' },
      purchaseDate: '2026-11-24',
      invoiceDate: null,
      usage: 'household',
      customer: { id: ids.zhang },
      address: { id: ids.zhangAddr },
      location: '卫生间',
      status: 'active',
      replaces: { id: ids.unit, serialNo: 'SN0001', modelCode: 'XQB80', status: 'replaced' },
      replacedBy: null,
    });
    const newId = res.body.id;
    const old = await unitRow(ids.unit!);
    expect(old).toMatchObject({ status: 'replaced', replacedById: newId, version: 5 });
    const detail = await gd01.get(`/api/units/${ids.unit}`);
    expect(detail.body.replacedBy).toEqual({
      id: newId,
      serialNo: 'SN-NEW-1',
      modelCode: 'XQG120-C',
      status: 'active',
    });
    expect(detail.body.history[0]).toMatchObject({ action: 'unit.replaced', reason: '三次维修未修好，换机' });
    expect(detail.body.history.map((h: { action: string }) => h.action)).toHaveLength(5);
    const [created] = await eventsOf(newId);
    expect(created).toMatchObject({
      action: 'unit.created',
      reason: '三次维修未修好，换机',
      orgPath: paths['O-GD-01'],
    });

    const again = await hotline.post(`/api/units/${ids.unit}/replace`, { newSerialNo: 'X2', reason: 'r', version: 5 });
    expect(again.body).toMatchObject({ status: 409, code: 'unit.status_transition' });
    expect(again.body.detail).toBe('产品状态不能从“已换机”改为“已换机”');
    const dupSerial = await hotline.post(`/api/units/${newId}/replace`, {
      newSerialNo: 'SN0001',
      reason: 'r',
      version: 1,
    });
    expect(dupSerial.body).toMatchObject({ code: 'unit.duplicate_serial', errors: [{ path: 'body.newSerialNo' }] });
    const discontinued = await hotline.post(`/api/units/${newId}/replace`, {
      newSerialNo: 'Z9',
      newModelId: ids.old,
      reason: 'r',
      version: 1,
    });
    expect(discontinued.body).toMatchObject({ code: 'catalog.inactive', errors: [{ path: 'body.newModelId' }] });
    expect((await t.database.db.select().from(units)).length).toBe(5);
    await at('2026-11-23T02:00:00Z');
  });

  it('gives a label with the portal link and the owner masked', async () => {
    const res = await hotline.request('GET', `/api/units/${ids.liUnit}/label`, undefined, {
      host: 'service.example.cn',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      url: 'http://service.example.cn/portal/report?model=XQG120-C&serial=SN0001',
      model: 'XQG120-C',
      serial: 'SN0001',
      customerNameMasked: '李*',
    });
    expect((await gd01.get(`/api/units/${ids.liUnit}/label`)).status).toBe(404);
  });

  it('lets an outlet with customers.manage register units only for its own customers', async () => {
    const admin = await t.login('admin');
    const role = (await admin.get('/api/roles')).body.items.find((r: { code: string }) => r.code === 'outlet_manager');
    await admin.put('/api/roles/outlet_manager/permissions', { permissions: ALL_PERMISSIONS, version: role.version });
    const outlet = await t.login('gd01.manager');
    const foreign = await outlet.post('/api/units', unitBody({ serialNo: 'G1', customerId: ids.li }));
    expect(foreign.body).toMatchObject({
      status: 403,
      code: 'auth.out_of_scope',
      errors: [{ path: 'body.customerId' }],
    });
    const own = await outlet.post('/api/units', unitBody({ serialNo: 'G1' }));
    expect(own.status).toBe(201);
    const theirs = await outlet.post(`/api/units/${ids.liUnit}/status`, {
      status: 'scrapped',
      reason: 'x',
      version: 1,
    });
    expect(theirs.status).toBe(404);
    expect((await unitRow(ids.liUnit!)).status).toBe('active');
  });

  it('serves other modules: model by code, units of a customer, the portal lookup, area moves', async () => {
    const db = t.database.db;
    expect(await findModelByCode(db, ' xqg120-c ')).toMatchObject({ id: ids.commercial, code: 'XQG120-C' });
    expect(await findModelByCode(db, 'NOPE')).toBeNull();
    const portal = await findUnitForPortal(db, { modelCode: 'xqb80', serial: 'sn 0001' });
    expect(portal).toEqual({
      unitId: ids.unit,
      modelCode: 'XQB80',
      modelName: '波轮洗衣机',
      serialNo: 'SN0001',
      status: 'replaced',
      customerId: ids.zhang,
      phones: ['13800138000', '02088886666'],
    });
    expect(await findUnitForPortal(db, { serial: 'SN0001' })).toBeNull(); // two models share it
    expect((await findUnitForPortal(db, { serial: 'sn-new-1' }))?.modelCode).toBe('XQG120-C');
    expect(await findUnitForPortal(db, { serial: 'NOPE' })).toBeNull();

    const moved = await db.transaction((tx) => reassignUnitsOrgPath(tx, ids.li!, paths['O-GD-01']!));
    expect(moved).toBe(1);
    expect((await unitRow(ids.liUnit!)).orgPath).toBe(paths['O-GD-01']);
    const ctx = { ...systemCtx(db), actor: { ...systemCtx(db).actor } };
    expect((await listUnitsOfCustomer(ctx, ids.li!)).map((u) => u.id)).toEqual([ids.liUnit]);
  });
});
