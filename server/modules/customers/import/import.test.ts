import { and, count, eq, inArray, like, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../../platform/context.js';
import { events } from '../../../platform/events/index.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { exportCustomers } from './export.js';
import { customerAddresses, customerPhones, customers, productLines, productModels, units } from '../tables.js';

/*
 * Import of customers and units from XLSX and CSV (UTF-8 and GBK), all or nothing, idempotent;
 * export of the lists as XLSX within the caller's scope. Files are made here with exceljs.
 */

type Row = (string | number | Date | null)[];

async function xlsx(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (rows: Row[]) =>
  rows.map((r) => r.map((c) => (c === null ? '' : `"${String(c).replace(/"/g, '""')}"`)).join(',')).join('\r\n');

/** GBK bytes of a text, as Excel on Chinese Windows saves a CSV (the reverse of the runtime's decoder). */
function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else out.push(...table.get(ch)!);
  }
  return Buffer.from(out);
}

/** A multipart/form-data body: text fields first, then the file. */
function form(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }) {
  const boundary = `----sanbao${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const HEADER: Row = ['客户姓名', '手机号', '省', '市', '区', '详细地址', '型号', '序列号', '购买日期', '发票号'];
const GOOD: Row[] = [
  HEADER,
  [
    '导入甲',
    '19901230001',
    '广东省',
    '广州市',
    '天河区',
    '天河路 100 号',
    'IMP-W1',
    'IMPA0001',
    new Date(Date.UTC(2024, 4, 1)),
    'FP001',
  ],
  ['导入甲', '19901230001', '广东省', '广州市', '天河区', '天河路 100 号', 'IMP-W2', 'IMPA0002', '2025-01-15', null],
  ['导入乙', '19901230002', '广东省', '深圳市', '南山区', '南海大道 8 号', 'IMP-W1', 'IMPB0001', '2023/6/30', 'FP002'],
  ['导入丙', '19901230003', '广东', '广州', '天河', '体育西路 3 号', null, null, null, null],
];

describe('customer and unit import, and list export', () => {
  let t: TestApp;
  let admin: Agent;

  const post = async (
    kind: string,
    fields: Record<string, string>,
    file?: { name: string; bytes: Buffer; type?: string },
    as = admin,
  ) => {
    const f = form(fields, file);
    return as.request('POST', `/api/import/${kind}`, f.payload, f.headers);
  };

  /** Rows of every table an import writes, and the audit trail. */
  async function snapshot() {
    const db = t.database.db;
    const n = async (
      table: typeof customers | typeof units | typeof customerPhones | typeof customerAddresses | typeof events,
    ) => Number((await db.select({ n: count() }).from(table as typeof customers))[0]!.n);
    return {
      customers: await n(customers),
      phones: await n(customerPhones),
      addresses: await n(customerAddresses),
      units: await n(units),
      events: await n(events),
    };
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
    const db = t.database.db;
    const [line] = await db
      .insert(productLines)
      .values({ code: 'IMP-L', name: '导入测试洗衣机', category: 'washer' })
      .returning();
    await db.insert(productModels).values([
      { lineId: line!.id, code: 'IMP-W1', name: '导入波轮 7kg', usageKinds: ['household'] },
      { lineId: line!.id, code: 'IMP-W2', name: '导入滚筒 10kg', usageKinds: ['household', 'commercial'] },
    ]);
    // Outlet managers keep their area's archive here, so the scope of imports shows.
    const role = (await admin.get('/api/roles')).body.items.find((r: { code: string }) => r.code === 'outlet_manager');
    const granted = await admin.put('/api/roles/outlet_manager/permissions', {
      permissions: [...role.permissions, 'customers.manage'],
      version: role.version,
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  }, 120_000);
  afterAll(() => t.close());

  it('a dry run reports what would happen and writes nothing', async () => {
    const before = await snapshot();
    const res = await post('customers', { dryRun: 'true' }, { name: 'customers.xlsx', bytes: await xlsx(GOOD) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      imported: false,
      format: 'xlsx',
      rows: 4,
      errors: [],
      customers: { create: 3, update: 0, unchanged: 0 },
      units: { create: 3, update: 0, unchanged: 0 },
    });
    expect(res.body.columns).toMatchObject({ name: '客户姓名', phone: '手机号', serialNo: '序列号' });
    expect(await snapshot()).toEqual(before);
  });

  it('imports a good file in one go, each record with its event', async () => {
    const before = await snapshot();
    const jobId = crypto.randomUUID();
    const res = await post(
      'customers',
      { jobId, dryRun: 'false' },
      { name: 'customers.xlsx', bytes: await xlsx(GOOD) },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ imported: true, customers: { create: 3 }, units: { create: 3 } });
    const after = await snapshot();
    expect(after.customers - before.customers).toBe(3);
    expect(after.units - before.units).toBe(3);
    expect(after.phones - before.phones).toBe(3);
    expect(after.addresses - before.addresses).toBe(3);
    expect(after.events - before.events).toBe(6);

    const db = t.database.db;
    const [jia] = await db
      .select({ id: customers.id, name: customers.name, orgPath: customers.orgPath })
      .from(customers)
      .innerJoin(customerPhones, eq(customerPhones.customerId, customers.id))
      .where(eq(customerPhones.number, '19901230001'));
    expect(jia?.name).toBe('导入甲');
    const owned = await db.select().from(units).where(eq(units.customerId, jia!.id));
    expect(owned.map((u) => [u.serialNo, u.purchaseDate]).sort()).toEqual([
      ['IMPA0001', '2024-05-01'],
      ['IMPA0002', '2025-01-15'],
    ]);
    // The archive reads what the import wrote as its own: code of the day, complete archive, audited.
    const card = await admin.get(`/api/customers/${jia!.id}`);
    expect(card.body).toMatchObject({
      name: '导入甲',
      unitCount: 2,
      archiveComplete: true,
      phones: [{ number: '19901230001', isPrimary: true }],
    });
    expect(card.body.code).toMatch(/^C261123\d{4}$/);
    const [created] = await db
      .select()
      .from(events)
      .where(and(eq(events.entity, 'customer'), eq(events.entityId, jia!.id)));
    expect(created).toMatchObject({ action: 'customer.created', actorName: '管理员' });
    expect(created!.changes.phones?.after).toEqual(['199 0123 0001 *']);
    // Progress of the finished job, for its owner only.
    const job = await admin.get(`/api/import/jobs/${jobId}`);
    expect(job.body).toMatchObject({ id: jobId, status: 'done', processed: 4, total: 4, kind: 'customers' });
    const other = await t.login('gd01.manager');
    expect((await other.get(`/api/import/jobs/${jobId}`)).status).toBe(404);
  });

  it('running the same file again changes nothing and appends no event', async () => {
    const before = await snapshot();
    const res = await post('customers', { dryRun: 'false' }, { name: 'customers.xlsx', bytes: await xlsx(GOOD) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      imported: true,
      customers: { create: 0, update: 0, unchanged: 3 },
      units: { create: 0, update: 0, unchanged: 3 },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('updates what changed: a unit’s purchase date, a new address, one event each', async () => {
    const changed = GOOD.map((r) => [...r]);
    changed[3]![8] = '2023-07-01';
    changed[4]![5] = '体育西路 4 号';
    const before = await snapshot();
    const res = await post('customers', { dryRun: 'false' }, { name: 'c.xlsx', bytes: await xlsx(changed) });
    expect(res.body).toMatchObject({ customers: { update: 1, unchanged: 2 }, units: { update: 1, unchanged: 2 } });
    const after = await snapshot();
    expect(after.events - before.events).toBe(2);
    expect(after.addresses - before.addresses).toBe(1);
    const [unit] = await t.database.db.select().from(units).where(eq(units.serialNo, 'IMPB0001'));
    expect(unit).toMatchObject({ purchaseDate: '2023-07-01', version: 2 });
  });

  const BAD: Row[] = [
    HEADER,
    ['坏行一', '19901239001', '广东省', '广州市', '天河区', '天河路 1 号', 'IMP-W1', null, '2024-01-01', null],
    ['坏行二', '19901239002', '广东省', '广州市', '天河区', '天河路 2 号', 'NO-SUCH', 'IMPX0001', '2024-01-01', null],
    ['坏行三', '19901239003', '广东省', '广州市', '天河区', '天河路 3 号', 'IMP-W1', 'IMPX0002', '2024-01-01', null],
    ['坏行四', '19901239004', '广东省', '广州市', '天河区', '天河路 4 号', 'IMP-W1', 'IMPX0002', '2024-01-01', null],
    ['坏行五', '19901239005', '广东省', '广州市', '天河区', '天河路 5 号', 'IMP-W1', 'IMPB0001', '2024-01-01', null],
    ['坏行六', '1234', '广东省', '广州市', '天河区', '天河路 6 号', 'IMP-W1', 'IMPX0003', '2024-01-01', null],
    ['坏行七', '19901239007', '广东省', '广州市', '天河区', '天河路 7 号', 'IMP-W1', 'IMPX0004', '2027-01-01', null],
    ['坏行八', '19901239008', '广东省', '广州市', '南山区', '天河路 8 号', 'IMP-W1', 'IMPX0005', '2024-01-01', null],
    ['好行', '19901239009', '广东省', '广州市', '天河区', '天河路 9 号', 'IMP-W1', 'IMPX0006', '2024-01-01', null],
  ];

  it('a file with bad rows gives row-level errors and leaves the database as it was', async () => {
    const before = await snapshot();
    const res = await post('customers', { dryRun: 'false' }, { name: 'bad.xlsx', bytes: await xlsx(BAD) });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('import.rows_invalid');
    const errors = res.body.report.errors.map((e: { row: number; column: string; code: string }) => [
      e.row,
      e.column,
      e.code,
    ]);
    expect(errors).toEqual([
      [2, '序列号', 'import.required'],
      [3, '型号', 'import.unknown_model'],
      [5, '序列号', 'import.serial_repeated'],
      [6, '序列号', 'import.serial_taken'],
      [7, '手机号', 'customer.invalid_phone'],
      [8, '购买日期', 'unit.date_in_future'],
      [9, '区', 'import.unknown_division'],
    ]);
    const [first] = res.body.report.errors;
    expect(first.message).toBe('“序列号”必填');
    expect(res.body.report.imported).toBe(false);
    expect(await snapshot()).toEqual(before);
    // The dry run of the same file: the same report, as a 200.
    const dry = await post('customers', {}, { name: 'bad.xlsx', bytes: await xlsx(BAD) });
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toHaveLength(7);
    expect(await snapshot()).toEqual(before);
  });

  it('reports in the caller’s language, naming the column as the file does', async () => {
    const en = await t.login('gd01.manager');
    expect((await en.patch('/api/auth/me', { lang: 'en' })).status).toBe(200);
    const res = await post('customers', {}, { name: 'bad.xlsx', bytes: await xlsx(BAD.slice(0, 3)) }, en);
    expect(res.body.errors.map((e: { column: string; message: string }) => [e.column, e.message])).toEqual([
      ['序列号', '"Serial number" is required'],
      ['型号', 'No product model "NO-SUCH"'],
    ]);
    await en.patch('/api/auth/me', { lang: 'zh-CN' });
  });

  it('reads a GBK CSV as Excel saves it, and a UTF-8 one', async () => {
    const rows: Row[] = [
      HEADER,
      [
        '国标客户',
        '19901231001',
        '广东省',
        '广州市',
        '天河区',
        '华夏路 1 号',
        'IMP-W1',
        'IMPG0001',
        '2024-03-08',
        null,
      ],
    ];
    const res = await post(
      'customers',
      { dryRun: 'false' },
      { name: 'gbk.csv', bytes: gbk(csv(rows)), type: 'text/csv' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', encoding: 'gbk', imported: true, customers: { create: 1 } });
    const [row] = await t.database.db.select().from(customers).where(eq(customers.name, '国标客户'));
    expect(row).toBeDefined();
    const utf = await post('customers', {}, { name: 'u.csv', bytes: Buffer.from(`\uFEFF${csv(rows)}`) });
    expect(utf.body).toMatchObject({ encoding: 'utf-8', customers: { unchanged: 1 } });
  });

  it('refuses a file that is not a spreadsheet (415) and one over 20 MB (413), naming the field', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const wrong = await post('customers', {}, { name: 'photo.csv', bytes: png, type: 'text/csv' });
    expect(wrong.status).toBe(415);
    expect(wrong.body.code).toBe('import.file_type');
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'body.file', code: 'import.file_type' })]);
    const zip = await post('customers', {}, { name: 'a.xlsx', bytes: Buffer.from('PK\x03\x04not really a zip') });
    expect(zip.status).toBe(415);
    const before = await snapshot();
    const big = Buffer.alloc(20 * 1024 * 1024 + 10, 0x41);
    const large = await post('customers', { dryRun: 'false' }, { name: 'big.csv', bytes: big });
    expect(large.status).toBe(413);
    expect(large.body.code).toBe('import.file_too_large');
    expect(large.body.errors[0].path).toBe('body.file');
    const none = await post('customers', { dryRun: 'true' });
    expect(none.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('takes a mapping of other headers and names a mapping to an unknown field', async () => {
    const rows: Row[] = [
      ['户主', '联系方式', '产品', '机器编号'],
      ['映射客户', '19901232001', 'IMP-W2', 'IMPM0001'],
    ];
    const mapping = JSON.stringify({ 户主: 'name', 联系方式: 'phone', 产品: 'modelCode', 机器编号: 'serialNo' });
    const res = await post('customers', { mapping, dryRun: 'false' }, { name: 'm.xlsx', bytes: await xlsx(rows) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ imported: true, customers: { create: 1 }, units: { create: 1 } });
    const bad = await post(
      'customers',
      { mapping: JSON.stringify({ 户主: 'owner' }) },
      { name: 'm.xlsx', bytes: await xlsx(rows) },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.mapping.户主');
  });

  it('imports units for existing customers by phone; an unknown phone needs a name', async () => {
    const rows: Row[] = [
      ['手机号', '型号', '序列号', '用途', '安装日期'],
      ['19901230002', 'IMP-W2', 'IMPU0001', '商用', '2025-02-01'],
      ['19901238888', 'IMP-W2', 'IMPU0002', null, null],
    ];
    const res = await post('units', { dryRun: 'false' }, { name: 'units.xlsx', bytes: await xlsx(rows) });
    expect(res.status).toBe(422);
    expect(res.body.report.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'import.owner_unknown'],
    ]);
    const ok = await post('units', { dryRun: 'false' }, { name: 'units.xlsx', bytes: await xlsx(rows.slice(0, 2)) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ customers: { unchanged: 1 }, units: { create: 1 } });
    const [unit] = await t.database.db.select().from(units).where(eq(units.serialNo, 'IMPU0001'));
    expect(unit).toMatchObject({ usage: 'commercial', installedOn: '2025-02-01' });
  });

  it('two imports of the same new customers at once create each of them once (no unit to clash on)', async () => {
    const rows: Row[] = [
      HEADER,
      ['并发甲', '19901239901', '广东省', '广州市', '天河区', '天河路 9 号', null, null, null, null],
      ['并发乙', '19901239902', '广东省', '广州市', '天河区', '天河路 10 号', null, null, null, null],
    ];
    const bytes = await xlsx(rows);
    const answers = await Promise.all([
      post('customers', { dryRun: 'false' }, { name: 'a.xlsx', bytes }),
      post('customers', { dryRun: 'false' }, { name: 'b.xlsx', bytes }),
    ]);
    // The second either planned after the first wrote (nothing left to do) or found them added
    // meanwhile and imported nothing; never a second customer for one phone.
    for (const a of answers) {
      expect([200, 409], JSON.stringify(a.body)).toContain(a.status);
      if (a.status === 409) expect(a.body.code).toBe('import.changed_meanwhile');
    }
    expect(answers.some((a) => a.status === 200 && a.body.imported)).toBe(true);
    const db = t.database.db;
    for (const number of ['19901239901', '19901239902']) {
      const [n] = await db.select({ n: count() }).from(customerPhones).where(eq(customerPhones.number, number));
      expect(n!.n, number).toBe(1);
    }
  });

  it('an outlet manager cannot import customers of another outlet’s area', async () => {
    const gd01 = await t.login('gd01.manager');
    const rows: Row[] = [
      HEADER,
      ['越界客户', '19901233001', '广东省', '深圳市', '南山区', '南海大道 9 号', null, null, null, null],
    ];
    const res = await post('customers', {}, { name: 'x.xlsx', bytes: await xlsx(rows) }, gd01);
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e: { code: string; column: string }) => [e.code, e.column])).toEqual([
      ['import.out_of_scope', '省'],
    ]);
  });

  async function readXlsx(bytes: Buffer): Promise<string[][]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? '')))),
    );
    return rows;
  }

  it('exports the customer list as XLSX within the caller’s scope, and records the export', async () => {
    const db = t.database.db;
    const gd01 = await t.login('gd01.manager');
    const before = await db.select({ n: count() }).from(events).where(eq(events.action, 'export'));
    const res = await gd01.request('GET', '/api/customers/export.xlsx?q=导入');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('.xlsx');
    const raw = await t.app.inject({
      method: 'GET',
      url: '/api/customers/export.xlsx?q=导入',
      headers: { cookie: await cookieOf('gd01.manager') },
    });
    expect(raw.statusCode).toBe(200);
    const rows = await readXlsx(raw.rawPayload);
    expect(rows[0]).toContain('客户姓名');
    const names = rows.slice(1).map((r) => r[1]);
    // 导入甲 and 导入丙 live in Tianhe (gd01's area); 导入乙 in Nanshan (gd02's).
    expect(names.sort()).toEqual(['导入丙', '导入甲']);
    const after = await db.select({ n: count() }).from(events).where(eq(events.action, 'export'));
    expect(after[0]!.n - before[0]!.n).toBe(2);
    const [ev] = await db
      .select()
      .from(events)
      .where(eq(events.action, 'export'))
      .orderBy(sql`${events.id} desc`)
      .limit(1);
    expect(ev).toMatchObject({ entity: 'export', entityId: 'customers', actorName: expect.any(String) });
    expect(ev!.changes.filter?.after).toEqual({ q: '导入' });
    expect(ev!.changes.rows?.after).toBe(2);

    // HQ sees all three, and the file has what the list shows.
    const all = await readXlsx(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/customers/export.xlsx?q=导入',
          headers: { cookie: await cookieOf('admin') },
        })
      ).rawPayload,
    );
    const list = await admin.get('/api/customers?q=导入&pageSize=100');
    expect(
      all
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(list.body.items.map((c: { code: string }) => c.code).sort());
  });

  it('an exported file imports back unchanged, and an export past the cap is refused before any byte', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/customers/export.xlsx?q=导入',
      headers: { cookie: await cookieOf('admin') },
    });
    const back = await post('customers', {}, { name: 'export.xlsx', bytes: res.rawPayload });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ errors: [], customers: { create: 0, update: 0, unchanged: 3 } });
    const ctx = { ...systemCtx(t.database.db, { now: t.clock.now() }), lang: 'en' as const };
    await expect(exportCustomers(ctx, { q: '导入' }, { cap: 2 })).rejects.toMatchObject({
      code: 'export.too_many_rows',
    });
  });

  it('a reader who does not serve customers gets masked phones and streets, as in the list', async () => {
    const base = systemCtx(t.database.db, { now: t.clock.now() });
    const ctx = {
      ...base,
      actor: { ...base.actor, kind: 'user' as const, permissions: new Set(['customers.read'] as const) },
    };
    const file = await exportCustomers(ctx as typeof base, { q: '导入甲' });
    const chunks: Buffer[] = [];
    for await (const c of file.stream) chunks.push(c as Buffer);
    const [, row] = await readXlsx(Buffer.concat(chunks));
    expect(row![4]).toBe('199****0001');
    expect(row![10]).toBe('天河路****');
  });

  it('exports units with the list’s filters', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/units/export.xlsx?q=IMPA',
      headers: { cookie: await cookieOf('admin') },
    });
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]!.slice(0, 2)).toEqual(['序列号', '型号']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['IMPA0001', 'IMPA0002']);
    const db = t.database.db;
    const owned = await db
      .select({ n: count() })
      .from(units)
      .where(and(like(units.serialNo, 'IMP%'), inArray(units.status, ['active'])));
    expect(owned[0]!.n).toBeGreaterThan(2);
  });

  /** A session cookie for raw requests whose body is binary. */
  const cookies = new Map<string, string>();
  async function cookieOf(username: string): Promise<string> {
    const known = cookies.get(username);
    if (known) return known;
    const pw = username === 'admin' ? 'Admin12345' : undefined;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: pw ?? (await import('../../../test/harness.js')).DEMO_PASSWORD },
    });
    const c = res.cookies.find((x) => x.name === 'sanbao_sid')!;
    const value = `sanbao_sid=${c.value}`;
    cookies.set(username, value);
    return value;
  }
});
