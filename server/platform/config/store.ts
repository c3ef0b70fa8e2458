import { and, desc, eq, lte } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { invalidateCaches } from '../cache/index.js';
import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { appendEvent } from '../events/append.js';
import { SETTINGS_CACHE } from './cached.js';
import { isSettingKey, keepSecrets, maskSecrets, SETTINGS, type SettingKey, type SettingValue } from './registry.js';
import { settingVersions } from './tables.js';

/** The value of a setting in force at `at` (default: now), or its default. */
export async function getSetting<K extends SettingKey>(
  db: DbLike,
  key: K,
  at: Date = new Date(),
): Promise<SettingValue<K>> {
  const [row] = await db
    .select({ value: settingVersions.value })
    .from(settingVersions)
    .where(and(eq(settingVersions.key, key), lte(settingVersions.effectiveFrom, at)))
    .orderBy(desc(settingVersions.effectiveFrom), desc(settingVersions.createdAt))
    .limit(1);
  return (row ? row.value : SETTINGS[key].default) as SettingValue<K>;
}

export interface SetSettingInput {
  key: string;
  value: unknown;
  effectiveFrom?: Date;
  note?: string | null;
}

/** Adds a version of a setting (validated by its schema) and its audit event. */
export async function setSetting(tx: DbLike, ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>, input: SetSettingInput) {
  if (!isSettingKey(input.key)) throw new AppError('setting.unknown', { key: input.key });
  const def = SETTINGS[input.key];
  const effectiveFrom = input.effectiveFrom ?? ctx.now;
  const before = await getSetting(tx, input.key, effectiveFrom);
  const parsed = def.schema.safeParse(keepSecrets(def, input.value, before));
  if (!parsed.success) {
    throw new AppError('validation.failed', {}, [
      { path: 'value', code: parsed.error.issues[0]?.code ?? 'custom', message: parsed.error.issues[0]?.message ?? '' },
    ]);
  }
  const [row] = await tx
    .insert(settingVersions)
    .values({
      key: input.key,
      value: parsed.data as never,
      effectiveFrom,
      createdBy: ctx.actor.id,
      note: input.note ?? null,
    })
    .returning();
  await appendEvent(tx, ctx, {
    entity: 'setting',
    entityId: input.key,
    action: 'setting.changed',
    // Secrets never reach the audit trail.
    before: { value: maskSecrets(def, before) },
    after: { value: maskSecrets(def, parsed.data), effectiveFrom: effectiveFrom.toISOString() },
    reason: input.note ?? null,
  });
  await invalidateCaches(tx, [SETTINGS_CACHE]);
  return row!;
}
