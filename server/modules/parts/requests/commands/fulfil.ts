import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import { recordNotFound } from '../../../../platform/records.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { getSetting } from '../../../../platform/config/store.js';
import { partsByIds } from '../../../customers/index.js';
import { resumeFromParts } from '../../../work-orders/index.js';
import { postMovements } from '../../index.js';
import { type DepotLevel, type DepotStock, planFulfilment } from '../../fulfil-rules.js';
import { attributeWait } from '../../shipment-rules.js';
import { depots } from '../../tables.js';
import { chainStock, companyDay, depotChain, type RequestRow } from '../common.js';
import { partRequestLines, partRequests, partShipments } from '../tables.js';
import { localDay } from '../../../warranty/index.js';

export type LineRow = typeof partRequestLines.$inferSelect;

export async function linesOf(tx: DbLike, requestId: string): Promise<LineRow[]> {
  return tx
    .select()
    .from(partRequestLines)
    .where(eq(partRequestLines.requestId, requestId))
    .orderBy(asc(partRequestLines.n));
}

const LEVEL_OF_KIND: Record<string, DepotLevel> = { hq: 'hq', center: 'center', outlet: 'outlet' };

/**
 * An approved request is planned (planFulfilment over the outlet → center → HQ depots, or the
 * approver's depot): each line keeps the depot it ships from; what the outlet's own depot holds is
 * issued to the order at once (no shipment). When everything is issued, the request is received.
 */
export async function planAndIssue(tx: DbLike, ctx: Ctx, req: RequestRow, chosenDepotId?: string): Promise<RequestRow> {
  const lines = await linesOf(tx, req.id);
  const chain = await depotChain(tx, req.outletId);
  const partIds = lines.map((l) => l.partId);
  const stock = await chainStock(tx, chain, partIds);
  let others: DepotStock[] = [];
  if (chosenDepotId && !chain.some((d) => d.depotId === chosenDepotId)) {
    const [d] = await tx
      .select()
      .from(depots)
      .where(and(eq(depots.id, chosenDepotId), eq(depots.active, true)));
    if (!d) throw recordNotFound(ctx.lang, { 'zh-CN': '库', en: 'Depot' }, 'depotId');
    others = await chainStock(
      tx,
      [{ depotId: d.id, level: LEVEL_OF_KIND[d.kind] ?? 'outlet', orgUnitId: d.orgUnitId, orgPath: '' }],
      partIds,
    );
  }
  const outstanding = lines.map((l) => ({ line: l, quantity: l.quantity - l.receivedQty }));
  const todo = outstanding.filter((o) => o.quantity > 0);
  const plan = planFulfilment({
    lines: todo.map((o) => ({ partId: o.line.partId, quantity: o.quantity, depotId: chosenDepotId ?? null })),
    chain: stock,
    others,
  });
  const names = await partsByIds(tx, partIds);
  const outletDepot = chain[0]!.depotId;
  const issues: { line: LineRow; quantity: number }[] = [];
  let unavailableAtHq = req.unavailableAtHq;
  for (const [i, p] of plan.entries()) {
    const o = todo[i]!;
    if (p.status === 'refused')
      throw new AppError(
        'part_request.fulfil_refused',
        { part: names.get(p.partId)?.code ?? p.partId, reason: p.explanation['zh-CN'], reasonEn: p.explanation.en },
        [{ path: 'depotId', code: 'part_request.fulfil_refused', message: '' }],
      );
    if (p.status === 'unavailable') {
      unavailableAtHq ||= p.unavailableAtHq;
      await tx.update(partRequestLines).set({ fromDepotId: null }).where(eq(partRequestLines.id, o.line.id));
      continue;
    }
    const local = p.from.find((a) => a.depotId === outletDepot)?.quantity ?? 0;
    if (local > 0) issues.push({ line: o.line, quantity: local });
    const remote = p.from.find((a) => a.depotId !== outletDepot);
    await tx
      .update(partRequestLines)
      .set({ fromDepotId: remote?.depotId ?? outletDepot })
      .where(eq(partRequestLines.id, o.line.id));
  }
  if (issues.length > 0) {
    await postMovements(
      tx,
      ctx,
      issues.map((x) => ({
        kind: 'issue' as const,
        depotId: outletDepot,
        partId: x.line.partId,
        quantity: x.quantity,
        orderId: req.orderId,
        document: { kind: 'part_request', id: req.id },
        note: req.code,
      })),
    );
    for (const x of issues)
      await tx
        .update(partRequestLines)
        .set({ receivedQty: x.line.receivedQty + x.quantity })
        .where(eq(partRequestLines.id, x.line.id));
  }
  const [row] = await tx
    .update(partRequests)
    .set({
      plan: plan.map((p) => ({ partId: p.partId, status: p.status, explanation: p.explanation })),
      unavailableAtHq,
      updatedAt: ctx.now,
    })
    .where(eq(partRequests.id, req.id))
    .returning();
  return finishIfArrived(tx, ctx, row!);
}

/**
 * Every line has arrived: the request is received, the wait is attributed (attributeWait: the
 * outlet's own stock is the outlet's, a center's the center's, HQ's shortage or late shipment HQ's)
 * and the order, when it waits for parts and no other request of it is still open, resumes.
 */
export async function finishIfArrived(tx: DbLike, ctx: Ctx, req: RequestRow): Promise<RequestRow> {
  const lines = await linesOf(tx, req.id);
  if (lines.some((l) => l.receivedQty < l.quantity)) return req;
  const timeZone = await getSetting(tx, 'company.timeZone', ctx.now);
  const shipments = await tx.select().from(partShipments).where(eq(partShipments.requestId, req.id));
  const latest = shipments.sort((a, b) => b.shippedAt.getTime() - a.shippedAt.getTime())[0];
  const today = await companyDay(tx, ctx.now);
  const attribution = attributeWait({
    requestedDay: localDay(req.createdAt, timeZone),
    source: latest ? latest.fromLevel : 'outlet',
    unavailableAtHq: req.unavailableAtHq,
    shippedDay: latest ? localDay(latest.shippedAt, timeZone) : null,
    arrivedDay: today,
    promisedDays: latest?.promisedDays ?? 0,
    today,
  });
  const [row] = await tx
    .update(partRequests)
    .set({
      status: 'received',
      receivedAt: ctx.now,
      waitAttribution: attribution,
      waitParty: attribution.total > 0 ? attribution.party : null,
      updatedAt: ctx.now,
      version: req.version + 1,
    })
    .where(eq(partRequests.id, req.id))
    .returning();
  await appendEvent(tx, ctx, {
    entity: 'part_request',
    entityId: req.id,
    action: 'part_request.received',
    before: { status: req.status },
    after: { status: 'received', waitParty: row!.waitParty, waitDays: attribution.days },
    reason: attribution.explanation['zh-CN'],
    orgPath: req.orgPath,
  });
  await resumeIfNoneOpen(tx, ctx, req.orderId, req.code);
  return row!;
}

export const OPEN_STATUSES = ['pending_center', 'pending_hq', 'approved', 'shipped'] as const;

/** The order resumes from its wait for parts once no request of it is open any more. */
export async function resumeIfNoneOpen(tx: DbLike, ctx: Ctx, orderId: string, note: string): Promise<boolean> {
  const open = await tx
    .select({ id: partRequests.id })
    .from(partRequests)
    .where(and(eq(partRequests.orderId, orderId), inArray(partRequests.status, [...OPEN_STATUSES])));
  if (open.length > 0) return false;
  return resumeFromParts(tx, ctx, orderId, note);
}
