import { and, eq, isNotNull } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import type { Ctx } from '../../../../platform/context.js';
import { appraisedSince, consumptionOfOrders, onReturnAppraised, type ReturnAppraised } from '../../../parts/index.js';
import { today } from '../../queries.js';
import { withheldAmount, withheldWhat } from '../build.js';
import { settlementLines } from '../tables.js';
import { carryDifference, statementPastDraft } from './carry.js';

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

async function adjustForLateAppraisal(tx: DbLike, ctx: Ctx, e: ReturnAppraised): Promise<void> {
  const month = (await today(tx, e.completedAt)).slice(0, 7);
  const s = await statementPastDraft(tx, e.outletId, month);
  if (!s) return;
  // What the statement should withhold for the line, as the draft would have written it.
  const consumed = (await consumptionOfOrders(tx, [e.orderId])).get(e.orderId) ?? [];
  const amount = e.withholds ? withheldAmount(e, consumed) : 0;
  const what = withheldWhat(e, e.outcome);
  await carryDifference(
    tx,
    ctx,
    s,
    {
      kinds: ['withheld_old_part'],
      key: { obligationId: e.obligationId },
      shouldFen: amount === null ? 0 : -amount,
      explain: (delta) => ({
        'zh-CN': `服务单${e.orderCode}${what['zh-CN']}（${s.month}结算单${s.code}发出后鉴定）：${delta < 0 ? '补扣' : '退还'}`,
        en: `order ${e.orderCode}, ${what.en} (appraised after statement ${s.code} of ${s.month} was sent): ${delta < 0 ? 'withheld now' : 'paid back'}`,
      }),
    },
    { orderId: e.orderId, orderCode: e.orderCode, partCode: e.partCode, outcome: e.outcome },
  );
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
