import { and, desc, eq } from 'drizzle-orm';
import type { Text } from '../../../../shared/i18n.js';
import type { DbLike } from '../../../db/client.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { events } from '../../../platform/events/index.js';

/** What the catalog's and the installed base's records are called in messages and events. */
const ENTITY_NAMES = {
  product_line: { 'zh-CN': '产品线', en: 'Product line' },
  product_model: { 'zh-CN': '产品型号', en: 'Product model' },
  part: { 'zh-CN': '配件', en: 'Part' },
  unit: { 'zh-CN': '产品', en: 'Unit' },
} as const satisfies Record<string, Text>;
export type CatalogEntity = keyof typeof ENTITY_NAMES;

/** Missing and out-of-scope records get the same 404, so probing ids teaches nothing. */
export function notFound(ctx: Pick<Ctx, 'lang'>, entity: CatalogEntity): AppError {
  return new AppError('entity.not_found', { entity: ENTITY_NAMES[entity][ctx.lang] });
}

function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(at);
}

/**
 * Optimistic concurrency: refuses a write based on a stale version, naming who changed the
 * record last and when (from the audit trail), in the company's time zone.
 */
export async function assertVersion(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  target: { entity: CatalogEntity; entityId: string; version: number; updatedAt?: Date },
  expected: number,
): Promise<void> {
  if (target.version === expected) return;
  const [last] = await tx
    .select({ by: events.actorName, at: events.at })
    .from(events)
    .where(and(eq(events.entity, target.entity), eq(events.entityId, target.entityId)))
    .orderBy(desc(events.id))
    .limit(1);
  const timeZone = await getSetting(tx, 'company.timeZone', ctx.now);
  throw new AppError('entity.version_conflict', {
    by: last?.by ?? '?',
    at: localTime(last?.at ?? target.updatedAt ?? ctx.now, timeZone),
    version: target.version,
    expected,
  });
}

/** Escapes LIKE wildcards in user input. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Only the fields a PATCH body actually carries (undefined means "leave as is"). */
export function definedFields<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
