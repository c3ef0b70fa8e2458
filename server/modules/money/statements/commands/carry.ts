import { and, eq, inArray, max, ne, sql } from 'drizzle-orm';
import type { Text } from '../../../../../shared/i18n.js';
import type { DbLike } from '../../../../db/client.js';
import type { Ctx } from '../../../../platform/context.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { carriedDifferenceFen, nextMonth } from '../build.js';
import type { LineKind } from '../contract.js';
import { settlementLines, settlementStatements, statementAdjustments } from '../tables.js';

/*
 * A fact that changes after the statement of its month left draft (a late old-part appraisal, a
 * complaint penalty decided or changed, an order confirmed): nothing on that statement changes; the difference
 * between what the statement should hold for the fact and what is already accounted for it (its
 * line, corrections of that line, adjustments carried for it before) is carried into the unit's
 * next open month as an adjustment, with its audit event (docs/money-statements.md). Retrying
 * adds nothing: the second time the difference is zero.
 */

/** What a carried adjustment is for: the old-part return, the complaint, or the order (its confirmation). */
export type CarriedFor = { obligationId: string } | { complaintId: string } | { orderId: string };

/** The adjustments' column and the lines' matching for each kind of fact. */
function keyOf(key: CarriedFor) {
  if ('obligationId' in key)
    return {
      line: sql`${settlementLines.ref}->>'obligationId' = ${key.obligationId}`,
      adj: eq(statementAdjustments.obligationId, key.obligationId),
    };
  if ('complaintId' in key)
    return {
      line: sql`${settlementLines.ref}->>'complaintId' = ${key.complaintId}`,
      adj: eq(statementAdjustments.complaintId, key.complaintId),
    };
  return { line: eq(settlementLines.orderId, key.orderId), adj: eq(statementAdjustments.orderId, key.orderId) };
}

type Statement = typeof settlementStatements.$inferSelect;

/** The unit's statement of the month, locked, when it has left draft; null when the draft (or its recompute) reads the fact itself. */
export async function statementPastDraft(tx: DbLike, unitId: string, month: string): Promise<Statement | null> {
  const [s] = await tx
    .select()
    .from(settlementStatements)
    .where(and(eq(settlementStatements.unitId, unitId), eq(settlementStatements.month, month)))
    .for('update');
  return s && s.state !== 'draft' ? s : null;
}

/** The month (YYYY-MM) of the unit's next open statement after `month`: the month after it, or after the unit's latest statement past draft when that is later. */
export async function nextOpenMonth(tx: DbLike, unitId: string, month: string): Promise<string> {
  const [latest] = await tx
    .select({ month: max(settlementStatements.month) })
    .from(settlementStatements)
    .where(and(eq(settlementStatements.unitId, unitId), ne(settlementStatements.state, 'draft')));
  return nextMonth(latest?.month && latest.month > month ? latest.month : month);
}

/** What is accounted for the fact on the statement and after it: its lines of `kinds`, their corrections, the adjustments carried for it to this unit. */
async function accountedFen(tx: DbLike, s: Statement, kinds: readonly LineKind[], key: CarriedFor): Promise<number> {
  const k = keyOf(key);
  const lines = await tx
    .select({ id: settlementLines.id, amountFen: settlementLines.amountFen })
    .from(settlementLines)
    .where(and(eq(settlementLines.statementId, s.id), inArray(settlementLines.kind, [...kinds]), k.line));
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
    .where(and(eq(statementAdjustments.unitId, s.unitId), k.adj));
  return [...lines, ...corrections, ...carried].reduce((sum, l) => sum + l.amountFen, 0);
}

/**
 * Carries `shouldFen − accounted` into the unit's next open month, or nothing when they agree.
 * `explain` words the adjustment from the difference (withheld now or paid back).
 */
export async function carryDifference(
  tx: DbLike,
  ctx: Ctx,
  s: Statement,
  fact: { kinds: readonly LineKind[]; key: CarriedFor; shouldFen: number; explain: (deltaFen: number) => Text },
  eventData: Record<string, unknown>,
): Promise<void> {
  const delta = carriedDifferenceFen(fact.shouldFen, await accountedFen(tx, s, fact.kinds, fact.key));
  if (delta === null) return;
  const into = await nextOpenMonth(tx, s.unitId, s.month);
  const explanation = fact.explain(delta);
  const [row] = await tx
    .insert(statementAdjustments)
    .values({
      unitId: s.unitId,
      orgPath: s.orgPath,
      month: into,
      amountFen: delta,
      reason: explanation['zh-CN'],
      explanation,
      obligationId: 'obligationId' in fact.key ? fact.key.obligationId : null,
      complaintId: 'complaintId' in fact.key ? fact.key.complaintId : null,
      orderId: 'orderId' in fact.key ? fact.key.orderId : null,
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
    after: { adjustmentId: row!.id, month: into, amountFen: delta, ...fact.key, ...eventData },
    reason: explanation['zh-CN'],
    orgPath: s.orgPath,
  });
}
