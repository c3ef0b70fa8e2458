import { and, eq, isNotNull } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import type { Ctx } from '../../../../platform/context.js';
import {
  onPenaltyChanged,
  type PenaltyAt,
  type PenaltyChanged,
  penaltiesChangedSince,
} from '../../../complaints/index.js';
import { yuan } from '../../../../../shared/money.js';
import { today } from '../../queries.js';
import { monthWindow } from '../facts.js';
import { settlementLines, type settlementStatements } from '../tables.js';
import { carryDifference, statementPastDraft } from './carry.js';

/*
 * A complaint penalty decided, changed, moved to another outlet or withdrawn after the statement
 * of its month left draft (docs/money-statements.md, "Complaint penalties"). Each outlet it fell
 * on or falls on gets the difference between what its statement should deduct for the complaint
 * (the penalty, if it falls there now) and what is accounted for it, carried into its next open
 * month, in the complaint command's own transaction. While the month is a draft nothing is
 * written: a recompute reads the penalty like any other fact.
 *
 * Complaints sits below money in the module order, so the complaints module declares the port
 * (`onPenaltyChanged`) and money provides this effect when its routes are registered.
 */

type Statement = typeof settlementStatements.$inferSelect;

async function carryPenalty(
  tx: DbLike,
  ctx: Ctx,
  s: Statement,
  p: { complaintId: string; complaintCode: string; current: PenaltyAt | null },
): Promise<void> {
  const shouldFen = p.current?.unitId === s.unitId ? -p.current.fen : 0;
  await carryDifference(
    tx,
    ctx,
    s,
    {
      kinds: ['complaint_penalty'],
      key: { complaintId: p.complaintId },
      shouldFen,
      explain: (delta) => ({
        'zh-CN': `投诉${p.complaintCode}处罚${shouldFen ? `为${yuan(-shouldFen)['zh-CN']}` : '已撤销或转由其他网点承担'}（${s.month}结算单${s.code}发出后决定）：${delta < 0 ? '补扣' : '退还'}`,
        en: `penalty of complaint ${p.complaintCode} ${shouldFen ? `is ${yuan(-shouldFen).en}` : 'withdrawn or moved to another outlet'} (decided after statement ${s.code} of ${s.month} was sent): ${delta < 0 ? 'deducted now' : 'paid back'}`,
      }),
    },
    { complaintCode: p.complaintCode, penaltyFen: shouldFen ? -shouldFen : 0 },
  );
}

async function adjustForPenalty(tx: DbLike, ctx: Ctx, e: PenaltyChanged): Promise<void> {
  const month = (await today(tx, e.decidedAt)).slice(0, 7);
  const outlets = new Set([e.before?.unitId, e.after?.unitId].filter((u): u is string => !!u));
  for (const unitId of outlets) {
    const s = await statementPastDraft(tx, unitId, month);
    if (s) await carryPenalty(tx, ctx, s, { ...e, current: e.after });
  }
}

/**
 * A draft is sent as it was last computed: a penalty decided or changed after that (while the
 * statement was still a draft, and so left to a recompute that did not come) is carried the same
 * way, in the sending transaction. Called by `send` once the statement has left draft.
 */
export async function carryPenaltiesSinceDraft(tx: DbLike, ctx: Ctx, s: Statement): Promise<void> {
  const onStatement = await tx
    .select({ ref: settlementLines.ref })
    .from(settlementLines)
    .where(
      and(
        eq(settlementLines.statementId, s.id),
        eq(settlementLines.kind, 'complaint_penalty'),
        isNotNull(settlementLines.ref),
      ),
    );
  const w = await monthWindow(tx, s.month, ctx.now);
  const changed = await penaltiesChangedSince(
    tx,
    {
      complaintIds: onStatement.map((l) => String(l.ref!.complaintId)),
      outletId: s.unitId,
      from: w.from,
      to: w.to,
    },
    s.draftedAt,
  );
  for (const p of changed) await carryPenalty(tx, ctx, s, p);
}

/** Provided to the complaints module's penalty port where the statement routes are registered. */
export function providePenaltyEffect(): void {
  onPenaltyChanged(adjustForPenalty);
}
