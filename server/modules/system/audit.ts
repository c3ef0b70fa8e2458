import { and, desc, eq, gte, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import { withinScope } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import type { AuditPage, AuditQuery } from '../../platform/events/contract.js';
import { events } from '../../platform/events/index.js';
import { cappedTotal } from '../../platform/lists/count.js';
import { auditChangesFor } from '../customers/index.js';

/** The audit trail, newest first, org-scoped like the records it describes; keyset-paged by id. */
export async function listAuditEvents(ctx: Ctx, q: AuditQuery): Promise<AuditPage> {
  // Company-wide events (settings) carry no org path; only people at the root (HQ) see them.
  const atRoot = ctx.actor.kind === 'system' || ctx.actor.orgPath.split('/').filter(Boolean).length === 1;
  const scope = withinScope(ctx.actor, events.orgPath);
  const where: SQL[] = [atRoot ? or(scope, isNull(events.orgPath))! : scope];
  if (q.entity) where.push(eq(events.entity, q.entity));
  if (q.entityId) where.push(eq(events.entityId, q.entityId));
  if (q.actorId) where.push(eq(events.actorId, q.actorId));
  if (q.action) where.push(eq(events.action, q.action));
  if (q.from) where.push(gte(events.at, new Date(q.from)));
  if (q.to) where.push(lte(events.at, new Date(q.to)));
  const filter = and(...where);
  const rows = await ctx.db
    .select()
    .from(events)
    .where(q.before ? and(filter, lt(events.id, q.before)) : filter)
    .orderBy(desc(events.id))
    .limit(q.limit + 1);
  const counted = await cappedTotal(ctx.db, events, filter);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorName: e.actorName,
      entity: e.entity,
      entityId: e.entityId,
      action: e.action,
      changes: auditChangesFor(ctx.actor, e.changes),
      reason: e.reason,
      requestId: e.requestId,
    })),
    ...counted,
    nextBefore: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}
