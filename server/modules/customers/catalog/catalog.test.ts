import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../../platform/events/index.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { modelParts, parts as partsTable, productModels } from '../tables.js';
import { ensureCatalogSearchKeys } from './commands.js';

describe('product catalog API', () => {
  let t: TestApp;
  let manager: Agent; // HQ manager: catalog.manage
  let hotline: Agent; // customers.read, no catalog.manage
  const ids: Record<string, string> = {};

  const eventsOf = (entity: string, id: string) =>
    t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entity, entity), eq(events.entityId, id)))
      .orderBy(asc(events.id));

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    manager = await t.login('manager');
    hotline = await t.login('hotline');
  });
  afterAll(() => t.close());

  it('creates product lines with upper-case codes, audited company-wide, and refuses duplicates', async () => {
    const res = await manager.post('/api/catalog/lines', {
      code: 'washer-auto',
      name: '全自动洗衣机',
      category: 'washer',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'WASHER-AUTO',
      name: '全自动洗衣机',
      nameEn: null,
      active: true,
      version: 1,
      modelCount: 0,
    });
    expect(res.headers.etag).toBe('"1"');
    ids.line = res.body.id;
    const [ev] = await eventsOf('product_line', ids.line!);
    expect(ev).toMatchObject({ action: 'product_line.created', orgPath: null, actorName: '售后经理 周总' });
    expect(ev!.changes.code).toEqual({ before: null, after: 'WASHER-AUTO' });

    const dup = await manager.post('/api/catalog/lines', { code: 'Washer-Auto', name: '重复', category: 'washer' });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].path).toBe('body.code');
    const bad = await manager.post('/api/catalog/lines', { code: 'x y', name: '', category: 'toaster' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.category',
      'body.code',
      'body.name',
    ]);

    const boat = await manager.post('/api/catalog/lines', {
      code: 'BOAT',
      name: '游艇',
      nameEn: 'Boats',
      category: 'boat',
    });
    ids.boat = boat.body.id;
  });

  it('lets only catalog.manage write, and customers.read or orders.read read', async () => {
    const denied = await hotline.post('/api/catalog/lines', { code: 'X1', name: '某', category: 'other' });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('auth.forbidden');
    expect((await hotline.get('/api/catalog/lines')).status).toBe(200);
    expect((await (await t.login('parts')).get('/api/catalog/lines')).status).toBe(200); // orders.read only
    // Finance without orders.read holds neither reading right.
    const admin = await t.login('admin');
    const finance = (await admin.get('/api/roles')).body.items.find((r: { code: string }) => r.code === 'finance');
    await admin.put('/api/roles/finance/permissions', {
      permissions: finance.permissions.filter((p: string) => p !== 'orders.read'),
      version: finance.version,
    });
    const none = await (await t.login('finance')).get('/api/catalog/models');
    expect(none.status).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/catalog/parts' })).status).toBe(401);
  });

  it('creates models under an active line and finds them by line, usage and code or name prefix', async () => {
    const a = await manager.post('/api/catalog/models', {
      lineId: ids.line,
      code: 'xqb80-1508',
      name: '全自动波轮洗衣机 8公斤',
      usageKinds: ['household'],
      maintenanceDays: 180,
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      code: 'XQB80-1508',
      lineCode: 'WASHER-AUTO',
      lineCategory: 'washer',
      usageKinds: ['household'],
      maintenanceDays: 180,
      maintenanceHours: null,
      parts: [],
      partCount: 0,
    });
    ids.model = a.body.id;
    const b = await manager.post('/api/catalog/models', {
      lineId: ids.line,
      code: 'XQG100-C',
      name: '商用滚筒洗衣机',
      usageKinds: ['household', 'commercial'],
    });
    ids.model2 = b.body.id;
    const e = await manager.post('/api/catalog/models', {
      lineId: ids.boat,
      code: 'HULL-7M',
      name: '7米玻璃钢艇体',
      usageKinds: ['commercial'],
      maintenanceHours: 200,
    });
    ids.hull = e.body.id;

    const byLine = await hotline.get(`/api/catalog/models?lineId=${ids.line}`);
    expect(byLine.body.items.map((m: { code: string }) => m.code)).toEqual(['XQB80-1508', 'XQG100-C']);
    expect(byLine.body.total).toBe(2);
    expect((await hotline.get('/api/catalog/models?q=xqg')).body.items.map((m: { code: string }) => m.code)).toEqual([
      'XQG100-C',
    ]);
    const byName = await hotline.get(`/api/catalog/models?q=${encodeURIComponent('商用')}`);
    expect(byName.body.items.map((m: { code: string }) => m.code)).toEqual(['XQG100-C']);
    const commercial = await hotline.get('/api/catalog/models?usage=commercial');
    expect(commercial.body.items.map((m: { code: string }) => m.code)).toEqual(['HULL-7M', 'XQG100-C']);
    expect(
      (await hotline.get('/api/catalog/lines')).body.items.find((l: { id: string }) => l.id === ids.line).modelCount,
    ).toBe(2);

    const unknownLine = await manager.post('/api/catalog/models', {
      lineId: crypto.randomUUID(),
      code: 'ZZ',
      name: '某',
      usageKinds: ['household'],
    });
    expect(unknownLine.status).toBe(400);
    expect(unknownLine.body).toMatchObject({ code: 'catalog.unknown_line', errors: [{ path: 'body.lineId' }] });
    const noUsage = await manager.post('/api/catalog/models', {
      lineId: ids.line,
      code: 'ZZ',
      name: '某',
      usageKinds: [],
    });
    expect(noUsage.body.errors[0].path).toBe('body.usageKinds');
  });

  it('edits with versions: 409 naming who changed it, and no event when nothing changes', async () => {
    const ok = await manager.patch(`/api/catalog/models/${ids.model}`, { name: '全自动波轮洗衣机 8kg', version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await manager.patch(`/api/catalog/models/${ids.model}`, { name: '旧', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('entity.version_conflict');
    expect(stale.body.detail).toContain('售后经理 周总');
    const same = await manager.patch(`/api/catalog/models/${ids.model}`, { name: '全自动波轮洗衣机 8kg', version: 2 });
    expect(same.body.version).toBe(2);
    expect(await eventsOf('product_model', ids.model!)).toHaveLength(2);
    expect((await manager.get(`/api/catalog/models/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('replaces a parts list, marking main parts; names unknown and duplicate parts by index', async () => {
    const motor = await manager.post('/api/catalog/parts', { code: 'm-500w', name: '电机 500W', nameEn: 'Motor' });
    expect(motor.status).toBe(201);
    expect(motor.body).toMatchObject({ code: 'M-500W', usedIn: [], version: 1 });
    const pcb = await manager.post('/api/catalog/parts', { code: 'PCB-A1', name: '电脑板' });
    const belt = await manager.post('/api/catalog/parts', { code: 'BELT-1', name: '皮带' });
    ids.motor = motor.body.id;
    ids.pcb = pcb.body.id;
    ids.belt = belt.body.id;

    const bom = await manager.put(`/api/catalog/models/${ids.model}/bom`, {
      items: [
        { partId: ids.pcb, quantity: 1, isMain: true },
        { partId: ids.motor, isMain: true },
        { partId: ids.belt, quantity: 2 },
      ],
      version: 2,
    });
    expect(bom.status).toBe(200);
    expect(bom.body.version).toBe(3);
    expect(bom.body.partCount).toBe(3);
    expect(
      bom.body.parts.map((p: { code: string; isMain: boolean; quantity: number }) => [p.code, p.isMain, p.quantity]),
    ).toEqual([
      ['M-500W', true, 1],
      ['PCB-A1', true, 1],
      ['BELT-1', false, 2],
    ]);
    const [, , ev] = await eventsOf('product_model', ids.model!);
    expect(ev).toMatchObject({ action: 'product_model.bom_replaced', orgPath: null });
    expect((ev!.changes.bom!.after as unknown[]).length).toBe(3);

    const unknown = crypto.randomUUID();
    const bad = await manager.put(`/api/catalog/models/${ids.model}/bom`, {
      items: [{ partId: ids.motor }, { partId: unknown }, { partId: ids.motor }],
      version: 3,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('catalog.unknown_part');
    expect(bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['body.items.1.partId', 'catalog.unknown_part'],
      ['body.items.2.partId', 'catalog.duplicate_part'],
    ]);
    expect((await t.database.db.select().from(modelParts).where(eq(modelParts.modelId, ids.model!))).length).toBe(3);
    const stale = await manager.put(`/api/catalog/models/${ids.model}/bom`, { items: [], version: 2 });
    expect(stale.status).toBe(409);

    const part = await hotline.get(`/api/catalog/parts/${ids.motor}`);
    expect(part.body.usedIn).toEqual([
      { modelId: ids.model, code: 'XQB80-1508', name: '全自动波轮洗衣机 8kg', quantity: 1, isMain: true },
    ]);
    // 'p' is the start of PCB-A1's code and the pinyin initial of 皮带 (pi dai): code prefix first.
    const parts = await hotline.get('/api/catalog/parts?q=p');
    expect(parts.body.items.map((p: { code: string }) => p.code)).toEqual(['PCB-A1', 'BELT-1']);
    // Anywhere in the name, by pinyin initials, and code prefixes first.
    const found = async (q: string) =>
      (await hotline.get(`/api/catalog/parts?q=${encodeURIComponent(q)}`)).body.items.map(
        (p: { code: string }) => p.code,
      );
    expect(await found('机')).toEqual(['M-500W']);
    expect(await found('DJ')).toEqual(['M-500W']);
    expect(await found('dnb')).toEqual(['PCB-A1']);
    expect(await found('脑')).toEqual(['PCB-A1']);
    expect(await found('motor')).toEqual(['M-500W']);
    expect(await found('%')).toEqual([]);
    // Parts written before the key existed are found by code and name, and by initials once the start-up pass ran.
    await t.database.db.update(partsTable).set({ searchKey: null });
    expect(await found('dnb')).toEqual([]);
    expect(await found('脑')).toEqual(['PCB-A1']);
    expect(await ensureCatalogSearchKeys(t.database.db)).toBeGreaterThanOrEqual(3);
    expect(await found('dnb')).toEqual(['PCB-A1']);
    expect(await ensureCatalogSearchKeys(t.database.db)).toBe(0);
  });

  it('deactivates instead of deleting: parts stay on lists, lines keep their models', async () => {
    const off = await manager.post(`/api/catalog/parts/${ids.belt}/deactivate`, { version: 1, reason: '停产' });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await hotline.get('/api/catalog/parts')).body.items.map((p: { code: string }) => p.code)).not.toContain(
      'BELT-1',
    );
    expect((await hotline.get('/api/catalog/parts?includeInactive=true')).body.total).toBe(3);
    // Still on the model that held it; re-saving that list keeps it, adding it elsewhere is refused.
    const keep = await manager.put(`/api/catalog/models/${ids.model}/bom`, {
      items: [{ partId: ids.belt, quantity: 3 }],
      version: 3,
    });
    expect(keep.status).toBe(200);
    const elsewhere = await manager.put(`/api/catalog/models/${ids.model2}/bom`, {
      items: [{ partId: ids.belt }],
      version: 1,
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors).toMatchObject([{ path: 'body.items.0.partId', code: 'catalog.inactive_part' }]);

    const line = await manager.post(`/api/catalog/lines/${ids.boat}/deactivate`, { version: 1 });
    expect(line.status).toBe(409);
    expect(line.body.code).toBe('catalog.line_has_active_models');
    expect((await manager.post(`/api/catalog/models/${ids.hull}/deactivate`, { version: 1 })).status).toBe(200);
    const lineOff = await manager.post(`/api/catalog/lines/${ids.boat}/deactivate`, { version: 1 });
    expect(lineOff.body).toMatchObject({ active: false, version: 2 });
    const modelOn = await manager.post(`/api/catalog/models/${ids.hull}/activate`, { version: 2 });
    expect(modelOn.status).toBe(409);
    expect(modelOn.body.code).toBe('catalog.inactive');
    const [hull] = await t.database.db.select().from(productModels).where(eq(productModels.id, ids.hull!));
    expect(hull!.active).toBe(false);
    expect((await eventsOf('product_line', ids.boat!)).map((e) => e.action)).toEqual([
      'product_line.created',
      'product_line.deactivated',
    ]);
  });
});
