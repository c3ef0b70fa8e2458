import { and, eq, inArray, isNotNull, max, ne, sql } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import type { Ctx } from '../../../../platform/context.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { appraisedSince, consumptionOfOrders, onReturnAppraised, type ReturnAppraised } from '../../../parts/index.js';
import { today } from '../../queries.js';
import { appraisalAdjustmentFen, nextMonth, withheldAmount, withheldWhat } from '../build.js';
import { settlementLines, settlementStatements, statementAdjustments } from '../tables.js';

/*
 * An old-part appraisal made after the statement of the order's month left draft (sent, disputed,
 * accepted or locked: docs/money-statements.md, "Late appraisals"). Nothing on that statement
 * changes; the difference between what it should withhold for the line and what is already
 * accounted for it becomes an adjustment carried into the outlet's next open month, in the
 * appraisal's own transaction, with its audit event. While the month is still a draft nothing is
 * written: a recompute reads the appraisal like any other fact.
 *
 * Parts sits below money in the module order, so the parts module declares the port
 * (`onReturnAppraised`) and money provides this effect when its routes are registered.
 */

/** The month (YYYY-MM) of the unit's next open statement after `month`: the month after it, or after the unit's latest statement past draft when that is later. */
export async function nextOpenMonth(tx: DbLike, unitId: string, month: string): Promise<string> {
  const [latest] = await tx
    .select({ month: max(settlementStatements.month) })
    .from(settlementStatements)
    .where(and(eq(settlementStatements.unitId, unitId), ne(settlementStatements.state, 'draft')));
  return nextMonth(latest?.month && latest.month > month ? latest.month : month);
}

async function adjustForLateAppraisal(tx: DbLike, ctx: Ctx, e: ReturnAppraised): Promise<void> {
  const month = (await today(tx, e.completedAt)).slice(0, 7);
  const [s] = await tx
    .select()
    .from(settlementStatements)
    .where(and(eq(settlementStatements.unitId, e.outletId), eq(settlementStatements.month, month)))
    .for('update');
  // No statement yet, or a draft: the draft (or its recompute) reads the appraisal itself.
  if (!s || s.state === 'draft') return;

  // What the statement should withhold for the line, as the draft would have written it.
  const consumed = (await consumptionOfOrders(tx, [e.orderId])).get(e.orderId) ?? [];
  const amount = e.withholds ? withheldAmount(e, consumed) : 0;
  const should = amount === null ? 0 : -amount;

  // What is already accounted for it: its line on that statement, corrections of that line, and
  // adjustments carried for it before.
  const lines = await tx
    .select({ id: settlementLines.id, amountFen: settlementLines.amountFen })
    .from(settlementLines)
    .where(
      and(
        eq(settlementLines.statementId, s.id),
        eq(settlementLines.kind, 'withheld_old_part'),
        sql`${settlementLines.ref}->>'obligationId' = ${e.obligationId}`,
      ),
    );
  const corrections = lines.length
    ? await tx
        .select({ amountFen: settlementLines.amountFen })
        .from(settlementLines)
        .where(
          and(
            eq(settlementLines.statementId, s.id),
            inArray(
              settlementLines.correctsLineId,
              lines.map((l) => l.id),
            ),
          ),
        )
    : [];
  const carried = await tx
    .select({ amountFen: statementAdjustments.amountFen })
    .from(statementAdjustments)
    .where(eq(statementAdjustments.obligationId, e.obligationId));
  const accounted = [...lines, ...corrections, ...carried].reduce((sum, l) => sum + l.amountFen, 0);
  const delta = appraisalAdjustmentFen(should, accounted);
  if (delta === null) return;

  const into = await nextOpenMonth(tx, s.unitId, s.month);
  const what = withheldWhat(e, e.outcome);
  const explanation = {
    'zh-CN': `服务单${e.orderCode}${what['zh-CN']}（${s.month}结算单${s.code}发出后鉴定）：${delta < 0 ? '补扣' : '退还'}`,
    en: `order ${e.orderCode}, ${what.en} (appraised after statement ${s.code} of ${s.month} was sent): ${delta < 0 ? 'withheld now' : 'paid back'}`,
  };
  const [row] = await tx
    .insert(statementAdjustments)
    .values({
      unitId: s.unitId,
      orgPath: s.orgPath,
      month: into,
      amountFen: delta,
      reason: explanation['zh-CN'],
      explanation,
      obligationId: e.obligationId,
      sourceStatementId: s.id,
      createdAt: ctx.now,
      createdBy: ctx.actor.id,
      createdByName: ctx.actor.displayName || ctx.actor.username,
    })
    .returning({ id: statementAdjustments.id });
  await appendEvent(tx, ctx, {
    entity: 'settlement_statement',
    entityId: s.id,
    action: 'statement.adjustment_added',
    after: {
      adjustmentId: row!.id,
      month: into,
      amountFen: delta,
      obligationId: e.obligationId,
      orderId: e.orderId,
      orderCode: e.orderCode,
      partCode: e.partCode,
      outcome: e.outcome,
    },
    reason: explanation['zh-CN'],
    orgPath: s.orgPath,
  });
}

/**
 * A draft is sent as it was last computed: a return appraised after that (while the statement was
 * still a draft, and so left to a recompute that did not come) is carried the same way, in the
 * sending transaction. Called by `send` once the statement has left draft.
 */
export async function carryAppraisalsSinceDraft(
  tx: DbLike,
  ctx: Ctx,
  s: { id: string; draftedAt: Date },
): Promise<void> {
  const orders = await tx
    .selectDistinct({ orderId: settlementLines.orderId })
    .from(settlementLines)
    .where(and(eq(settlementLines.statementId, s.id), isNotNull(settlementLines.orderId)));
  const late = await appraisedSince(
    tx,
    orders.map((o) => o.orderId!),
    s.draftedAt,
  );
  for (const e of late) await adjustForLateAppraisal(tx, ctx, e);
}

/** Provided to the parts module's appraisal port where the statement routes are registered. */
export function provideAppraisalEffect(): void {
  onReturnAppraised('money.statements', adjustForLateAppraisal);
}
