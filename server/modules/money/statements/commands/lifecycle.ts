import { and, eq, max, sql } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import { getSetting } from '../../../../platform/config/index.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError, fieldError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { notifyInbox } from '../../../../platform/notify/index.js';
import { recordNotFound } from '../../../../platform/records.js';
import { addDays } from '../../../warranty/index.js';
import { today } from '../../queries.js';
import { yuanText } from '../../settlement-rules.js';
import type { LineDisputeBody, LineResolveBody } from '../contract.js';
import { LINE_NAME, loadStatement, type StatementRow } from '../queries.js';
import { settlementLines, settlementStatements } from '../tables.js';
import { carryAppraisalsSinceDraft } from './appraisal.js';
import { carryConfirmationsSinceDraft } from './confirmation.js';
import { carryPenaltiesSinceDraft } from './penalty.js';
import { notDraft, STATE_ZH } from './draft.js';

/*
 * The statement's lifecycle (docs/money-statements.md): draft → sent (the unit may respond until
 * today + money.statementResponseDays) → accepted, or disputed line by line with a reason → each
 * dispute resolved (upheld: a dispute_correction line with the difference; rejected: nothing) →
 * accepted → locked. Each command is one transaction with its audit event; the statement row is
 * locked first, so two commands on one statement run one after the other.
 */

const ACTION_ZH: Record<string, string> = {
  send: '发送',
  accept: '确认',
  dispute: '提出异议',
  resolve: '裁决异议',
  lock: '锁定',
};

function wrongState(s: StatementRow, action: string): AppError {
  if (s.state === 'locked') return new AppError('statement.locked', { code: s.code });
  return new AppError('statement.wrong_state', {
    code: s.code,
    state: s.state,
    stateZh: STATE_ZH[s.state] ?? s.state,
    action,
    actionZh: ACTION_ZH[action] ?? action,
  });
}

async function event(
  tx: DbLike,
  ctx: Ctx,
  s: StatementRow,
  action: string,
  before: object,
  after: object,
  reason?: string,
) {
  await appendEvent(tx, ctx, {
    entity: 'settlement_statement',
    entityId: s.id,
    action,
    before: { ...before },
    after: { ...after },
    reason: reason ?? null,
    orgPath: s.orgPath,
  });
}

export async function sendStatement(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const s = await loadStatement(tx, ctx, id, { forUpdate: true });
    if (s.state !== 'draft') throw s.state === 'locked' ? wrongState(s, 'send') : notDraft(s);
    const days = await getSetting(tx, 'money.statementResponseDays', ctx.now);
    const respondBy = addDays(await today(tx, ctx.now), days);
    await tx
      .update(settlementStatements)
      .set({
        state: 'sent',
        sentAt: ctx.now,
        sentBy: ctx.actor.id,
        respondBy,
        version: s.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(settlementStatements.id, s.id));
    await event(tx, ctx, s, 'statement.sent', { state: s.state }, { state: 'sent', respondBy, totalFen: s.totalFen });
    // Old parts appraised, complaint penalties decided and orders confirmed since the draft was computed: carried
    // into the next month, not lost.
    if (s.kind === 'outlet') {
      await carryAppraisalsSinceDraft(tx, ctx, s);
      await carryPenaltiesSinceDraft(tx, ctx, s);
      await carryConfirmationsSinceDraft(tx, ctx, s);
    }
    // The unit's people who answer for it learn in their inbox that the response window has opened.
    const total = yuanText(s.totalFen);
    await notifyInbox(tx, {
      orgUnitId: s.unitId,
      permission: 'settlement.respond',
      title: { 'zh-CN': '结算单待确认', en: 'A settlement statement awaits your answer' },
      body: {
        'zh-CN': `${s.month}结算单${s.code}已发送，合计${total['zh-CN']}，请在${respondBy}前确认或对有误的明细提出异议`,
        en: `Statement ${s.code} of ${s.month} was sent, total ${total.en}: accept it, or dispute a line, by ${respondBy}`,
      },
      link: `/statements/${s.id}`,
      entity: 'settlement_statement',
      entityId: s.id,
      at: ctx.now,
      event: 'statement.ready',
      orgPath: s.orgPath,
    });
  });
}

/** The unit may respond until its respondBy day, included (company time zone). */
async function assertWindowOpen(tx: DbLike, ctx: Ctx, s: StatementRow): Promise<void> {
  const day = await today(tx, ctx.now);
  if (s.respondBy && day > s.respondBy)
    throw new AppError('statement.respond_window_closed', { code: s.code, respondBy: s.respondBy });
}

export async function acceptStatement(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const s = await loadStatement(tx, ctx, id, { forUpdate: true });
    if (s.state !== 'sent' && s.state !== 'disputed') throw wrongState(s, 'accept');
    if (s.disputedCount > 0) throw new AppError('statement.open_disputes', { code: s.code, open: s.disputedCount });
    // A statement whose disputes were all resolved may be accepted after the window: the center
    // answered late, not the outlet.
    if (s.state === 'sent') await assertWindowOpen(tx, ctx, s);
    await tx
      .update(settlementStatements)
      .set({
        state: 'accepted',
        acceptedAt: ctx.now,
        acceptedBy: ctx.actor.id,
        version: s.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(settlementStatements.id, s.id));
    await event(tx, ctx, s, 'statement.accepted', { state: s.state }, { state: 'accepted', totalFen: s.totalFen });
  });
}

async function loadLine(tx: DbLike, ctx: Ctx, s: StatementRow, lineId: string) {
  const [line] = await tx
    .select()
    .from(settlementLines)
    .where(and(eq(settlementLines.id, lineId), eq(settlementLines.statementId, s.id)));
  if (!line) throw recordNotFound(ctx.lang, LINE_NAME, 'params.lineId');
  return line;
}

export async function disputeLine(ctx: Ctx, id: string, lineId: string, b: LineDisputeBody): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const s = await loadStatement(tx, ctx, id, { forUpdate: true });
    if (s.state !== 'sent' && s.state !== 'disputed') throw wrongState(s, 'dispute');
    await assertWindowOpen(tx, ctx, s);
    const line = await loadLine(tx, ctx, s, lineId);
    if (line.disputeState !== null)
      throw fieldError('params.lineId', 'statement.line_already_disputed', { code: s.code, seq: line.seq });
    if (line.kind === 'dispute_correction')
      throw fieldError('params.lineId', 'statement.line_not_disputable', { code: s.code, seq: line.seq });
    await tx
      .update(settlementLines)
      .set({
        disputeState: 'open',
        disputeReason: b.reason,
        disputedAt: ctx.now,
        disputedBy: ctx.actor.id,
        disputedByName: ctx.actor.displayName || ctx.actor.username,
      })
      .where(eq(settlementLines.id, line.id));
    await tx
      .update(settlementStatements)
      .set({
        state: 'disputed',
        disputedCount: s.disputedCount + 1,
        version: s.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(settlementStatements.id, s.id));
    await event(
      tx,
      ctx,
      s,
      'statement.line_disputed',
      { state: s.state },
      { state: 'disputed', lineId: line.id, seq: line.seq, amountFen: line.amountFen },
      b.reason,
    );
  });
}

export async function resolveLine(ctx: Ctx, id: string, lineId: string, b: LineResolveBody): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const s = await loadStatement(tx, ctx, id, { forUpdate: true });
    if (s.state !== 'disputed') throw wrongState(s, 'resolve');
    const line = await loadLine(tx, ctx, s, lineId);
    if (line.disputeState !== 'open')
      throw fieldError('params.lineId', 'statement.line_not_disputed', { code: s.code, seq: line.seq });
    const upheld = b.outcome === 'upheld';
    const corrected = upheld ? b.correctedAmountFen! : null;
    await tx
      .update(settlementLines)
      .set({
        disputeState: b.outcome,
        resolution: b.note,
        correctedAmountFen: corrected,
        resolvedAt: ctx.now,
        resolvedBy: ctx.actor.id,
        resolvedByName: ctx.actor.displayName || ctx.actor.username,
      })
      .where(eq(settlementLines.id, line.id));
    const diff = corrected === null ? 0 : corrected - line.amountFen;
    let correctionId: string | null = null;
    if (diff !== 0) {
      const [last] = await tx
        .select({ seq: max(settlementLines.seq) })
        .from(settlementLines)
        .where(eq(settlementLines.statementId, s.id));
      const [row] = await tx
        .insert(settlementLines)
        .values({
          statementId: s.id,
          seq: (last?.seq ?? 0) + 1,
          kind: 'dispute_correction',
          orderId: line.orderId,
          orderCode: line.orderCode,
          amountFen: diff,
          correctsLineId: line.id,
          explanation: {
            'zh-CN': `第${line.seq}行异议成立，更正为${fen(corrected!, 'zh-CN')}（原${fen(line.amountFen, 'zh-CN')}，差额${fen(diff, 'zh-CN')}）：${b.note}`,
            en: `Dispute of line ${line.seq} upheld, corrected to ${fen(corrected!, 'en')} (was ${fen(line.amountFen, 'en')}, difference ${fen(diff, 'en')}): ${b.note}`,
          },
          ref: { correctsLineId: line.id },
        })
        .returning({ id: settlementLines.id });
      correctionId = row!.id;
    }
    await tx
      .update(settlementStatements)
      .set({
        disputedCount: sql`${settlementStatements.disputedCount} - 1`,
        totalFen: sql`${settlementStatements.totalFen} + ${diff}`,
        lineCount: sql`${settlementStatements.lineCount} + ${diff !== 0 ? 1 : 0}`,
        version: s.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(settlementStatements.id, s.id));
    await event(
      tx,
      ctx,
      s,
      upheld ? 'statement.dispute_upheld' : 'statement.dispute_rejected',
      { totalFen: s.totalFen },
      {
        lineId: line.id,
        seq: line.seq,
        outcome: b.outcome,
        correctedAmountFen: corrected,
        correctionId,
        totalFen: s.totalFen + diff,
      },
      b.note,
    );
  });
}

function fen(n: number, lang: 'zh-CN' | 'en'): string {
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  const s = `${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
  return lang === 'zh-CN' ? `${sign}${s}元` : `${sign}¥${s}`;
}

export async function lockStatement(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const s = await loadStatement(tx, ctx, id, { forUpdate: true });
    if (s.state === 'locked') throw wrongState(s, 'lock');
    if (s.state === 'draft') throw wrongState(s, 'lock');
    if (s.disputedCount > 0) throw new AppError('statement.open_disputes', { code: s.code, open: s.disputedCount });
    if (s.state === 'sent') {
      const day = await today(tx, ctx.now);
      if (!s.respondBy || day <= s.respondBy)
        throw new AppError('statement.not_yet_lockable', { code: s.code, respondBy: s.respondBy ?? '—' });
    }
    await tx
      .update(settlementStatements)
      .set({ state: 'locked', lockedAt: ctx.now, lockedBy: ctx.actor.id, version: s.version + 1, updatedAt: ctx.now })
      .where(eq(settlementStatements.id, s.id));
    await event(tx, ctx, s, 'statement.locked', { state: s.state }, { state: 'locked', totalFen: s.totalFen });
  });
}
