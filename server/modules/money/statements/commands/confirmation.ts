import { and, eq } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import type { Ctx } from '../../../../platform/context.js';
import { onOrderConfirmed, type OrderConfirmed } from '../../../work-orders/index.js';
import { today } from '../../queries.js';
import { HELD_KINDS, orderLines } from '../build.js';
import { loadOrderFacts, MonthRules, monthWindow } from '../facts.js';
import { settlementLines, type settlementStatements } from '../tables.js';
import { carryDifference, statementPastDraft } from './carry.js';

/*
 * The confirmation gate's late side (docs/money-statements.md, "The confirmation gate"): an order
 * confirmed after the statement of its completion month left draft. Nothing on that statement
 * changes; what the order pays the outlet once confirmed, less what is accounted for it (its
 * 0-fen waiting line, corrections, adjustments carried for it before), is carried into the
 * outlet's next open month, in the confirmation's own transaction. While the month is a draft
 * nothing is written: a recompute reads the order as confirmed.
 *
 * Work orders sit below money, so they declare the port (`onOrderConfirmed`) and money provides
 * this effect when its routes are registered.
 */

type Statement = typeof settlementStatements.$inferSelect;

/** The kinds whose amounts the gate holds, and its own line: what is accounted for the order. */
const ACCOUNTED = [...HELD_KINDS, 'awaiting_confirmation' as const];

async function carryConfirmation(tx: DbLike, ctx: Ctx, s: Statement, orderId: string): Promise<void> {
  const w = await monthWindow(tx, s.month, ctx.now);
  const [facts] = await loadOrderFacts(tx, w, { outletIds: [s.unitId], centerIds: [], orderIds: [orderId] }, ctx.now);
  // Still waiting (a draft sent before the confirmation came): nothing to carry yet.
  if (!facts?.confirmed) return;
  const rules = await (await MonthRules.load(tx, w)).forOrder(facts.completedAt, facts.day);
  if (rules.settleAfter !== 'confirmed') return;
  // What the order pays the outlet, confirmed: the lines the gate held (the hq id only names
  // late dispatches, which go to the dispatching unit's statement).
  const shouldFen = orderLines({ ...facts, confirmed: true }, rules, '')
    .outlet.filter((l) => HELD_KINDS.has(l.kind))
    .reduce((sum, l) => sum + l.amountFen, 0);
  await carryDifference(
    tx,
    ctx,
    s,
    {
      kinds: ACCOUNTED,
      key: { orderId },
      shouldFen,
      explain: (delta) => ({
        'zh-CN': `服务单${facts.code}于${s.month}结算单${s.code}发出后确认：${delta > 0 ? '补结' : '扣回'}`,
        en: `order ${facts.code} confirmed after statement ${s.code} of ${s.month} was sent: ${delta > 0 ? 'paid now' : 'taken back'}`,
      }),
    },
    { orderId, orderCode: facts.code },
  );
}

async function adjustForLateConfirmation(tx: DbLike, ctx: Ctx, e: OrderConfirmed): Promise<void> {
  if (!e.outletId) return;
  const month = (await today(tx, e.completedAt)).slice(0, 7);
  const s = await statementPastDraft(tx, e.outletId, month);
  if (s) await carryConfirmation(tx, ctx, s, e.orderId);
}

/**
 * A draft is sent as it was last computed: an order it shows waiting that was confirmed since (and
 * so left to a recompute that did not come) is carried the same way, in the sending transaction.
 */
export async function carryConfirmationsSinceDraft(tx: DbLike, ctx: Ctx, s: Statement): Promise<void> {
  const waiting = await tx
    .select({ orderId: settlementLines.orderId })
    .from(settlementLines)
    .where(and(eq(settlementLines.statementId, s.id), eq(settlementLines.kind, 'awaiting_confirmation')));
  for (const w of waiting) if (w.orderId) await carryConfirmation(tx, ctx, s, w.orderId);
}

/** Provided to work orders' confirmation port where the statement routes are registered. */
export function provideConfirmationEffect(): void {
  onOrderConfirmed('money.statements', adjustForLateConfirmation);
}
