import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { productLines, productModels } from '../../server/db/schema.js';
import { createTestApp, type TestApp } from '../../server/test/harness.js';
import { buildProgram } from '../program.js';

/*
 * `sanbao import` and `sanbao export` against a running server over HTTP with an API token:
 * the row report as a table, exit code 1 on problems, the XLSX written to the named file.
 */

const work = mkdtempSync(join(tmpdir(), 'sanbao-import-cli-'));

async function run(args: string[]): Promise<{ out: string; code: number }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(['node', 'sanbao', ...args]);
    return { out: lines.join(''), code: Number(process.exitCode ?? 0) };
  } finally {
    spy.mockRestore();
    process.exitCode = before;
  }
}

describe('sanbao import and export over HTTP', { timeout: 60_000 }, () => {
  let t: TestApp;
  let url: string;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const admin = await t.login('admin');
    token = (await admin.post('/api/auth/tokens', { name: '导入', scopes: ['customers.manage', 'customers.read'] }))
      .body.token;
    const [line] = await t.database.db
      .insert(productLines)
      .values({ code: 'CLI-L', name: '命令行测试', category: 'washer' })
      .returning();
    await t.database.db.insert(productModels).values({ lineId: line!.id, code: 'CLI-M1', name: '命令行型号' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function sheet(name: string, rows: (string | null)[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    for (const r of rows) ws.addRow(r);
    const path = join(work, name);
    writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
    return path;
  }

  it('prints the row report and exits 1 when rows are invalid, importing nothing', async () => {
    const file = await sheet('bad.xlsx', [
      ['客户姓名', '手机号', '型号', '序列号'],
      ['命令行甲', '19907770001', 'CLI-M1', null],
      ['命令行乙', '123', 'CLI-M1', 'CLI0002'],
    ]);
    const r = await run(['import', 'customers', file, '--url', url, '--token', token]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('import.required');
    expect(r.out).toContain('customer.invalid_phone');
    expect(r.out).toMatch(/2\s+序列号\s+import\.required/);
    expect(r.out).toContain('未导入任何数据');
  });

  it('a dry run, then the import, then the export of what was imported', async () => {
    const file = await sheet('good.xlsx', [
      ['客户姓名', '手机号', '型号', '序列号'],
      ['命令行丙', '19907770003', 'CLI-M1', 'CLI0003'],
    ]);
    const dry = await run(['import', 'customers', file, '--dry-run', '--url', url, '--token', token]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('试运行');
    const real = await run(['import', 'customers', file, '--url', url, '--token', token]);
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/客户 customers\s+1\s+0\s+0/);
    expect(real.out).toContain('已导入');

    const out = join(work, 'out.xlsx');
    const exp = await run(['export', 'customers', out, '--q', '命令行', '--url', url, '--token', token]);
    expect(exp.code).toBe(0);
    expect(exp.out).toContain('已导出 1 条');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(2).getCell(2).value).toBe('命令行丙');
  });

  it('refuses without a token, in both languages', async () => {
    const file = await sheet('x.xlsx', [['客户姓名'], ['x']]);
    await expect(run(['import', 'customers', file, '--url', url, '--token', 'sbt_wrong'])).rejects.toMatchObject({
      status: 401,
    });
  });
});
