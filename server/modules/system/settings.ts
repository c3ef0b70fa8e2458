import { asc, desc, eq, gt } from 'drizzle-orm';
import {
  getSetting,
  isSettingKey,
  SETTING_KEYS,
  maskSecrets,
  SETTINGS,
  type SettingKey,
  setSetting,
  settingVersions,
} from '../../platform/config/index.js';
import type { SettingInfo } from '../../platform/config/contract.js';
import type { Ctx } from '../../platform/context.js';
import { users } from '../../platform/identity/tables.js';
import { AppError } from '../../platform/errors.js';

/** Every setting with the value in force now and the versions scheduled for later. */
export async function listSettings(ctx: Ctx): Promise<SettingInfo[]> {
  const upcoming = await ctx.db
    .select({ key: settingVersions.key, value: settingVersions.value, effectiveFrom: settingVersions.effectiveFrom })
    .from(settingVersions)
    .where(gt(settingVersions.effectiveFrom, ctx.now))
    .orderBy(asc(settingVersions.effectiveFrom));
  const values = await Promise.all(SETTING_KEYS.map((k) => getSetting(ctx.db, k, ctx.now)));
  return SETTING_KEYS.map((key, i) => {
    const def = SETTINGS[key];
    return {
      key,
      group: def.group,
      labelZh: def.label['zh-CN'],
      labelEn: def.label.en,
      value: maskSecrets(def, values[i]),
      default: def.default,
      options:
        'options' in def && def.options
          ? def.options.map((o) => ({ value: o.value, labelZh: o.label['zh-CN'], labelEn: o.label.en }))
          : null,
      upcoming: upcoming
        .filter((u) => u.key === key)
        .map((u) => ({ value: maskSecrets(def, u.value), effectiveFrom: u.effectiveFrom.toISOString() })),
    };
  });
}

function knownKey(key: string): SettingKey {
  if (!isSettingKey(key)) throw new AppError('setting.unknown', { key });
  return key;
}

export async function listSettingVersions(ctx: Ctx, key: string) {
  const rows = await ctx.db
    .select({
      id: settingVersions.id,
      key: settingVersions.key,
      value: settingVersions.value,
      effectiveFrom: settingVersions.effectiveFrom,
      createdAt: settingVersions.createdAt,
      createdBy: settingVersions.createdBy,
      createdByName: users.displayName,
      note: settingVersions.note,
    })
    .from(settingVersions)
    .leftJoin(users, eq(users.id, settingVersions.createdBy))
    .where(eq(settingVersions.key, knownKey(key)))
    .orderBy(desc(settingVersions.effectiveFrom), desc(settingVersions.createdAt));
  const def = SETTINGS[knownKey(key)];
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    value: maskSecrets(def, r.value),
    effectiveFrom: r.effectiveFrom.toISOString(),
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    createdByName: r.createdByName,
    note: r.note,
  }));
}

/** A new version of one setting, effective now or from a later date; audited by the store. */
export async function changeSetting(
  ctx: Ctx,
  key: string,
  body: { value: unknown; effectiveFrom?: string; note?: string },
) {
  knownKey(key);
  await ctx.db.transaction((tx) =>
    setSetting(tx, ctx, {
      key,
      value: body.value,
      effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom) : undefined,
      note: body.note ?? null,
    }),
  );
  const [info] = (await listSettings(ctx)).filter((s) => s.key === key);
  return info!;
}
