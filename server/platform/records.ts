import { and, desc, eq } from 'drizzle-orm';
import type { Lang, Text } from '../../shared/i18n.js';
import { formatInstant } from '../../shared/time-zone.js';
import type { DbLike } from '../db/client.js';
import { getSetting } from './config/index.js';
import type { Ctx } from './context.js';
import { AppError } from './errors.js';
import { events } from './events/index.js';

/*
 * Helpers every module's commands and queries share: the 404 that does not reveal other
 * branches' records, optimistic concurrency that names who changed a record last, and LIKE
 * escaping. Each module keeps only the names of its own records.
 */

/** Missing and out-of-scope records get the same 404, so nobody learns by probing ids. */
export function recordNotFound(lang: Lang, name: Text, field?: string): AppError {
  return new AppError(
    'entity.not_found',
    { entity: name[lang] },
    field ? [{ path: field, code: 'entity.not_found', message: '' }] : undefined,
  );
}

/** "2026-11-23 10:00:00" in the given zone: the order people in China write dates in. */
export function localDateTime(at: Date, timeZone: string): string {
  return formatInstant(at, timeZone, 'zh-CN', { seconds: true });
}

export interface VersionedRecord {
  /** The entity name events use (org_unit, customer, unit…). */
  entity: string;
  entityId: string;
  version: number;
  updatedAt?: Date;
}

/**
 * Optimistic concurrency: refuses a write based on a stale version, naming who changed the
 * record last and when (from the audit trail), in the company's time zone.
 */
export async function assertVersion(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  target: VersionedRecord,
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
    at: localDateTime(last?.at ?? target.updatedAt ?? ctx.now, timeZone),
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
