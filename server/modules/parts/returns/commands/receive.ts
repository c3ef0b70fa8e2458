import { and, eq } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import { requirePermission, withinScope } from '../../../../platform/access/index.js';
import { getSetting } from '../../../../platform/config/index.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { localDateTime, recordNotFound } from '../../../../platform/records.js';
import type { BatchDetail, ReceiveBody } from '../contract.js';
import { getBatch, NAMES } from '../queries.js';
import { closeBatchIfAppraised } from './appraise.js';
import { partReturnBatches, partReturnObligations } from '../tables.js';

type BatchRow = typeof partReturnBatches.$inferSelect;
type ObligationRow = typeof partReturnObligations.$inferSelect;

/**
 * What a receipt means to the stock ledger: the old parts come into the center's depot as
 * defective stock. The ledger (parts module, docs/parts.md) is not on this branch yet; when it is,
 * this posts one `old_part_return` movement of defective grade per line into the receiving
 * center's depot through the ledger's exported `postMovements`, in this same transaction.
 */
export async function onReturnsReceived(
  _tx: DbLike,
  _ctx: Ctx,
  _batch: BatchRow,
  _lines: readonly ObligationRow[],
): Promise<void> {}

/** The center receives a shipped batch: every line is received (appraisal follows line by line). */
export async function receiveBatch(ctx: Ctx, id: string, input: ReceiveBody): Promise<BatchDetail> {
  requirePermission(ctx.actor, 'returns.appraise');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(partReturnBatches)
      .where(and(eq(partReturnBatches.id, id), withinScope(ctx.actor, partReturnBatches.orgPath)))
      .for('update');
    if (!before) throw recordNotFound(ctx.lang, NAMES.batch);
    if (before.status !== 'shipped') {
      const timeZone = await getSetting(tx, 'company.timeZone', ctx.now);
      throw new AppError('returns.batch_received', {
        batch: before.code,
        at: before.receivedAt ? localDateTime(before.receivedAt, timeZone) : '',
      });
    }
    const [after] = await tx
      .update(partReturnBatches)
      .set({ status: 'received', receivedBy: ctx.actor.id, receivedAt: ctx.now })
      .where(eq(partReturnBatches.id, id))
      .returning();
    // A line appraised as missing before the parcel came stays as it was: it did not arrive.
    const lines = await tx
      .update(partReturnObligations)
      .set({ status: 'received', receivedAt: ctx.now })
      .where(and(eq(partReturnObligations.batchId, id), eq(partReturnObligations.status, 'shipped')))
      .returning();
    await onReturnsReceived(
      tx,
      ctx,
      after!,
      lines.filter((l) => l.outcome !== 'missing'),
    );
    // Every line appraised (missing) while the parcel travelled: nothing is left to appraise.
    await closeBatchIfAppraised(tx, id);
    await appendEvent(tx, ctx, {
      entity: 'part_return_batch',
      entityId: id,
      action: 'part_return.received',
      before,
      after: { ...after!, receivedLines: lines.length },
      reason: input.note || null,
      orgPath: before.orgPath,
    });
  });
  return getBatch(ctx, id);
}
