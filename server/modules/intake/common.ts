import { and, desc, like, sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import type { AppError } from '../../platform/errors.js';
import { assertVersion as checkVersion, recordNotFound } from '../../platform/records.js';
import { dayStamp, lastSequence } from './rules.js';
import { contacts, serviceRequests } from './tables.js';

const ENTITY_NAMES = {
  contact: { 'zh-CN': '来电记录', en: 'Contact' },
  service_request: { 'zh-CN': '服务申请', en: 'Service request' },
  customer: { 'zh-CN': '客户', en: 'Customer' },
  unit: { 'zh-CN': '产品', en: 'Unit' },
  address: { 'zh-CN': '地址', en: 'Address' },
  model: { 'zh-CN': '型号', en: 'Model' },
} as const satisfies Record<string, Text>;
export type IntakeEntity = keyof typeof ENTITY_NAMES;

/** Missing and out-of-scope records read alike, so ids of other branches cannot be probed. */
export function notFound(ctx: Pick<Ctx, 'lang'>, entity: IntakeEntity): AppError {
  return recordNotFound(ctx.lang, ENTITY_NAMES[entity]);
}

export function notFoundField(ctx: Pick<Ctx, 'lang'>, entity: IntakeEntity, path: string): AppError {
  return recordNotFound(ctx.lang, ENTITY_NAMES[entity], path);
}

/** Refuses a write based on a stale version, naming who changed the record last and when. */
export function assertVersion(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  target: { entity: IntakeEntity; id: string; version: number },
  expected: number,
): Promise<void> {
  return checkVersion(tx, ctx, { entity: target.entity, entityId: target.id, version: target.version }, expected);
}

const SEQUENCES = {
  contact: { table: contacts, column: contacts.code, prefix: (day: string) => `T${day}` },
  service_request: { table: serviceRequests, column: serviceRequests.code, prefix: (day: string) => `SR${day}-` },
} as const;

/**
 * The next number of the day for contacts or requests. An advisory lock held to the end of the
 * transaction serialises concurrent writers (on every instance), so numbers never clash.
 */
export async function nextSequence(
  tx: DbLike,
  kind: keyof typeof SEQUENCES,
  now: Date,
): Promise<{ day: string; seq: number }> {
  const s = SEQUENCES[kind];
  const timeZone = await getSetting(tx, 'company.timeZone', now);
  const day = dayStamp(now, timeZone);
  const prefix = s.prefix(day);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sanbao.seq.${kind}`}))`);
  const [last] = await tx
    .select({ code: s.column })
    .from(s.table)
    .where(and(sql`${s.column} >= ${prefix}`, like(s.column, `${prefix}%`)))
    .orderBy(sql`length(${s.column}) desc`, desc(s.column))
    .limit(1);
  return { day, seq: lastSequence(last?.code, prefix) + 1 };
}

export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
