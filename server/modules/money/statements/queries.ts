import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Text } from '../../../../shared/i18n.js';
import type { DbLike } from '../../../db/client.js';
import { pathInScope, withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import { recordNotFound } from '../../../platform/records.js';
import { satisfactionBetween } from '../../callbacks/index.js';
import type { Statement, StatementDetail, StatementLine, StatementQuery } from './contract.js';
import { monthWindow } from './facts.js';
import { settlementLines, settlementStatements } from './tables.js';

/*
 * Reads of the settlement statements (docs/money-statements.md), scoped by the unit's org path
 * like every module's: an outlet's manager sees its outlet's statements, a center its subtree, HQ
 * all. A statement out of scope reads as not found.
 */

export const STATEMENT_NAME: Text = { 'zh-CN': '结算单', en: 'Statement' };
export const LINE_NAME: Text = { 'zh-CN': '结算单行', en: 'Statement line' };

export type StatementRow = typeof settlementStatements.$inferSelect;
export type LineRow = typeof settlementLines.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const head = {
  row: settlementStatements,
  unitCode: orgUnits.code,
  unitName: orgUnits.name,
};

function view(r: { row: StatementRow; unitCode: string; unitName: string }): Statement {
  const s = r.row;
  return {
    id: s.id,
    code: s.code,
    kind: s.kind,
    unitId: s.unitId,
    unitCode: r.unitCode,
    unitName: r.unitName,
    month: s.month,
    state: s.state,
    totalFen: s.totalFen,
    lineCount: s.lineCount,
    orderCount: s.orderCount,
    disputedCount: s.disputedCount,
    draftedAt: s.draftedAt.toISOString(),
    sentAt: iso(s.sentAt),
    respondBy: s.respondBy,
    acceptedAt: iso(s.acceptedAt),
    lockedAt: iso(s.lockedAt),
  };
}

export function lineView(l: LineRow): StatementLine {
  return {
    id: l.id,
    seq: l.seq,
    kind: l.kind,
    orderId: l.orderId,
    orderCode: l.orderCode,
    amountFen: l.amountFen,
    explanation: l.explanation,
    complaint:
      l.kind === 'complaint_penalty' && l.ref?.complaintId
        ? {
            id: String(l.ref.complaintId),
            code: String(l.ref.complaintCode ?? ''),
            reason: String(l.ref.reason ?? ''),
            technician: l.ref.technicianName ? String(l.ref.technicianName) : null,
          }
        : null,
    heldFen: l.kind === 'awaiting_confirmation' ? Number(l.ref?.heldFen ?? 0) : null,
    dispute: l.disputeState
      ? {
          state: l.disputeState,
          reason: l.disputeReason ?? '',
          raisedAt: l.disputedAt!.toISOString(),
          raisedBy: l.disputedByName ?? '',
          resolution: l.resolution,
          correctedAmountFen: l.correctedAmountFen,
          resolvedAt: iso(l.resolvedAt),
          resolvedBy: l.resolvedByName,
        }
      : null,
  };
}

/** A statement row in the caller's scope (404 otherwise), locked for a command when asked. */
export async function loadStatement(
  db: DbLike,
  ctx: Pick<Ctx, 'actor' | 'lang'>,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<StatementRow> {
  const q = db.select().from(settlementStatements).where(eq(settlementStatements.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row || !pathInScope(ctx.actor, row.orgPath)) throw recordNotFound(ctx.lang, STATEMENT_NAME);
  return row;
}

export async function listStatements(ctx: Ctx, q: StatementQuery) {
  const where: SQL | undefined = and(
    withinScope(ctx.actor, settlementStatements.orgPath),
    q.month ? eq(settlementStatements.month, q.month) : undefined,
    q.kind ? eq(settlementStatements.kind, q.kind) : undefined,
    q.state ? eq(settlementStatements.state, q.state) : undefined,
    q.unitId ? eq(settlementStatements.unitId, q.unitId) : undefined,
  );
  const rows = await ctx.db
    .select(head)
    .from(settlementStatements)
    .innerJoin(orgUnits, eq(orgUnits.id, settlementStatements.unitId))
    .where(where)
    .orderBy(desc(settlementStatements.month), asc(settlementStatements.code))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [total] = await ctx.db.select({ n: count() }).from(settlementStatements).where(where);
  return { items: rows.map(view), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function getStatement(ctx: Pick<Ctx, 'db' | 'actor' | 'lang'>, id: string): Promise<StatementDetail> {
  const [r] = await ctx.db
    .select(head)
    .from(settlementStatements)
    .innerJoin(orgUnits, eq(orgUnits.id, settlementStatements.unitId))
    .where(eq(settlementStatements.id, id));
  if (!r || !pathInScope(ctx.actor, r.row.orgPath)) throw recordNotFound(ctx.lang, STATEMENT_NAME);
  const lines = await ctx.db
    .select()
    .from(settlementLines)
    .where(eq(settlementLines.statementId, id))
    .orderBy(asc(settlementLines.seq));
  return { ...view(r), lines: lines.map(lineView), satisfaction: await monthSatisfaction(ctx.db, r.row) };
}

/** An outlet's callback satisfaction over the statement's month (company zone), for the statement's head. */
async function monthSatisfaction(
  db: DbLike,
  s: { kind: string; unitId: string; month: string },
): Promise<StatementDetail['satisfaction']> {
  if (s.kind !== 'outlet') return null;
  // The zone in force mid-month bounds the month (the company does not move zones within one).
  const w = await monthWindow(db, s.month, new Date(`${s.month}-15T04:00:00Z`));
  const f = await satisfactionBetween(db, { outletIds: [s.unitId], technicianIds: [], from: w.from, to: w.to });
  const o = f.outlets.get(s.unitId);
  return { callbacks: o?.callbacks ?? 0, percent: o ? o.satisfaction : null };
}
