import { and, eq, isNull } from 'drizzle-orm';
import { requirePermission, withinScope } from '../../../../platform/access/index.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { recordNotFound } from '../../../../platform/records.js';
import { settlementEffect } from '../../return-rules.js';
import type { AppraiseBody, ReturnObligation } from '../contract.js';
import { getObligation, NAMES } from '../queries.js';
import { partReturnBatches, partReturnObligations } from '../tables.js';

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
    if (input.outcome !== 'missing' && before.status !== 'received')
      throw new AppError('returns.not_received', {}, [
        { path: 'body.outcome', code: 'returns.not_received', message: '' },
      ]);
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
      .where(eq(partReturnObligations.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'part_return_obligation',
      entityId: id,
      action: 'part_return.appraised',
      before,
      after: after!,
      reason: input.note || null,
      orgPath: before.orgPath,
    });
    if (before.batchId) {
      const [open] = await tx
        .select({ id: partReturnObligations.id })
        .from(partReturnObligations)
        .where(and(eq(partReturnObligations.batchId, before.batchId), isNull(partReturnObligations.outcome)))
        .limit(1);
      if (!open)
        await tx
          .update(partReturnBatches)
          .set({ status: 'appraised' })
          .where(and(eq(partReturnBatches.id, before.batchId), eq(partReturnBatches.status, 'received')));
    }
  });
  return getObligation(ctx, id);
}
