import { desc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.js';
import { events } from '../../platform/events/index.js';
import { buildOrgUnit, buildUser } from '../../test/factories.js';
import { ADMIN, type Agent, createTestApp, DEMO_PASSWORD, type TestApp } from '../../test/harness.js';
import { exportDepotStock, exportLedger } from './export.js';
import { ensureDepotFor } from './index.js';

/*
 * The XLSX exports of a depot's stock list and of a part's ledger: the same rows as the lists,
 * within the reader's scope, every export recorded before the file goes out.
 */
describe('parts stock exports', () => {
  let t: TestApp;
  let admin: Agent;
  let managerA: Agent;
  let managerB: Agent;
  const users: Record<string, string> = {};
  const ids = {} as Record<'depotA' | 'depotB' | 'belt' | 'motor', string>;

  async function download(username: string, url: string) {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: username === ADMIN.username ? ADMIN.password : DEMO_PASSWORD },
    });
    const sid = login.cookies.find((c) => c.name === 'sanbao_sid')!.value;
    return t.app.inject({ method: 'GET', url, cookies: { sanbao_sid: sid } });
  }
  async function readXlsx(bytes: Buffer): Promise<string[][]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const rows: string[][] = [];
    const sheet = wb.worksheets[0]!;
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      rows.push(
        Array.from({ length: sheet.columnCount }, (_, i) => {
          const v = values[i + 1];
          return v instanceof Date ? v.toISOString() : String(v ?? '');
        }),
      );
    });
    return rows;
  }
  const lastExport = async () =>
    (await t.database.db.select().from(events).where(eq(events.action, 'export')).orderBy(desc(events.id)).limit(1))[0];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    const center = await buildOrgUnit(t, { kind: 'center' });
    const outletA = await buildOrgUnit(t, { kind: 'outlet', parentId: center.id });
    const outletB = await buildOrgUnit(t, {
      kind: 'outlet',
      parentId: center.id,
      districtCode: '440305',
      cityCode: '440300',
    });
    const mA = await buildUser(t, { roles: ['outlet_manager'], orgUnitId: outletA.id });
    const mB = await buildUser(t, { roles: ['outlet_manager'], orgUnitId: outletB.id });
    users.a = mA.username;
    users.b = mB.username;
    managerA = await t.login(mA.username);
    managerB = await t.login(mB.username);
    ids.depotA = (await ensureDepotFor(t.database.db, outletA.id)).id;
    ids.depotB = (await ensureDepotFor(t.database.db, outletB.id)).id;
    for (const [key, code, name] of [
      ['belt', 'BELT-X1', '皮带'],
      ['motor', 'MOTOR-X1', '电机'],
    ] as const) {
      const res = await admin.post('/api/catalog/parts', { code, name });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    }
    const move = async (body: Record<string, unknown>) => {
      const res = await managerA.post('/api/parts/movements', { depotId: ids.depotA, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    await move({ kind: 'receipt', partId: ids.belt, quantity: 12, note: '首批' });
    await move({ kind: 'receipt', partId: ids.motor, quantity: 3 });
    await move({ kind: 'scrap', partId: ids.belt, quantity: 2, note: '破损' });
    await move({ kind: 'transfer_out', partId: ids.belt, quantity: 4, toDepotId: ids.depotB });
    expect(
      (await managerA.put('/api/parts/reorder', { depotId: ids.depotA, partId: ids.belt, reorderPoint: 8 })).status,
    ).toBe(204);
  });
  afterAll(() => t.close());

  it("exports a depot's stock list as the list shows it, and records the export", async () => {
    const res = await download(users.a!, `/api/parts/depots/${ids.depotA}/stock.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('.xlsx');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]!.slice(0, 7)).toEqual(['配件编码', '配件名称', '品质', '在库', '预留', '可用', '在途']);
    expect(rows.slice(1).map((r) => r.slice(0, 10))).toEqual([
      ['BELT-X1', '皮带', '良品', '6', '0', '6', '0', '8', '', '是'],
      ['MOTOR-X1', '电机', '良品', '3', '0', '3', '0', '', '', ''],
    ]);
    const list = await managerA.get(`/api/parts/depots/${ids.depotA}/stock`);
    expect(rows.length - 1).toBe(list.body.total);
    const ev = await lastExport();
    expect(ev).toMatchObject({ entity: 'export', entityId: 'depot_stock' });
    expect(ev!.changes.rows?.after).toBe(2);

    // The list's filter applies to the file.
    const filtered = await readXlsx(
      (await download(users.a!, `/api/parts/depots/${ids.depotA}/stock.xlsx?q=MOTOR`)).rawPayload,
    );
    expect(filtered.slice(1).map((r) => r[0])).toEqual(['MOTOR-X1']);
  });

  it("exports a part's ledger newest first with the balance after each row", async () => {
    const res = await download(users.a!, `/api/parts/ledger.xlsx?depotId=${ids.depotA}&partId=${ids.belt}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain('BELT-X1');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toContain('结存');
    // kind, quantity, on hand after, …, other depot
    expect(rows.slice(1).map((r) => [r[2], r[4], r[5], r[9]])).toEqual([
      ['调拨出库', '-4', '6', expect.stringMatching(/^D-/)],
      ['报废', '-2', '10', ''],
      ['采购入库', '12', '12', ''],
    ]);
    expect(rows[1]![9]).not.toBe('');
    expect(rows[3]![13]).toBe('首批');
    expect(rows[3]![12]).not.toBe('');
    const ledger = await managerA.get(`/api/parts/ledger?depotId=${ids.depotA}&partId=${ids.belt}`);
    expect(ledger.body.items.map((r: { id: number }) => String(r.id))).toEqual(rows.slice(1).map((r) => r[0]));
    expect(ledger.body.items[0].peerDepotCode).toBe(rows[1]![9]);
    expect(ledger.body.items[2].actorName).toBe(rows[3]![12]);
    expect((await lastExport())?.entityId).toBe('stock_ledger');

    // In English for an English reader.
    const ctx = { ...systemCtx(t.database.db, { now: t.clock.now() }), lang: 'en' as const };
    const file = await exportLedger(ctx, { depotId: ids.depotA, partId: ids.belt });
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream) chunks.push(chunk as Buffer);
    const en = await readXlsx(Buffer.concat(chunks));
    expect([en[0]![2], en[1]![2]]).toEqual(['Kind', 'transfer out']);
    expect(file.fileName).toMatch(/^ledger-.*-BELT-X1-\d{8}\.xlsx$/);
  });

  it("answers 404 for another outlet's depot and refuses an export past the cap", async () => {
    const other = await download(users.b!, `/api/parts/depots/${ids.depotA}/stock.xlsx`);
    expect(other.statusCode).toBe(404);
    expect(JSON.parse(other.body).code).toBe('entity.not_found');
    const ledger = await download(users.b!, `/api/parts/ledger.xlsx?depotId=${ids.depotA}&partId=${ids.belt}`);
    expect(ledger.statusCode).toBe(404);
    const bad = await download(users.a!, '/api/parts/ledger.xlsx?depotId=nope');
    expect(bad.statusCode).toBe(400);
    const ctx = { ...systemCtx(t.database.db, { now: t.clock.now() }), lang: 'en' as const };
    await expect(exportDepotStock(ctx, ids.depotA, {}, { cap: 1 })).rejects.toMatchObject({
      code: 'export.too_many_rows',
    });
    expect((await managerB.get(`/api/parts/depots/${ids.depotB}/stock`)).status).toBe(200);
  });

  it('reads whether a part is serial-tracked', async () => {
    const res = await managerA.get(`/api/parts/tracking/${ids.motor}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ partId: ids.motor, serialTracked: false });
    const unknown = await managerA.get('/api/parts/tracking/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });
});
