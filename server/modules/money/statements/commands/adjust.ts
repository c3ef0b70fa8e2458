import type { Ctx } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import type { Adjustment, AdjustmentBody } from '../contract.js';
import { loadStatement } from '../queries.js';
import { statementAdjustments } from '../tables.js';
import { nextOpenMonth } from './carry.js';
import { STATE_ZH } from './draft.js';

/*
 * After the lock nothing on a statement changes: a correction is an adjustment carried into the
 * unit's next open month (docs/money-statements.md) — the month after the locked one, or after the
 * unit's latest statement past draft when that is later — and pulled in there as an `adjustment`
 * line when that month is drafted or recomputed.
 */
export async function addAdjustment(ctx: Ctx, id: string, b: AdjustmentBody): Promise<Adjustment> {
  return ctx.db.transaction(async (tx) => {
    const s = await loadStatement(tx, ctx, id, { forUpdate: true });
    if (s.state !== 'locked')
      throw new AppError('statement.not_locked', {
        code: s.code,
        state: s.state,
        stateZh: STATE_ZH[s.state] ?? s.state,
      });
    const month = await nextOpenMonth(tx, s.unitId, s.month);
    const [row] = await tx
      .insert(statementAdjustments)
      .values({
        unitId: s.unitId,
        orgPath: s.orgPath,
        month,
        amountFen: b.amountFen,
        reason: b.reason,
        sourceStatementId: s.id,
        createdAt: ctx.now,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName || ctx.actor.username,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'settlement_statement',
      entityId: s.id,
      action: 'statement.adjustment_added',
      after: { adjustmentId: row!.id, month, amountFen: b.amountFen },
      reason: b.reason,
      orgPath: s.orgPath,
    });
    return { id: row!.id, unitId: row!.unitId, month: row!.month, amountFen: row!.amountFen, reason: row!.reason };
  });
}
