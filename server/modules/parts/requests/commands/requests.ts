import { and, desc, eq, like, sql } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import { hasPermission } from '../../../../platform/access/index.js';
import { getSetting } from '../../../../platform/config/store.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError, fieldError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { modelBom, partsByIds } from '../../../customers/index.js';
import { orderForParts, waitForParts } from '../../../work-orders/index.js';
import { ensureDepotFor, postMovements } from '../../index.js';
import { judgeRequest } from '../../quota-rules.js';
import { partCostFen } from '../cost.js';
import { companyDay, lockRequest, quotaMove, quotaView, type RequestRow, wrongStatus } from '../common.js';
import type { RequestCreate, ReturnBody } from '../contract.js';
import { partRequestLines, partRequests, partShipments } from '../tables.js';
import { linesOf, planAndIssue, resumeIfNoneOpen } from './fulfil.js';

async function nextRequestCode(tx: DbLike, day: string): Promise<string> {
  const prefix = `PR-${day.replaceAll('-', '')}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sanbao.seq.part_request'))`);
  const [last] = await tx
    .select({ code: partRequests.code })
    .from(partRequests)
    .where(like(partRequests.code, `${prefix}%`))
    .orderBy(desc(partRequests.code))
    .limit(1);
  const n = last ? Number(last.code.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, '0')}`;
}

export function mayRequestParts(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'parts.request') && !hasPermission(ctx.actor, 'parts.manage'))
    throw new AppError('auth.forbidden', { permission: 'parts.request' });
}

/**
 * What a request would be judged before anything is written: the order (in scope, open), every
 * part in its model's parts list, each line's unit cost of the day, and judgeRequest against the
 * remaining quotas and settings. The request itself and its preview both go through here, so the
 * warning the requester sees before sending is the decision the request then gets.
 */
async function judgeFor(tx: DbLike, ctx: Ctx, input: RequestCreate, lock: boolean) {
  const order = await orderForParts(tx, ctx, input.orderId, { lock });
  if (!order.open)
    throw new AppError('part_request.order_closed', { order: order.code, state: order.state }, [
      { path: 'orderId', code: 'part_request.order_closed', message: '' },
    ]);
  const bom = order.modelId ? await modelBom(tx, order.modelId) : [];
  const inModel = new Set(bom.map((b) => b.partId));
  const known = await partsByIds(
    tx,
    input.lines.map((l) => l.partId),
  );
  for (const [i, l] of input.lines.entries()) {
    if (!inModel.has(l.partId))
      throw fieldError(`lines.${i}.partId`, 'part_request.part_not_in_model', {
        part: known.get(l.partId)?.code ?? l.partId,
      });
  }
  const day = await companyDay(tx, ctx.now);
  const lines = [];
  for (const l of input.lines) lines.push({ ...l, unitCostFen: await partCostFen(tx, l.partId, day) });
  const outletId = order.outletId ?? order.holderUnitId;
  const technicianId = order.technicianId;
  const quota = await quotaView(tx, ctx.now, outletId, technicianId);
  const judgement = judgeRequest({
    lines,
    outlet: quota.outlet.remaining,
    ...(technicianId ? { technician: quota.technician?.remaining ?? null } : {}),
    hqApprovalAboveFen: await getSetting(tx, 'parts.hqApprovalAboveFen', ctx.now),
    withoutQuota: await getSetting(tx, 'parts.requestWithoutQuota', ctx.now),
    urgency: input.urgency,
  });
  return { order, known, day, lines, outletId, technicianId, judgement };
}

/** The judgement a request would get now (who approves and why), nothing written. */
export async function previewRequest(ctx: Ctx, input: RequestCreate) {
  mayRequestParts(ctx);
  return ctx.db.transaction(async (tx) => {
    const { judgement } = await judgeFor(tx, ctx, input, false);
    return {
      level: judgement.level,
      totalFen: judgement.totalFen,
      totalQuantity: judgement.totalQuantity,
      explanation: judgement.explanation,
    };
  });
}

/**
 * A technician or outlet requests parts for an order: the parts must be in the order's model's
 * parts list, the order open and in scope. The request is judged against the outlet's and the
 * order technician's remaining quotas (judgeRequest); the order waits for parts; a request within
 * the quotas is approved at once and planned (what the outlet holds is issued straight away).
 */
export async function createRequest(ctx: Ctx, input: RequestCreate) {
  mayRequestParts(ctx);
  return ctx.db.transaction(async (tx) => {
    const { order, known, day, lines, outletId, technicianId, judgement } = await judgeFor(tx, ctx, input, true);
    const code = await nextRequestCode(tx, day);
    const status = judgement.level === 'auto' ? 'approved' : judgement.level === 'hq' ? 'pending_hq' : 'pending_center';
    const [created] = await tx
      .insert(partRequests)
      .values({
        code,
        orderId: order.id,
        orderCode: order.code,
        requesterId: ctx.actor.id,
        technicianId,
        outletId,
        orgPath: order.orgPath,
        urgency: input.urgency,
        status,
        approvalLevel: judgement.level,
        judgement,
        note: input.note ?? null,
        totalFen: judgement.totalFen,
        approvedAt: judgement.level === 'auto' ? ctx.now : null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await tx.insert(partRequestLines).values(
      lines.map((l, n) => ({
        requestId: created!.id,
        n,
        partId: l.partId,
        quantity: l.quantity,
        unitCostFen: l.unitCostFen,
      })),
    );
    await appendEvent(tx, ctx, {
      entity: 'part_request',
      entityId: created!.id,
      action: 'part_request.created',
      after: {
        code,
        orderCode: order.code,
        status,
        level: judgement.level,
        urgency: input.urgency,
        lines: lines.map((l) => ({ part: known.get(l.partId)?.code, quantity: l.quantity })),
      },
      reason: judgement.explanation.map((t) => t['zh-CN']).join('；'),
      orgPath: order.orgPath,
    });
    let req: RequestRow = created!;
    if (status === 'approved') {
      await quotaMove(tx, ctx, req, 'issued', judgement.totalQuantity, judgement.totalFen);
      req = await planAndIssue(tx, ctx, req);
    }
    const orderWaiting =
      req.status === 'received' ? false : await waitForParts(tx, ctx, order.id, `${code} ${input.note ?? ''}`.trim());
    return { id: req.id, orderWaiting, outletId, technicianId };
  });
}

/** The center (or HQ for a request above the HQ threshold) approves; the approver may pick the depot. */
export async function approveRequest(ctx: Ctx, id: string, input: { depotId?: string; note?: string }) {
  return ctx.db.transaction(async (tx) => {
    const req = await lockRequest(tx, ctx, id);
    if (req.status !== 'pending_center' && req.status !== 'pending_hq') throw wrongStatus(req, 'approve');
    const permission = req.status === 'pending_hq' ? 'parts.approve_hq' : 'parts.approve';
    if (!hasPermission(ctx.actor, permission)) throw new AppError('auth.forbidden', { permission });
    const lines = await linesOf(tx, req.id);
    const [row] = await tx
      .update(partRequests)
      .set({
        status: 'approved',
        approvedAt: ctx.now,
        approvedBy: ctx.actor.id,
        updatedAt: ctx.now,
        version: req.version + 1,
      })
      .where(eq(partRequests.id, id))
      .returning();
    await quotaMove(
      tx,
      ctx,
      row!,
      'issued',
      lines.reduce((s, l) => s + l.quantity, 0),
      lines.reduce((s, l) => s + l.quantity * l.unitCostFen, 0),
    );
    await appendEvent(tx, ctx, {
      entity: 'part_request',
      entityId: id,
      action: 'part_request.approved',
      before: { status: req.status },
      after: { status: 'approved', depotId: input.depotId ?? null },
      reason: input.note ?? null,
      orgPath: req.orgPath,
    });
    await planAndIssue(tx, ctx, row!, input.depotId);
  });
}

export async function rejectRequest(ctx: Ctx, id: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const req = await lockRequest(tx, ctx, id);
    if (req.status !== 'pending_center' && req.status !== 'pending_hq') throw wrongStatus(req, 'reject');
    const permission = req.status === 'pending_hq' ? 'parts.approve_hq' : 'parts.approve';
    if (!hasPermission(ctx.actor, permission)) throw new AppError('auth.forbidden', { permission });
    await tx
      .update(partRequests)
      .set({ status: 'rejected', rejectedReason: reason, updatedAt: ctx.now, version: req.version + 1 })
      .where(eq(partRequests.id, id));
    await appendEvent(tx, ctx, {
      entity: 'part_request',
      entityId: id,
      action: 'part_request.rejected',
      before: { status: req.status },
      after: { status: 'rejected' },
      reason,
      orgPath: req.orgPath,
    });
    await resumeIfNoneOpen(tx, ctx, req.orderId, req.code);
  });
}

/**
 * A request nothing of which has been shipped or issued may be cancelled (the requester, or an
 * approver); what it held against the quotas is freed and the order resumes if nothing else is open.
 */
export async function cancelRequest(ctx: Ctx, id: string, reason?: string) {
  mayRequestParts(ctx);
  return ctx.db.transaction(async (tx) => {
    const req = await lockRequest(tx, ctx, id);
    const lines = await linesOf(tx, req.id);
    const shipped = await tx
      .select({ id: partShipments.id })
      .from(partShipments)
      .where(eq(partShipments.requestId, id));
    const cancellable =
      ['pending_center', 'pending_hq', 'approved'].includes(req.status) &&
      shipped.length === 0 &&
      lines.every((l) => l.receivedQty === 0);
    if (!cancellable) throw wrongStatus(req, 'cancel');
    await tx
      .update(partRequests)
      .set({ status: 'cancelled', updatedAt: ctx.now, version: req.version + 1 })
      .where(eq(partRequests.id, id));
    if (req.status === 'approved')
      await quotaMove(
        tx,
        ctx,
        req,
        'returned_unused',
        lines.reduce((s, l) => s + l.quantity, 0),
        lines.reduce((s, l) => s + l.quantity * l.unitCostFen, 0),
      );
    await appendEvent(tx, ctx, {
      entity: 'part_request',
      entityId: id,
      action: 'part_request.cancelled',
      before: { status: req.status },
      after: { status: 'cancelled' },
      reason: reason ?? null,
      orgPath: req.orgPath,
    });
    await resumeIfNoneOpen(tx, ctx, req.orderId, req.code);
  });
}

/**
 * Parts issued to the order and not used go back to the depot they were issued from (the outlet's
 * depot, where they arrived): a return_unused movement per line; the quota is freed by their value.
 */
export async function returnUnused(ctx: Ctx, id: string, input: ReturnBody) {
  mayRequestParts(ctx);
  return ctx.db.transaction(async (tx) => {
    const req = await lockRequest(tx, ctx, id);
    const lines = await linesOf(tx, req.id);
    const depot = await ensureDepotFor(tx, req.outletId);
    const names = await partsByIds(
      tx,
      input.lines.map((l) => l.partId),
    );
    let qty = 0;
    let value = 0;
    const left = new Map(lines.map((l) => [l.id, l.receivedQty - l.returnedQty]));
    const updates: { id: string; n: number }[] = [];
    for (const [i, r] of input.lines.entries()) {
      const line = lines.find((l) => l.partId === r.partId && (left.get(l.id) ?? 0) >= r.quantity);
      if (!line) {
        const max = lines.filter((l) => l.partId === r.partId).reduce((s, l) => s + (left.get(l.id) ?? 0), 0);
        throw fieldError(`lines.${i}.quantity`, 'part_request.too_many', {
          part: names.get(r.partId)?.code ?? r.partId,
          max,
        });
      }
      left.set(line.id, left.get(line.id)! - r.quantity);
      updates.push({ id: line.id, n: r.quantity });
      qty += r.quantity;
      value += r.quantity * line.unitCostFen;
    }
    await postMovements(
      tx,
      ctx,
      input.lines.map((r) => ({
        kind: 'return_unused' as const,
        depotId: depot.id,
        partId: r.partId,
        quantity: r.quantity,
        ...(r.serials?.length ? { serials: r.serials } : {}),
        orderId: req.orderId,
        document: { kind: 'part_request', id: req.id },
        note: input.note ?? req.code,
      })),
    );
    for (const u of updates)
      await tx
        .update(partRequestLines)
        .set({ returnedQty: sql`${partRequestLines.returnedQty} + ${u.n}` })
        .where(and(eq(partRequestLines.id, u.id)));
    await quotaMove(tx, ctx, req, 'returned_unused', qty, value);
    await appendEvent(tx, ctx, {
      entity: 'part_request',
      entityId: id,
      action: 'part_request.returned_unused',
      after: { lines: input.lines.map((l) => ({ part: names.get(l.partId)?.code, quantity: l.quantity })) },
      reason: input.note ?? null,
      orgPath: req.orgPath,
    });
  });
}
