import { eq, inArray, sql } from 'drizzle-orm';
import { pathInScope, requirePermission } from '../../../../platform/access/index.js';
import { getSetting } from '../../../../platform/config/index.js';
import type { Ctx } from '../../../../platform/context.js';
import { fieldError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { orgUnits } from '../../../../platform/identity/tables.js';
import { recordNotFound } from '../../../../platform/records.js';
import { compactDay } from '../../../../../shared/time-zone.js';
import type { BatchDetail, ShipBody } from '../contract.js';
import { getBatch, NAMES } from '../queries.js';
import { partReturnBatches, partReturnCounters, partReturnObligations } from '../tables.js';
import { rowsOf } from '../../../../db/rows.js';

/** RB-YYYYMMDD-NNNN: the company-zone day of shipping and the day's sequence. */
export function batchCode(day: string, n: number): string {
  return `RB-${day}-${String(n).padStart(4, '0')}`;
}

/**
 * An outlet ships chosen old parts back in one batch (carrier and tracking number), all in one
 * transaction. Each line must be in the shipper's scope (else unknown, so no outlet learns of
 * another's returns), of one outlet, not shipped before and not appraised; the refusal names the
 * line (`body.obligationIds.N`). Due and overdue lines both ship; lateness stays visible.
 */
export async function shipBatch(ctx: Ctx, input: ShipBody): Promise<BatchDetail> {
  requirePermission(ctx.actor, 'returns.ship');
  const seen = new Map<string, number>();
  input.obligationIds.forEach((id, i) => {
    if (seen.has(id)) throw fieldError(`body.obligationIds.${i}`, 'returns.duplicate_line');
    seen.set(id, i);
  });
  const id = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(partReturnObligations)
      .where(inArray(partReturnObligations.id, input.obligationIds))
      .for('update');
    const byId = new Map(rows.map((r) => [r.id, r]));
    let outletId = '';
    let orgPath = '';
    for (const [i, oid] of input.obligationIds.entries()) {
      const field = `body.obligationIds.${i}`;
      const o = byId.get(oid);
      if (!o || !pathInScope(ctx.actor, o.orgPath)) throw recordNotFound(ctx.lang, NAMES.obligation, field);
      if (i === 0) {
        outletId = o.outletId;
        orgPath = o.orgPath;
      } else if (o.outletId !== outletId) throw fieldError(field, 'returns.mixed_outlets', { field });
      const what = { field, order: o.orderCode, part: o.partCode };
      if (o.outcome) throw fieldError(field, 'returns.already_appraised', { ...what, outcome: o.outcome });
      if (o.status !== 'due') {
        const [b] = o.batchId
          ? await tx
              .select({ code: partReturnBatches.code })
              .from(partReturnBatches)
              .where(eq(partReturnBatches.id, o.batchId))
          : [];
        throw fieldError(field, 'returns.already_shipped', { ...what, batch: b?.code ?? '' });
      }
    }
    const [outlet] = await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, outletId));
    const timeZone = await getSetting(tx, 'company.timeZone', ctx.now);
    const day = compactDay(ctx.now, timeZone);
    const [counter] = rowsOf<{ last: number }>(
      await tx.execute(sql`
        insert into ${partReturnCounters} (day, last) values (${day}, 1)
        on conflict (day) do update set last = ${partReturnCounters}.last + 1
        returning last`),
    );
    const [batch] = await tx
      .insert(partReturnBatches)
      .values({
        code: batchCode(day, Number(counter!.last)),
        outletId,
        orgPath: outlet?.path ?? orgPath,
        carrier: input.carrier,
        trackingNo: input.trackingNo,
        note: input.note || null,
        status: 'shipped',
        shippedBy: ctx.actor.id,
        shippedAt: ctx.now,
        createdAt: ctx.now,
      })
      .returning();
    await tx
      .update(partReturnObligations)
      .set({ status: 'shipped', batchId: batch!.id, shippedAt: ctx.now })
      .where(inArray(partReturnObligations.id, input.obligationIds));
    await appendEvent(tx, ctx, {
      entity: 'part_return_batch',
      entityId: batch!.id,
      action: 'part_return.shipped',
      after: { ...batch!, obligationIds: input.obligationIds },
      orgPath: batch!.orgPath,
    });
    return batch!.id;
  });
  return getBatch(ctx, id);
}
