// Provisional: replaced by the settings cache of the config module.
import type { Db } from '../../db/client.js';
import { type SettingKey, type SettingValue } from './registry.js';
import { getSetting } from './store.js';

export async function cachedSetting<K extends SettingKey>(
  db: Db,
  key: K,
  at: Date = new Date(),
): Promise<SettingValue<K>> {
  return getSetting(db, key, at);
}
