import { and, eq, inArray, or } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import type { OrderRow } from '../common.js';
import { type CaseExecuted, revokeCustomerFromUnit } from '../ports.js';
import { closeByCase, OPEN_STATES } from '../rules.js';
import { workOrders } from '../tables.js';
import { writeTransition } from './transitions.js';

/**
 * A return/exchange case was carried out (warranty module, in its transaction): the order it was
 * opened from and every other open order of the unit end as `closed` with the resolution
 * (refunded / exchanged), one timeline row and audit event each (action `close_by_case`), their
 * clocks stop and the serving outlet's read grant ends, as on a close. The orders may sit in
 * other units than the actor's: the case, in the actor's scope, decides for its unit.
 */
export async function closeOrdersOfCase(tx: DbLike, ctx: Ctx, e: CaseExecuted): Promise<void> {
  const ofCase = e.orderId
    ? or(eq(workOrders.unitId, e.unitId), eq(workOrders.id, e.orderId))
    : eq(workOrders.unitId, e.unitId);
  const rows: OrderRow[] = await tx
    .select()
    .from(workOrders)
    .where(and(ofCase, inArray(workOrders.state, [...OPEN_STATES])))
    .orderBy(workOrders.id)
    .for('update');
  for (const before of rows) {
    const effect = closeByCase(before);
    if (!effect) continue;
    await writeTransition(tx, ctx, before, 'close_by_case', {
      effect,
      patch: { resolution: e.resolution, closedAt: ctx.now, custodyLabel: null, waitReason: null, waitNote: null },
      note: e.caseCode,
      data: { caseId: e.caseId, caseCode: e.caseCode, resolution: e.resolution },
      after: (row) => revokeCustomerFromUnit(tx, row, undefined, ctx.now),
    });
  }
}
