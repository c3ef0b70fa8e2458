import { and, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import { requirePermission, withinScope } from '../../../../platform/access/index.js';
import { getSetting } from '../../../../platform/config/index.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { localDateTime, recordNotFound } from '../../../../platform/records.js';
import { orgUnits } from '../../../../platform/identity/tables.js';
import { ensureDepotFor, partTracking, postMovements } from '../../index.js';
import type { BatchDetail, ReceiveBody } from '../contract.js';
import { assertAboveOutlet, getBatch, NAMES } from '../queries.js';
import { closeBatchIfAppraised } from './appraise.js';
import { partReturnBatches, partReturnObligations } from '../tables.js';

type BatchRow = typeof partReturnBatches.$inferSelect;
type ObligationRow = typeof partReturnObligations.$inferSelect;

/**
 * What a receipt means to the stock ledger (docs/parts.md): the old parts come into the depot of
 * the center above the outlet (HQ's when there is none) as defective stock, one `old_part_return`
 * movement per line, with the order and the batch as its document, in the receiving transaction.
 * A serial-tracked part goes in with its old serial; one whose serial was not entered at completion
 * (or a quantity above one with a single serial) cannot be booked by serial: it is left out and
 * named in the answer, so the receipt's event says what the ledger did not get.
 */
export async function onReturnsReceived(
  tx: DbLike,
  ctx: Ctx,
  batch: BatchRow,
  lines: readonly ObligationRow[],
): Promise<{ depotId: string | null; booked: string[]; unbooked: string[] }> {
  if (!lines.length) return { depotId: null, booked: [], unbooked: [] };
  const ids = batch.orgPath.split('/').filter(Boolean);
  const units = await tx
    .select({ id: orgUnits.id, kind: orgUnits.kind })
    .from(orgUnits)
    .where(inArray(orgUnits.id, ids));
  const kindOf = new Map(units.map((u) => [u.id, u.kind]));
  const centerId = [...ids].reverse().find((id) => kindOf.get(id) === 'center') ?? ids[0]!;
  const depot = await ensureDepotFor(tx, centerId);
  const tracked = new Set(
    (
      await tx
        .select({ partId: partTracking.partId })
        .from(partTracking)
        .where(
          and(
            inArray(partTracking.partId, [...new Set(lines.map((l) => l.partId))]),
            eq(partTracking.serialTracked, true),
          ),
        )
    ).map((r) => r.partId),
  );
  const booked: ObligationRow[] = [];
  const unbooked: string[] = [];
  for (const l of lines) {
    if (tracked.has(l.partId) && !(l.serial && l.quantity === 1)) unbooked.push(l.id);
    else booked.push(l);
  }
  if (booked.length)
    await postMovements(
      tx,
      ctx,
      booked.map((l) => ({
        kind: 'old_part_return' as const,
        depotId: depot.id,
        partId: l.partId,
        grade: 'defective' as const,
        quantity: l.quantity,
        ...(tracked.has(l.partId) ? { serials: [l.serial!] } : {}),
        orderId: l.orderId,
        document: { kind: 'part_return_batch', id: batch.id },
        note: batch.code,
      })),
    );
  return { depotId: depot.id, booked: booked.map((l) => l.id), unbooked };
}

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
    assertAboveOutlet(ctx, before.orgPath);
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
    const stock = await onReturnsReceived(
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
      after: { ...after!, receivedLines: lines.length, stock },
      reason: input.note || null,
      orgPath: before.orgPath,
    });
  });
  return getBatch(ctx, id);
}
