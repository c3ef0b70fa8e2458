import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import { requirePermission, withinScope } from '../../../../platform/access/index.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { recordNotFound } from '../../../../platform/records.js';
import { settlementEffect } from '../../return-rules.js';
import { returnAppraised } from '../appraisal-port.js';
import type { AppraiseBody, BatchDetail, ReturnObligation } from '../contract.js';
import { assertAboveOutlet, getBatch, getObligation, NAMES } from '../queries.js';
import { partReturnBatches, partReturnObligations } from '../tables.js';

type ObligationRow = typeof partReturnObligations.$inferSelect;

const notReceived = () =>
  new AppError('returns.not_received', {}, [{ path: 'body.outcome', code: 'returns.not_received', message: '' }]);

/** One line's appraisal, in the caller's transaction: the outcome, what it withholds, the event. */
async function appraiseLine(tx: DbLike, ctx: Ctx, before: ObligationRow, input: AppraiseBody): Promise<void> {
  const effect = settlementEffect(input.outcome, before.warrantyAmountFen ?? 0);
  const [after] = await tx
    .update(partReturnObligations)
    .set({
      outcome: input.outcome,
      appraisalNote: input.note || null,
      withheldFen: effect.withheldFen,
      appraisedBy: ctx.actor.id,
      appraisedAt: ctx.now,
    })
    .where(eq(partReturnObligations.id, before.id))
    .returning();
  await appendEvent(tx, ctx, {
    entity: 'part_return_obligation',
    entityId: before.id,
    action: 'part_return.appraised',
    before,
    after: after!,
    reason: input.note || null,
    orgPath: before.orgPath,
  });
  // The modules above (settlement) act on the appraisal in this transaction.
  await returnAppraised(tx, ctx, {
    obligationId: before.id,
    orderId: before.orderId,
    orderCode: before.orderCode,
    outletId: before.outletId,
    partId: before.partId,
    partCode: before.partCode,
    partName: before.partName,
    quantity: before.quantity,
    completedAt: before.createdAt,
    before: before.outcome,
    outcome: input.outcome,
    withholds: input.outcome !== 'faulty_confirmed',
    warrantyAmountFen: before.warrantyAmountFen,
    withheldFen: effect.withheldFen,
  });
}

/** A received batch whose every line has an outcome is appraised. */
export async function closeBatchIfAppraised(tx: DbLike, batchId: string): Promise<void> {
  const [open] = await tx
    .select({ id: partReturnObligations.id })
    .from(partReturnObligations)
    .where(and(eq(partReturnObligations.batchId, batchId), isNull(partReturnObligations.outcome)))
    .limit(1);
  if (!open)
    await tx
      .update(partReturnBatches)
      .set({ status: 'appraised' })
      .where(and(eq(partReturnBatches.id, batchId), eq(partReturnBatches.status, 'received')));
}

/**
 * The center appraises one returned old part: confirmed faulty, no fault found, wrong part, or
 * missing. The withheld amount is the line's warranty amount unless the fault is confirmed
 * (return-rules.ts `settlementEffect`). Missing may be recorded before or without the part
 * arriving; the other outcomes need the part received. An appraisal may be corrected; the trail
 * keeps both. When every line of a batch is appraised, the batch is appraised.
 */
export async function appraiseObligation(ctx: Ctx, id: string, input: AppraiseBody): Promise<ReturnObligation> {
  requirePermission(ctx.actor, 'returns.appraise');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(partReturnObligations)
      .where(and(eq(partReturnObligations.id, id), withinScope(ctx.actor, partReturnObligations.orgPath)))
      .for('update');
    if (!before) throw recordNotFound(ctx.lang, NAMES.obligation);
    assertAboveOutlet(ctx, before.orgPath);
    if (input.outcome !== 'missing' && before.status !== 'received') throw notReceived();
    await appraiseLine(tx, ctx, before, input);
    if (before.batchId) await closeBatchIfAppraised(tx, before.batchId);
  });
  return getObligation(ctx, id);
}

/**
 * The same outcome for every line of a batch not appraised yet (a parcel of confirmed faults, or a
 * parcel that never came: missing), in one transaction, one event per line.
 */
export async function appraiseBatch(ctx: Ctx, id: string, input: AppraiseBody): Promise<BatchDetail> {
  requirePermission(ctx.actor, 'returns.appraise');
  await ctx.db.transaction(async (tx) => {
    const [batch] = await tx
      .select()
      .from(partReturnBatches)
      .where(and(eq(partReturnBatches.id, id), withinScope(ctx.actor, partReturnBatches.orgPath)))
      .for('update');
    if (!batch) throw recordNotFound(ctx.lang, NAMES.batch);
    assertAboveOutlet(ctx, batch.orgPath);
    if (input.outcome !== 'missing' && batch.status === 'shipped') throw notReceived();
    const lines = await tx
      .select()
      .from(partReturnObligations)
      .where(and(eq(partReturnObligations.batchId, id), isNull(partReturnObligations.outcome)))
      .orderBy(asc(partReturnObligations.id))
      .for('update');
    for (const line of lines) await appraiseLine(tx, ctx, line, input);
    await closeBatchIfAppraised(tx, id);
  });
  return getBatch(ctx, id);
}
