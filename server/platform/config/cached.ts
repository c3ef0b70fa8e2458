import { asc, desc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { instanceCache } from '../cache/index.js';
import { SETTINGS, type SettingKey, type SettingValue } from './registry.js';
import { settingVersions } from './tables.js';

/** The cache name writers of setting_versions invalidate (`setSetting` does). */
export const SETTINGS_CACHE = 'settings';

interface Version {
  /** effective_from in milliseconds, rounded up: a version counts at `at` when this is ≤ at. */
  fromMs: number;
  value: unknown;
}

/*
 * Every version of every setting, newest first per key, in the order `getSetting` picks them.
 * The table holds a few rows per key, so one load serves every key and every date, future
 * versions included: a version scheduled for later takes effect at its time without a reload.
 */
const versions = instanceCache(SETTINGS_CACHE, async (db) => {
  const rows = await db
    .select({
      key: settingVersions.key,
      value: settingVersions.value,
      // Rounded up to whole milliseconds, as JS dates are, so `fromMs ≤ at` holds exactly when the
      // database's `effective_from <= at` does, even for a value stored with microseconds.
      fromMs: sql<number>`ceil(extract(epoch from ${settingVersions.effectiveFrom}) * 1000)::float8`,
    })
    .from(settingVersions)
    .orderBy(asc(settingVersions.key), desc(settingVersions.effectiveFrom), desc(settingVersions.createdAt));
  const byKey = new Map<string, Version[]>();
  for (const r of rows) {
    const list = byKey.get(r.key) ?? [];
    byKey.set(r.key, list);
    // Every reader shares the value: frozen, so a caller that changes it fails instead of
    // changing it for everybody.
    list.push({ fromMs: Number(r.fromMs), value: Object.freeze(r.value) });
  }
  return byKey;
});

/**
 * What `getSetting(db, key, at)` answers, from this instance's cache of setting_versions: for
 * request paths that read settings outside a transaction. Inside a transaction that may write a
 * setting, use `getSetting` with the transaction, which sees its own writes.
 */
export async function cachedSetting<K extends SettingKey>(
  db: Db,
  key: K,
  at: Date = new Date(),
): Promise<SettingValue<K>> {
  const t = at.getTime();
  const found = (await versions.get(db)).get(key)?.find((v) => v.fromMs <= t);
  return (found ? found.value : SETTINGS[key].default) as SettingValue<K>;
}
