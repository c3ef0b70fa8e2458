import { and, desc, eq, like, sql } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import { hasPermission } from '../../../../platform/access/index.js';
import { getSetting } from '../../../../platform/config/store.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError, fieldError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { inboxRecipients, notifyInbox } from '../../../../platform/notify/index.js';
import { recordNotFound } from '../../../../platform/records.js';
import { pathInScope } from '../../../../platform/access/index.js';
import { partsByIds } from '../../../customers/index.js';
import { depotInScope, postMovements } from '../../index.js';
import { expectedArrival, receiveLines, shipmentLateness } from '../../shipment-rules.js';
import { depots } from '../../tables.js';
import { companyDay, depotChain, lockRequest, type RequestRow, SHIPMENT_NAME, wrongStatus } from '../common.js';
import type { ReceiveBody, ShipBody } from '../contract.js';
import { partRequestLines, partRequests, partShipmentLines, partShipments } from '../tables.js';
import { finishIfArrived, linesOf, planAndIssue } from './fulfil.js';
import { promiseFor } from './shipment-routes.js';

function mayMoveStock(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'parts.manage')) throw new AppError('auth.forbidden', { permission: 'parts.manage' });
}

async function nextShipmentCode(tx: DbLike, day: string): Promise<string> {
  const prefix = `PS-${day.replaceAll('-', '')}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sanbao.seq.part_shipment'))`);
  const [last] = await tx
    .select({ code: partShipments.code })
    .from(partShipments)
    .where(like(partShipments.code, `${prefix}%`))
    .orderBy(desc(partShipments.code))
    .limit(1);
  const n = last ? Number(last.code.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, '0')}`;
}

/** What of each part is still to ship: requested − arrived − on shipments not yet received. */
async function toShip(tx: DbLike, requestId: string) {
  const lines = await linesOf(tx, requestId);
  const open = await tx
    .select({ partId: partShipmentLines.partId, qty: partShipmentLines.qtyShipped })
    .from(partShipmentLines)
    .innerJoin(partShipments, eq(partShipments.id, partShipmentLines.shipmentId))
    .where(and(eq(partShipments.requestId, requestId), sql`${partShipments.receivedAt} is null`));
  const inFlight = new Map<string, number>();
  for (const o of open) inFlight.set(o.partId, (inFlight.get(o.partId) ?? 0) + o.qty);
  const left = new Map<string, number>();
  for (const l of lines) left.set(l.partId, (left.get(l.partId) ?? 0) + l.quantity - l.receivedQty);
  for (const [p, n] of inFlight) left.set(p, (left.get(p) ?? 0) - n);
  return { lines, left };
}

/**
 * The receiving outlet's people who request or manage parts learn that a shipment is on its way
 * (inbox, and e-mail for those who asked for 'parts.shipped'), in the shipping transaction.
 */
async function noticeShipped(
  tx: DbLike,
  ctx: Ctx,
  req: RequestRow,
  shipment: typeof partShipments.$inferSelect,
  lineCount: number,
): Promise<void> {
  const people = new Set([
    ...(await inboxRecipients(tx, { orgUnitId: req.outletId, permission: 'parts.request' })),
    ...(await inboxRecipients(tx, { orgUnitId: req.outletId, permission: 'parts.manage' })),
  ]);
  if (!people.size) return;
  const via = `${shipment.carrier} ${shipment.trackingNo}`;
  await notifyInbox(tx, {
    userIds: [...people],
    title: { 'zh-CN': `配件已发货：${shipment.code}`, en: `Parts shipped: ${shipment.code}` },
    body: {
      'zh-CN': `配件申请${req.code}（服务单${req.orderCode}）的发货单${shipment.code}已发出，共${lineCount}项配件，${via}，预计${shipment.expectedDay}到达，请到货后收货。`,
      en: `Shipment ${shipment.code} of parts request ${req.code} (order ${req.orderCode}) is on its way: ${lineCount} line(s), ${via}, expected on ${shipment.expectedDay}. Receive it when it arrives.`,
    },
    link: '/part-requests',
    entity: 'part_request',
    entityId: req.id,
    at: ctx.now,
    event: 'parts.shipped',
    orgPath: req.orgPath,
  });
}

/**
 * A depot ships an approved request to the outlet: transfer_out from the source into the outlet's
 * depot (in transit there), a shipment with carrier, tracking number and expected day (the
 * route's promised days, else parts.shipmentPromisedDays; the shipped day not counted). The source
 * defaults to the depot the plan chose. The outlet's own depot does not ship: its stock is issued
 * to the order directly.
 */
export async function shipRequest(ctx: Ctx, id: string, input: ShipBody): Promise<string | null> {
  mayMoveStock(ctx);
  return ctx.db.transaction(async (tx) => {
    const req = await lockRequest(tx, ctx, id);
    if (req.status !== 'approved' && req.status !== 'shipped') throw wrongStatus(req, 'ship');
    const chain = await depotChain(tx, req.outletId);
    const outletDepot = chain[0]!;
    const { lines, left } = await toShip(tx, id);
    const fromDepotId =
      input.fromDepotId ?? lines.find((l) => l.fromDepotId && (left.get(l.partId) ?? 0) > 0)?.fromDepotId ?? null;
    if (!fromDepotId) throw fieldError('fromDepotId', 'validation.failed');
    if (fromDepotId === outletDepot.depotId) {
      // The outlet holds it: no shipment, the parts are issued to the order.
      await planAndIssue(tx, ctx, req, fromDepotId);
      return null;
    }
    const source = await depotInScope(tx, ctx, fromDepotId, 'fromDepotId');
    const [src] = await tx.select({ kind: depots.kind }).from(depots).where(eq(depots.id, fromDepotId));
    const wanted =
      input.lines ??
      lines
        .filter((l) => (l.fromDepotId === fromDepotId || input.fromDepotId) && (left.get(l.partId) ?? 0) > 0)
        .map((l) => ({ partId: l.partId, quantity: Math.min(l.quantity, left.get(l.partId)!), serials: undefined }));
    const names = await partsByIds(
      tx,
      wanted.map((w) => w.partId),
    );
    for (const [i, w] of wanted.entries()) {
      const max = left.get(w.partId) ?? 0;
      if (w.quantity > max)
        throw fieldError(input.lines ? `lines.${i}.quantity` : 'lines', 'part_request.too_many', {
          part: names.get(w.partId)?.code ?? w.partId,
          max,
        });
    }
    if (wanted.length === 0) throw new AppError('part_request.nothing_to_ship', { code: req.code });
    const day = await companyDay(tx, ctx.now);
    // The route's promise to the outlet's unit, else parts.shipmentPromisedDays (promisedDaysFor).
    const { promisedDays, routeId } = await promiseFor(tx, ctx.now, fromDepotId, outletDepot.orgPath);
    const code = await nextShipmentCode(tx, day);
    const fromLevel = src!.kind === 'hq' ? 'hq' : src!.kind === 'center' ? 'center' : 'outlet';
    const [shipment] = await tx
      .insert(partShipments)
      .values({
        code,
        requestId: id,
        fromDepotId,
        toDepotId: outletDepot.depotId,
        fromLevel,
        orgPath: req.orgPath,
        carrier: input.carrier,
        trackingNo: input.trackingNo,
        shippedAt: ctx.now,
        shippedBy: ctx.actor.id,
        promisedDays,
        promiseRouteId: routeId,
        expectedDay: expectedArrival(day, promisedDays),
      })
      .returning();
    await tx.insert(partShipmentLines).values(
      wanted.map((w) => ({
        shipmentId: shipment!.id,
        partId: w.partId,
        qtyShipped: w.quantity,
        serials: w.serials ?? [],
      })),
    );
    await postMovements(
      tx,
      ctx,
      wanted.map((w) => ({
        kind: 'transfer_out' as const,
        depotId: fromDepotId,
        toDepotId: outletDepot.depotId,
        partId: w.partId,
        quantity: w.quantity,
        ...(w.serials?.length ? { serials: w.serials } : {}),
        document: { kind: 'part_shipment', id: shipment!.id },
        note: `${req.code} ${code}`,
      })),
    );
    await tx
      .update(partRequests)
      .set({ status: 'shipped', updatedAt: ctx.now, version: req.version + 1 })
      .where(eq(partRequests.id, id));
    await appendEvent(tx, ctx, {
      entity: 'part_request',
      entityId: id,
      action: 'part_request.shipped',
      before: { status: req.status },
      after: {
        status: 'shipped',
        shipment: code,
        from: source.code,
        carrier: input.carrier,
        trackingNo: input.trackingNo,
        promisedDays,
        promise: routeId ? 'route' : 'default',
        expectedDay: shipment!.expectedDay,
        lines: wanted.map((w) => ({ part: names.get(w.partId)?.code, quantity: w.quantity })),
      },
      orgPath: req.orgPath,
    });
    await noticeShipped(tx, ctx, req, shipment!, wanted.length);
    return shipment!.id;
  });
}

/**
 * The outlet receives a shipment: what arrived of what was shipped moves from in transit into its
 * depot (transfer_in) and is issued to the order; short, over and wrong items are recorded
 * (receiveLines); the shipment's lateness is computed and, when late or wrong, attributed to the
 * shipping depot's level. When every line of the request has arrived, the request is received and
 * the order resumes.
 */
export async function receiveShipment(ctx: Ctx, shipmentId: string, input: ReceiveBody): Promise<string> {
  if (!hasPermission(ctx.actor, 'parts.manage') && !hasPermission(ctx.actor, 'parts.request'))
    throw new AppError('auth.forbidden', { permission: 'parts.manage' });
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx.select().from(partShipments).where(eq(partShipments.id, shipmentId));
    if (!found || !pathInScope(ctx.actor, found.orgPath)) throw recordNotFound(ctx.lang, SHIPMENT_NAME);
    const req = await lockRequest(tx, ctx, found.requestId);
    const [shipment] = await tx.select().from(partShipments).where(eq(partShipments.id, shipmentId)).for('update');
    if (shipment!.receivedAt)
      throw new AppError('part_shipment.already_received', {
        code: shipment!.code,
        at: shipment!.receivedAt.toISOString(),
      });
    const shipLines = await tx.select().from(partShipmentLines).where(eq(partShipmentLines.shipmentId, shipmentId));
    const outcome = receiveLines(
      shipLines.map((l) => ({ partId: l.partId, quantity: l.qtyShipped })),
      input.lines.map((l) => ({ partId: l.partId, quantity: l.quantity })),
    );
    // What arrives into stock: of each shipped part, at most what was shipped (an over or wrong item is recorded, not booked in).
    const gotByPart = new Map<string, number>();
    for (const o of outcome) if (o.status !== 'wrong_part') gotByPart.set(o.partId, Math.min(o.shipped, o.received));
    const serialsByPart = new Map<string, string[]>();
    for (const l of input.lines)
      if (l.serials?.length) serialsByPart.set(l.partId, [...(serialsByPart.get(l.partId) ?? []), ...l.serials]);
    const arrived = [...gotByPart].filter(([, n]) => n > 0);
    const moves = arrived.flatMap(([partId, n]) => {
      const serials = serialsByPart.get(partId);
      const common = { partId, quantity: n, ...(serials?.length ? { serials } : {}) };
      return [
        {
          kind: 'transfer_in' as const,
          depotId: shipment!.toDepotId,
          fromDepotId: shipment!.fromDepotId,
          ...common,
          document: { kind: 'part_shipment', id: shipmentId },
          note: shipment!.code,
        },
        {
          kind: 'issue' as const,
          depotId: shipment!.toDepotId,
          orderId: req.orderId,
          ...common,
          document: { kind: 'part_request', id: req.id },
          note: req.code,
        },
      ];
    });
    // transfer_in before issue for the same balance: post in two calls, each locked in order.
    if (moves.length) {
      await postMovements(
        tx,
        ctx,
        moves.filter((m) => m.kind === 'transfer_in'),
      );
      await postMovements(
        tx,
        ctx,
        moves.filter((m) => m.kind === 'issue'),
      );
    }
    const timeZone = await getSetting(tx, 'company.timeZone', ctx.now);
    const lateness = shipmentLateness(shipment!.shippedAt, ctx.now, ctx.now, shipment!.promisedDays, timeZone);
    const wrong = outcome.some((o) => o.status !== 'ok');
    const attributedParty = lateness.daysLate > 0 || wrong ? shipment!.fromLevel : null;
    await tx
      .update(partShipments)
      .set({ receivedAt: ctx.now, receivedBy: ctx.actor.id, latenessDays: lateness.daysLate, attributedParty, wrong })
      .where(eq(partShipments.id, shipmentId));
    for (const l of shipLines) {
      const o = outcome.find((x) => x.partId === l.partId)!;
      await tx
        .update(partShipmentLines)
        .set({ qtyReceived: o.received, receivedSerials: serialsByPart.get(l.partId) ?? null, outcome: o.status })
        .where(eq(partShipmentLines.id, l.id));
    }
    for (const o of outcome.filter((x) => x.status === 'wrong_part'))
      await tx.insert(partShipmentLines).values({
        shipmentId,
        partId: o.partId,
        qtyShipped: 0,
        qtyReceived: o.received,
        receivedSerials: serialsByPart.get(o.partId) ?? null,
        outcome: 'wrong_part',
      });
    // Book the arrivals onto the request's lines, in line order.
    const lines = await linesOf(tx, req.id);
    for (const [partId, n0] of arrived) {
      let n = n0;
      for (const l of lines.filter((x) => x.partId === partId)) {
        const take = Math.min(n, l.quantity - l.receivedQty);
        if (take <= 0) continue;
        n -= take;
        l.receivedQty += take;
        await tx
          .update(partRequestLines)
          .set({ receivedQty: l.receivedQty, outcome: outcome.find((o) => o.partId === partId)!.status })
          .where(eq(partRequestLines.id, l.id));
      }
    }
    for (const l of lines)
      if (!arrived.some(([p]) => p === l.partId) && shipLines.some((s) => s.partId === l.partId))
        await tx.update(partRequestLines).set({ outcome: 'short' }).where(eq(partRequestLines.id, l.id));
    const names = await partsByIds(
      tx,
      outcome.map((o) => o.partId),
    );
    await appendEvent(tx, ctx, {
      entity: 'part_request',
      entityId: req.id,
      action: 'part_shipment.received',
      after: {
        shipment: shipment!.code,
        daysLate: lateness.daysLate,
        attributedParty,
        lines: outcome.map((o) => ({
          part: names.get(o.partId)?.code,
          status: o.status,
          shipped: o.shipped,
          received: o.received,
        })),
      },
      reason: [
        lateness.explanation['zh-CN'],
        ...outcome.filter((o) => o.status !== 'ok').map((o) => o.explanation['zh-CN']),
      ].join('；'),
      orgPath: req.orgPath,
    });
    await finishIfArrived(tx, ctx, req);
    return req.id;
  });
}
