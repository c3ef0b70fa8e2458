import { and, desc, eq, like, sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { events } from '../../platform/events/index.js';
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
  return new AppError('entity.not_found', { entity: ENTITY_NAMES[entity][ctx.lang] });
}

export function notFoundField(ctx: Pick<Ctx, 'lang'>, entity: IntakeEntity, path: string): AppError {
  const name = ENTITY_NAMES[entity][ctx.lang];
  return new AppError('entity.not_found', { entity: name }, [{ path, code: 'entity.not_found', message: '' }]);
}

/** Refuses a write based on a stale version, naming who changed the record last and when. */
export async function assertVersion(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  target: { entity: IntakeEntity; id: string; version: number },
  expected: number,
): Promise<void> {
  if (target.version === expected) return;
  const [last] = await tx
    .select({ by: events.actorName, at: events.at })
    .from(events)
    .where(and(eq(events.entity, target.entity), eq(events.entityId, target.id)))
    .orderBy(desc(events.id))
    .limit(1);
  const timeZone = await getSetting(tx, 'company.timeZone', ctx.now);
  const at = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(last?.at ?? ctx.now);
  throw new AppError('entity.version_conflict', { by: last?.by ?? '?', at, version: target.version, expected });
}

const SEQUENCES = {
  contact: { table: contacts, column: contacts.code, prefix: (day: string) => `T${day}` },
  service_request: { table: serviceRequests, column: serviceRequests.code, prefix: (day: string) => `SR${day}-` },
} as const;

/**
 * The next number of the day for contacts or requests. An advisory lock held to the end of the
 * transaction serialises concurrent writers (on every instance), so numbers never clash.
 */
export async function nextSequence(tx: DbLike, kind: keyof typeof SEQUENCES, now: Date): Promise<{ day: string; seq: number }> {
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
