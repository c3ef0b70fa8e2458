import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../../platform/context.js';
import { events } from '../../../platform/events/index.js';
import { buildOrgUnit, buildUser } from '../../../test/factories.js';
import { type Agent, createTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness.js';
import { ensureDepotFor, postMovements } from '../index.js';
import { partSerials, partTracking, stockBalances, stockMovements } from '../tables.js';

/*
 * Stocktakes end to end (PGlite, and PostgreSQL with TEST_DATABASE_URL): a keeper opens a count
 * sheet for an outlet's depot, counts on screen and through the XLSX count sheet, submits; the
 * keeper may not approve; a movement during the count refuses the posting until recounted; a
 * manager's approval posts the variances as adjust movements (serial by serial for tracked
 * parts) with their events; a shortage the depot cannot give is refused with nothing written;
 * another outlet never sees the sheet.
 */
describe('stocktakes', () => {
  let t: TestApp;
  let admin: Agent;
  let keeperA: Agent;
  let keeperB: Agent;
  let boss: Agent;
  const ids = {} as Record<'depotA' | 'depotB' | 'belt' | 'pump' | 'valve' | 'stocktake', string>;
  const usernames = new Map<Agent, string>();
  const ctx = () => systemCtx(t.database.db, { now: t.clock.now() });

  const balance = async (partId: string, grade: 'good' | 'defective' = 'good') => {
    const [b] = await t.database.db
      .select()
      .from(stockBalances)
      .where(
        and(eq(stockBalances.depotId, ids.depotA), eq(stockBalances.partId, partId), eq(stockBalances.grade, grade)),
      );
    return b ? { onHand: b.onHand, reserved: b.reserved } : undefined;
  };
  const ledgerCount = async () => (await t.database.db.select({ n: count() }).from(stockMovements))[0]!.n;
  const eventCount = async () => (await t.database.db.select({ n: count() }).from(events))[0]!.n;
  const lineOf = (body: { lines: { partId: string; grade: string; id: string }[] }, partId: string, grade = 'good') =>
    body.lines.find((l) => l.partId === partId && l.grade === grade)! as Record<string, any>;

  async function raw(agent: Agent, method: 'GET' | 'POST', url: string, form?: { bytes: Buffer }) {
    const boundary = '----sanbaoStocktake';
    const payload = form
      ? Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sheet.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          ),
          form.bytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ])
      : undefined;
    return agent.request(
      method,
      url,
      payload,
      form ? { 'content-type': `multipart/form-data; boundary=${boundary}` } : {},
    );
  }

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
    const a = await buildUser(t, { roles: ['outlet_manager'], orgUnitId: outletA.id });
    keeperA = await t.login(a.username);
    usernames.set(keeperA, a.username);
    keeperB = await t.login((await buildUser(t, { roles: ['outlet_manager'], orgUnitId: outletB.id })).username);
    boss = await t.login((await buildUser(t, { roles: ['manager'] })).username);
    const db = t.database.db;
    ids.depotA = (await ensureDepotFor(db, outletA.id)).id;
    ids.depotB = (await ensureDepotFor(db, outletB.id)).id;
    for (const [key, code, name] of [
      ['belt', 'BELT-7', '皮带'],
      ['pump', 'PUMP-7', '排水泵'],
      ['valve', 'VALVE-7', '进水阀'],
    ] as const) {
      const res = await admin.post('/api/catalog/parts', { code, name });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    }
    await db.insert(partTracking).values({ partId: ids.pump, serialTracked: true });
    const put = await admin.put(`/api/parts/${ids.belt}/prices`, {
      costFen: 1250,
      salePriceFen: 2000,
      effectiveFrom: '2026-01-01',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await db.transaction((tx) =>
      postMovements(tx, ctx(), [
        { kind: 'receipt', depotId: ids.depotA, partId: ids.belt, quantity: 10 },
        { kind: 'receipt', depotId: ids.depotA, partId: ids.pump, quantity: 3, serials: ['S1', 'S2', 'S3'] },
        { kind: 'old_part_return', depotId: ids.depotA, partId: ids.valve, quantity: 2, grade: 'defective' },
        { kind: 'receipt', depotId: ids.depotB, partId: ids.belt, quantity: 4 },
      ]),
    );
  }, 60_000);
  afterAll(() => t.close());

  it('opens a count sheet with the book snapshotted, one per depot at a time', async () => {
    const res = await keeperA.post('/api/parts/stocktakes', { depotId: ids.depotA, note: '年终盘点' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.stocktake = res.body.id;
    expect(res.body).toMatchObject({ status: 'counting', depotId: ids.depotA, lineCount: 3, bookHidden: false });
    expect(res.body.code).toMatch(/^ST-20261123-0001$/);
    expect(res.body.actions).toEqual(['count', 'addLine', 'recount', 'submit', 'cancel']);
    expect(lineOf(res.body, ids.belt)).toMatchObject({ bookQty: 10, countedQty: null, variance: null });
    expect(lineOf(res.body, ids.pump)).toMatchObject({
      bookQty: 3,
      serialTracked: true,
      bookSerials: ['S1', 'S2', 'S3'],
    });
    expect(lineOf(res.body, ids.valve, 'defective')).toMatchObject({ bookQty: 2 });
    const again = await keeperA.post('/api/parts/stocktakes', { depotId: ids.depotA });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('stocktake.already_open');
    expect(again.body.errors[0].path).toBe('body.depotId');
    const [ev] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entityId, ids.stocktake), eq(events.action, 'stocktake.opened')));
    expect(ev?.actorName).toBeTruthy();
  });

  it('another outlet neither sees nor touches it, nor opens one on the other depot', async () => {
    expect((await keeperB.get(`/api/parts/stocktakes/${ids.stocktake}`)).status).toBe(404);
    const list = await keeperB.get('/api/parts/stocktakes');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(ids.stocktake);
    const before = await eventCount();
    const line = lineOf((await keeperA.get(`/api/parts/stocktakes/${ids.stocktake}`)).body, ids.belt);
    const put = await keeperB.put(`/api/parts/stocktakes/${ids.stocktake}/counts`, {
      lines: [{ lineId: line.id, countedQty: 1 }],
    });
    expect(put.status).toBe(404);
    expect((await keeperB.post(`/api/parts/stocktakes/${ids.stocktake}/submit`, {})).status).toBe(404);
    const open = await keeperB.post('/api/parts/stocktakes', { depotId: ids.depotA });
    expect(open.status).toBe(404);
    expect(open.body.code).toBe('entity.not_found');
    expect(await eventCount()).toBe(before);
    expect((await keeperA.get('/api/parts/stocktakes')).body.items[0]).toMatchObject({ id: ids.stocktake });
  });

  it('counts on screen; a submit with lines left uncounted is refused naming the line', async () => {
    const detail = (await keeperA.get(`/api/parts/stocktakes/${ids.stocktake}`)).body;
    const pump = lineOf(detail, ids.pump);
    const wrong = await keeperA.put(`/api/parts/stocktakes/${ids.stocktake}/counts`, {
      lines: [{ lineId: pump.id, countedQty: 3 }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('stocktake.serials_required');
    expect(wrong.body.errors[0].path).toBe('body.lines.0.serials');
    const res = await keeperA.put(`/api/parts/stocktakes/${ids.stocktake}/counts`, {
      version: detail.version,
      lines: [{ lineId: pump.id, serials: ['S1', 'S2', 'S4'] }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(lineOf(res.body, ids.pump)).toMatchObject({
      countedQty: 3,
      variance: 0,
      missingSerials: ['S3'],
      extraSerials: ['S4'],
    });
    const stale = await keeperA.put(`/api/parts/stocktakes/${ids.stocktake}/counts`, {
      version: detail.version,
      lines: [{ lineId: pump.id, serials: ['S1'] }],
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('entity.version_conflict');
    const submit = await keeperA.post(`/api/parts/stocktakes/${ids.stocktake}/submit`, {});
    expect(submit.status).toBe(409);
    expect(submit.body.code).toBe('stocktake.uncounted');
    expect(submit.body.errors[0].path).toMatch(/^body\.lines\.\d+\.countedQty$/);
  });

  it('round-trips the count sheet as XLSX: downloaded, filled, uploaded back', async () => {
    const down = await raw(keeperA, 'GET', `/api/parts/stocktakes/${ids.stocktake}/sheet.xlsx`);
    expect(down.status).toBe(200);
    expect(String(down.headers['content-type'])).toContain('spreadsheetml');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/parts/stocktakes/${ids.stocktake}/sheet.xlsx`,
      cookies: { sanbao_sid: await sessionOf(keeperA) },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['配件编码', '配件名称', '品质', '账面数量', '实盘数量', '实盘序列号']);
    const counted = header.indexOf('实盘数量') + 1;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const code = String(row.getCell(1).value);
      if (code === 'BELT-7') row.getCell(counted).value = 8;
      if (code === 'VALVE-7') row.getCell(counted).value = 2;
    });
    // A bad row refuses the whole file, naming the row.
    const bad = new ExcelJS.Workbook();
    const badSheet = bad.addWorksheet('x');
    badSheet.addRow(header);
    badSheet.addRow(['BELT-7', '皮带', '良品', 10, 7]);
    badSheet.addRow(['NOPE-1', '?', '良品', 0, 1]);
    const refused = await raw(keeperA, 'POST', `/api/parts/stocktakes/${ids.stocktake}/sheet`, {
      bytes: Buffer.from(await bad.xlsx.writeBuffer()),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'stocktake.sheet_row', params: { row: 3 } });
    expect(refused.body.errors[0].path).toBe('body.file');
    expect(lineOf((await keeperA.get(`/api/parts/stocktakes/${ids.stocktake}`)).body, ids.belt).countedQty).toBeNull();
    const up = await raw(keeperA, 'POST', `/api/parts/stocktakes/${ids.stocktake}/sheet`, {
      bytes: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(lineOf(up.body, ids.belt)).toMatchObject({
      countedQty: 8,
      variance: -2,
      unitCostFen: 1250,
      varianceValueFen: -2500,
    });
    expect(lineOf(up.body, ids.valve, 'defective')).toMatchObject({ countedQty: 2, variance: 0 });
    // The pump's serials, entered on screen, were written back on the sheet and read again unchanged.
    expect(lineOf(up.body, ids.pump)).toMatchObject({ countedSerials: ['S1', 'S2', 'S4'] });
    expect(up.body.countedCount).toBe(3);
  });

  it('is submitted by the keeper; the keeper may not approve it', async () => {
    const res = await keeperA.post(`/api/parts/stocktakes/${ids.stocktake}/submit`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('submitted');
    expect(res.body.actions).toEqual(['recount', 'cancel']);
    const before = await ledgerCount();
    const approve = await keeperA.post(`/api/parts/stocktakes/${ids.stocktake}/approve`, {});
    expect(approve.status).toBe(403);
    expect(approve.body.code).toBe('auth.forbidden');
    expect(await ledgerCount()).toBe(before);
    // The manager holds parts.manage as well: they may also send it back to counting or cancel it.
    expect((await boss.get(`/api/parts/stocktakes/${ids.stocktake}`)).body.actions).toEqual([
      'recount',
      'approve',
      'reject',
      'cancel',
    ]);
  });

  it('refuses posting when the book moved during the count, until those lines are recounted', async () => {
    await t.database.db.transaction((tx) =>
      postMovements(tx, ctx(), [{ kind: 'receipt', depotId: ids.depotA, partId: ids.belt, quantity: 1 }]),
    );
    const before = await ledgerCount();
    const refused = await boss.post(`/api/parts/stocktakes/${ids.stocktake}/approve`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('stocktake.book_moved');
    expect(refused.body.params.parts).toBe('BELT-7');
    expect(await ledgerCount()).toBe(before);
    const detail = (await keeperA.get(`/api/parts/stocktakes/${ids.stocktake}`)).body;
    expect(lineOf(detail, ids.belt).bookMoved).toBe(true);
    expect(lineOf(detail, ids.pump).bookMoved).toBe(false);
    const again = await keeperA.post(`/api/parts/stocktakes/${ids.stocktake}/recount`, {});
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('counting');
    expect(lineOf(again.body, ids.belt)).toMatchObject({ bookQty: 11, countedQty: null, bookMoved: false });
    expect(lineOf(again.body, ids.pump)).toMatchObject({ countedQty: 3 });
    const belt = lineOf(again.body, ids.belt);
    expect(
      (
        await keeperA.put(`/api/parts/stocktakes/${ids.stocktake}/counts`, {
          lines: [{ lineId: belt.id, countedQty: 8 }],
        })
      ).status,
    ).toBe(200);
    expect((await keeperA.post(`/api/parts/stocktakes/${ids.stocktake}/submit`, {})).status).toBe(200);
  });

  it("a manager's approval posts the variances as adjust movements, serial by serial, with their events", async () => {
    const res = await boss.post(`/api/parts/stocktakes/${ids.stocktake}/approve`, { note: '核对无误' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'posted', decisionNote: '核对无误', actions: [] });
    expect(res.body.varianceValueFen).toBe(-3 * 1250);
    expect(await balance(ids.belt)).toEqual({ onHand: 8, reserved: 0 });
    expect(await balance(ids.pump)).toEqual({ onHand: 3, reserved: 0 });
    expect(await balance(ids.valve, 'defective')).toEqual({ onHand: 2, reserved: 0 });
    const rows = await t.database.db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.documentKind, 'stocktake'), eq(stockMovements.documentId, ids.stocktake)));
    expect(
      rows.map((r) => ({ part: r.partId, q: r.quantity, kind: r.kind, serial: r.serial, after: r.onHandAfter })),
    ).toEqual(
      expect.arrayContaining([
        { part: ids.belt, q: -3, kind: 'adjust', serial: null, after: 8 },
        { part: ids.pump, q: -1, kind: 'adjust', serial: 'S3', after: 2 },
        { part: ids.pump, q: 1, kind: 'adjust', serial: 'S4', after: 3 },
      ]),
    );
    expect(rows).toHaveLength(3);
    const serial = async (s: string) =>
      (
        await t.database.db
          .select({ state: partSerials.state })
          .from(partSerials)
          .where(and(eq(partSerials.partId, ids.pump), eq(partSerials.serial, s)))
      )[0]?.state;
    expect(await serial('S3')).toBe('scrapped');
    expect(await serial('S4')).toBe('in_stock');
    const posted = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entityId, ids.stocktake), eq(events.action, 'stocktake.posted')));
    expect(posted).toHaveLength(1);
    const adjustEvents = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entityId, ids.depotA), eq(events.action, 'stock.adjust')));
    expect(adjustEvents.length).toBeGreaterThanOrEqual(3);
    const again = await boss.post(`/api/parts/stocktakes/${ids.stocktake}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('stocktake.wrong_status');
  });

  it('a shortage the depot cannot give (below what is reserved) is refused with nothing written', async () => {
    await t.database.db.transaction((tx) =>
      postMovements(tx, ctx(), [
        { kind: 'reserve', depotId: ids.depotA, partId: ids.belt, quantity: 5, orderId: crypto.randomUUID() },
      ]),
    );
    const opened = await keeperA.post('/api/parts/stocktakes', { depotId: ids.depotA });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const lines = opened.body.lines.map((l: Record<string, any>) =>
      l.partId === ids.belt
        ? { lineId: l.id, countedQty: 2 }
        : l.serialTracked
          ? { lineId: l.id, serials: l.bookSerials }
          : { lineId: l.id, countedQty: l.bookQty },
    );
    expect((await keeperA.put(`/api/parts/stocktakes/${id}/counts`, { lines })).status).toBe(200);
    expect((await keeperA.post(`/api/parts/stocktakes/${id}/submit`, {})).status).toBe(200);
    const [ledger, evs] = [await ledgerCount(), await eventCount()];
    const res = await boss.post(`/api/parts/stocktakes/${id}/approve`, {});
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('stock.insufficient');
    expect(await ledgerCount()).toBe(ledger);
    expect(await eventCount()).toBe(evs);
    expect(await balance(ids.belt)).toEqual({ onHand: 8, reserved: 5 });
    expect((await boss.get(`/api/parts/stocktakes/${id}`)).body.status).toBe('submitted');
    // The manager rejects it instead, with a reason; a reason is required.
    expect((await boss.post(`/api/parts/stocktakes/${id}/reject`, {})).status).toBe(400);
    const rejected = await boss.post(`/api/parts/stocktakes/${id}/reject`, { reason: '预留未释放，请复核' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: '预留未释放，请复核' });
    expect(await ledgerCount()).toBe(ledger);
  });

  it('a blind count hides the book from the keeper until submitted; the list exports as XLSX', async () => {
    const res = await keeperA.post('/api/parts/stocktakes', { depotId: ids.depotA, blind: true });
    expect(res.status).toBe(201);
    expect(res.body.bookHidden).toBe(true);
    expect(lineOf(res.body, ids.belt)).toMatchObject({ bookQty: null, variance: null });
    expect(lineOf((await boss.get(`/api/parts/stocktakes/${res.body.id}`)).body, ids.belt).bookQty).toBe(8);
    const sheet = await t.app.inject({
      method: 'GET',
      url: `/api/parts/stocktakes/${res.body.id}/sheet.xlsx`,
      cookies: { sanbao_sid: await sessionOf(keeperA) },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).not.toContain('账面数量');
    const belt = lineOf(res.body, ids.belt);
    const counted = await keeperA.put(`/api/parts/stocktakes/${res.body.id}/counts`, {
      lines: [{ lineId: belt.id, countedQty: 1 }],
    });
    expect(lineOf(counted.body, ids.belt)).toMatchObject({ countedQty: 1, variance: null });
    const blindIn = async (agent: Agent) =>
      (await agent.get('/api/parts/stocktakes?status=counting')).body.items.find(
        (x: { id: string }) => x.id === res.body.id,
      );
    expect(await blindIn(keeperA)).toMatchObject({ countedCount: 1, varianceCount: 0 });
    expect(await blindIn(boss)).toMatchObject({ countedCount: 1, varianceCount: 1 });
    const cancelled = await keeperA.post(`/api/parts/stocktakes/${res.body.id}/cancel`, { note: '重新安排' });
    expect(cancelled.body.status).toBe('cancelled');
    const list = await keeperA.get('/api/parts/stocktakes?status=posted');
    expect(list.body).toMatchObject({ total: 1, items: [{ id: ids.stocktake }] });
    const file = await t.app.inject({
      method: 'GET',
      url: '/api/parts/stocktakes.xlsx',
      cookies: { sanbao_sid: await sessionOf(keeperA) },
    });
    expect(file.statusCode).toBe(200);
    const listBook = new ExcelJS.Workbook();
    await listBook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(listBook.worksheets[0]!.rowCount).toBe(1 + 3);
  });

  /** The session cookie of an agent's person, for raw downloads (the harness keeps its own inside). */
  const sessions = new Map<Agent, string>();
  async function sessionOf(agent: Agent): Promise<string> {
    const known = sessions.get(agent);
    if (known) return known;
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: usernames.get(agent)!, password: DEMO_PASSWORD },
    });
    const sid = login.cookies.find((c) => c.name === 'sanbao_sid')!.value;
    sessions.set(agent, sid);
    return sid;
  }
});
