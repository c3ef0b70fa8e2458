import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.js';
import { dumpDatabase, restoreDatabase } from './index.js';

const work = mkdtempSync(join(tmpdir(), 'sanbao-restore-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a restore under a running instance', () => {
  it('leaves no cached session or setting of the replaced data', async () => {
    const t = await createTestApp();
    try {
      const file = join(work, 'before.jsonl.gz');
      await dumpDatabase(t.database, file);
      // After the backup: a session and a company name the backup does not hold, both cached.
      const admin = await t.login('admin');
      expect((await admin.put('/api/settings/company.name', { value: '备份之后' })).status).toBe(200);
      const company = async () => (await t.request({ method: 'GET', url: '/api/setup' })).body.companyName;
      expect(await company()).toBe('备份之后');
      expect((await admin.get('/api/users')).status).toBe(200);

      await restoreDatabase(t.database, file, { force: true });
      expect((await admin.get('/api/users')).status).toBe(401);
      expect(await company()).toBe('测试电器有限公司');
    } finally {
      await t.close();
    }
  });
});
