import { and, desc, eq } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { events } from '../../platform/events/index.js';

/** What the org module's records are called in messages. */
const ENTITY_NAMES = {
  org_unit: { 'zh-CN': '组织', en: 'Unit' },
  user: { 'zh-CN': '用户', en: 'User' },
  role: { 'zh-CN': '角色', en: 'Role' },
} as const satisfies Record<string, Text>;
export type OrgEntity = keyof typeof ENTITY_NAMES;

/**
 * Missing and out-of-scope records get the same 404, so nobody learns that a record of another
 * branch exists by probing ids.
 */
export function notFound(ctx: Pick<Ctx, 'lang'>, entity: OrgEntity): AppError {
  return new AppError('entity.not_found', { entity: ENTITY_NAMES[entity][ctx.lang] });
}

function localTime(at: Date, timeZone: string): string {
  // sv-SE formats as "2026-11-23 10:00:00", the order people in China write dates in.
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
  target: { entity: OrgEntity; entityId: string; version: number; updatedAt?: Date },
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
  const at = last?.at ?? target.updatedAt ?? ctx.now;
  throw new AppError('entity.version_conflict', {
    by: last?.by ?? '?',
    at: localTime(at, timeZone),
    version: target.version,
    expected,
  });
}

/** Escapes LIKE wildcards in user input. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
