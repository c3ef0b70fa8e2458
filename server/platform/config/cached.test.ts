import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { systemCtx } from '../context.js';
import { cachedSetting, getSetting, type SettingKey, setSetting } from './index.js';

const DAY = 24 * 3600_000;

describe('the settings cache', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const write = (key: string, value: unknown, effectiveFrom: Date) =>
    t.database.db.transaction((tx) =>
      setSetting(tx, systemCtx(t.database.db, { now: t.clock.now() }), { key, value, effectiveFrom }),
    );

  it('answers what getSetting answers, at any date', async () => {
    const now = t.clock.now().getTime();
    await write('customers.archiveDueDays', 5, new Date(now - DAY));
    await write('customers.archiveDueDays', 6, new Date(now + DAY));
    // Two versions from the same moment: the later one wins, as in getSetting.
    await write('customers.archiveDueDays', 7, new Date(now + 2 * DAY));
    await write('customers.archiveDueDays', 8, new Date(now + 2 * DAY));
    // Stored with microseconds, which a JS date cannot hold: in force from 0.0005 ms past `now`.
    await t.database.db.execute(
      sql`insert into setting_versions (key, value, effective_from)
          values ('portal.otpMaxAttempts', '7', ${new Date(now).toISOString()}::timestamptz + interval '500 microseconds')`,
    );
    const keys: SettingKey[] = [
      'customers.archiveDueDays',
      'portal.otpMaxAttempts',
      'orders.nearZoneKm',
      'company.name',
    ];
    const dates = [-2 * DAY, -DAY, -1, 0, 1, DAY - 1, DAY, 2 * DAY, 3 * DAY].map((d) => new Date(now + d));
    for (const key of keys) {
      for (const at of dates) {
        expect(await cachedSetting(t.database.db, key, at), `${key} at ${at.toISOString()}`).toEqual(
          await getSetting(t.database.db, key, at),
        );
      }
    }
    expect(await cachedSetting(t.database.db, 'customers.archiveDueDays', new Date(now + 2 * DAY))).toBe(8);
    expect(await cachedSetting(t.database.db, 'portal.otpMaxAttempts', new Date(now))).not.toBe(7);
    expect(await cachedSetting(t.database.db, 'portal.otpMaxAttempts', new Date(now + 1))).toBe(7);
  });

  it('keeps its answer until setSetting invalidates it', async () => {
    const before = await cachedSetting(t.database.db, 'company.name', t.clock.now());
    // Behind the cache's back: not seen.
    await t.database.db.execute(
      sql`insert into setting_versions (key, value, effective_from) values ('company.name', '"旁路"', ${t.clock.now().toISOString()})`,
    );
    expect(await cachedSetting(t.database.db, 'company.name', t.clock.now())).toBe(before);
    // A millisecond later than the bypass row, so the order does not hang on equal created_at
    // times (PGlite's clock may give both rows the same one).
    const later = new Date(t.clock.now().getTime() + 1);
    await write('company.name', '新名称', later);
    expect(await cachedSetting(t.database.db, 'company.name', later)).toBe('新名称');
  });
});
