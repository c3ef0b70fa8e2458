import type { SQL } from 'drizzle-orm';
import { insertRowsSql } from '../../db/bulk.js';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../context.js';
import { events, type FieldChange } from './tables.js';

export interface EventInput {
  entity: string;
  entityId: string;
  action: string;
  /** Record before the change (omit on create). Only changed fields are stored. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  orgPath?: string | null;
}

/** Fields never written to the audit trail. */
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash', 'idHash', 'csrfToken']);

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The changed fields between two versions of a record, secrets redacted. */
export function diffFields(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (k === 'version' || k === 'updatedAt' || k === 'createdAt') continue;
    const b = before?.[k] ?? null;
    const a = after?.[k] ?? null;
    if (same(a, b)) continue;
    out[k] = SECRET_FIELDS.has(k)
      ? { before: b === null ? null : '***', after: a === null ? null : '***' }
      : { before: b, after: a };
  }
  return out;
}

/** Appends one audit event; call it inside the command's transaction so both commit or neither. */
export async function appendEvent(tx: DbLike, ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>, input: EventInput) {
  const [row] = await tx
    .insert(events)
    .values({
      at: ctx.now,
      actorId: ctx.actor.id,
      actorName: ctx.actor.displayName || ctx.actor.username,
      entity: input.entity,
      entityId: input.entityId,
      action: input.action,
      changes: diffFields(input.before, input.after),
      reason: input.reason ?? null,
      requestId: ctx.requestId,
      orgPath: input.orgPath ?? null,
    })
    .returning({ id: events.id });
  return row!.id;
}

/**
 * A statement part appending one event per entry (the rows `appendEvent` would write, each with
 * its own command's actor, time and request), for commands written together in one statement;
 * `where` filters them (`r.entity_id`, …).
 */
export function eventsInsertSql(
  entries: readonly { ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>; event: EventInput }[],
  where?: SQL,
  /** Columns computed in the statement (`insertRowsSql`'s `select`), e.g. changes completed there. */
  select?: { changes?: string },
): SQL {
  const rows = entries.map(({ ctx, event }) => ({
    at: ctx.now,
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName || ctx.actor.username,
    entity: event.entity,
    entityId: event.entityId,
    action: event.action,
    changes: diffFields(event.before, event.after),
    reason: event.reason ?? null,
    requestId: ctx.requestId ?? null,
    orgPath: event.orgPath ?? null,
  }));
  return insertRowsSql(events, rows, { ...(where ? { where } : {}), ...(select ? { select } : {}) });
}
