import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import { insertRowsSql } from '../../../../db/bulk.js';
import { assertOrgUnitInScope, withinScope } from '../../../../platform/access/index.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError, fieldError } from '../../../../platform/errors.js';
import { type EventInput, eventsInsertSql } from '../../../../platform/events/index.js';
import { orgUnits } from '../../../../platform/identity/tables.js';
import { type ComplaintPenalty, penaltiesDecidedIn } from '../../../complaints/index.js';
import { today } from '../../queries.js';
import {
  type BuiltLine,
  type CarriedAdjustment,
  centerBonusLine,
  orderLines,
  statementCode,
  statementFigures,
  statementLines,
} from '../build.js';
import type { DraftMonth, DraftResult } from '../contract.js';
import { type FactsWithTime, loadOrderFacts, MonthRules, type MonthWindow, monthWindow } from '../facts.js';
import { loadStatement } from '../queries.js';
import { settlementLines, settlementStatements, statementAdjustments } from '../tables.js';

/*
 * Drafting a month (docs/money-statements.md): every outlet with orders completed in the month
 * (or a complaint penalty decided in it, or an adjustment carried into it) and every center within the caller's scope get a draft, or
 * their draft is computed again; a unit whose statement of the month is past draft is skipped.
 * One transaction for the lot, one audit event per statement; the facts are read in sets for a
 * batch of units at a time and the lines written with multi-row inserts.
 */

/** Units per batch of facts (a center and its outlets sort together by path). */
const UNITS_PER_BATCH = 40;
/** Rows per multi-row insert. */
const ROWS_PER_INSERT = 2000;

interface Unit {
  id: string;
  kind: 'outlet' | 'center';
  code: string;
  path: string;
  provinceCode: string | null;
}

interface Existing {
  id: string;
  unitId: string;
  state: string;
  version: number;
}

export interface DraftOptions {
  /** One unit only (an outlet or a center). */
  unitId?: string;
}

/** The month must have started: the current or a past month (company time zone). */
async function assertMonthStarted(db: DbLike, ctx: Ctx, month: string): Promise<void> {
  const day = await today(db, ctx.now);
  if (month > day.slice(0, 7)) throw fieldError('month', 'statement.future_month', { month });
}

/**
 * Drafts (or recomputes the drafts of) a month's statements within the caller's scope, in one
 * transaction: `{ drafted, recomputed, skipped }`. The demo and the benchmark call it.
 */
export async function draftMonth(db: DbLike, ctx: Ctx, month: string, opts: DraftOptions = {}): Promise<DraftResult> {
  await assertMonthStarted(db, ctx, month);
  if (opts.unitId) {
    const unit = await assertOrgUnitInScope(db, ctx.actor, opts.unitId);
    const [row] = await db.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, unit.id));
    if (row?.kind !== 'outlet' && row?.kind !== 'center')
      throw fieldError('unitId', 'statement.not_settled_unit', { unit: unit.name });
  }
  return db.transaction(async (tx) => draftIn(tx, ctx, month, opts));
}

/** POST /api/statements/draft. */
export async function draftMonthFor(ctx: Ctx, input: DraftMonth): Promise<DraftResult> {
  return draftMonth(ctx.db, ctx, input.month, input.unitId ? { unitId: input.unitId } : {});
}

/** POST /api/statements/:id/recompute: a draft, computed again from the month's facts. */
export async function recomputeStatement(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const s = await loadStatement(tx, ctx, id, { forUpdate: true });
    if (s.state !== 'draft') throw notDraft(s);
    await draftIn(tx, ctx, s.month, { unitId: s.unitId });
  });
}

export function notDraft(s: { code: string; state: string }) {
  return new AppError('statement.not_draft', { code: s.code, state: s.state, stateZh: STATE_ZH[s.state] ?? s.state });
}

export const STATE_ZH: Record<string, string> = {
  draft: '草稿',
  sent: '已发送',
  disputed: '有异议',
  accepted: '已确认',
  locked: '已锁定',
};

async function draftIn(tx: DbLike, ctx: Ctx, month: string, opts: DraftOptions): Promise<DraftResult> {
  const w = await monthWindow(tx, month, ctx.now);
  const units = (await tx
    .select({
      id: orgUnits.id,
      kind: orgUnits.kind,
      code: orgUnits.code,
      path: orgUnits.path,
      provinceCode: orgUnits.provinceCode,
    })
    .from(orgUnits)
    .where(
      and(
        inArray(orgUnits.kind, ['outlet', 'center']),
        withinScope(ctx.actor, orgUnits.path),
        opts.unitId ? eq(orgUnits.id, opts.unitId) : undefined,
      ),
    )
    .orderBy(asc(orgUnits.path))) as Unit[];
  const [hq] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.kind, 'hq')).limit(1);
  const unitIds = units.map((u) => u.id);

  // The month's statements of these units, locked against a concurrent draft or send.
  const existing = new Map<string, Existing>();
  const adjustments = new Map<string, CarriedAdjustment[]>();
  for (let i = 0; i < unitIds.length; i += 5000) {
    const ids = unitIds.slice(i, i + 5000);
    for (const r of await tx
      .select({
        id: settlementStatements.id,
        unitId: settlementStatements.unitId,
        state: settlementStatements.state,
        version: settlementStatements.version,
      })
      .from(settlementStatements)
      .where(and(eq(settlementStatements.month, month), inArray(settlementStatements.unitId, ids)))
      .for('update'))
      existing.set(r.unitId, r);
    const source = settlementStatements;
    for (const a of await tx
      .select({
        id: statementAdjustments.id,
        unitId: statementAdjustments.unitId,
        amountFen: statementAdjustments.amountFen,
        reason: statementAdjustments.reason,
        explanation: statementAdjustments.explanation,
        obligationId: statementAdjustments.obligationId,
        complaintId: statementAdjustments.complaintId,
        orderId: statementAdjustments.orderId,
        sourceCode: source.code,
        sourceMonth: source.month,
      })
      .from(statementAdjustments)
      .innerJoin(source, eq(source.id, statementAdjustments.sourceStatementId))
      .where(and(eq(statementAdjustments.month, month), inArray(statementAdjustments.unitId, ids)))
      .orderBy(asc(statementAdjustments.createdAt), asc(statementAdjustments.id))) {
      const list = adjustments.get(a.unitId) ?? [];
      list.push(a);
      adjustments.set(a.unitId, list);
    }
  }

  const rules = await MonthRules.load(tx, w);
  const result: DraftResult = { drafted: 0, recomputed: 0, skipped: 0 };
  const writer = new Writer(tx);

  // Drafts computed again: their lines and rows go, and come back with the same id and code.
  const drafts = [...existing.values()].filter((e) => e.state === 'draft');
  for (let i = 0; i < drafts.length; i += 5000) {
    const ids = drafts.slice(i, i + 5000).map((d) => d.id);
    await tx.delete(settlementLines).where(inArray(settlementLines.statementId, ids));
    await tx.delete(settlementStatements).where(inArray(settlementStatements.id, ids));
  }

  for (let i = 0; i < units.length; i += UNITS_PER_BATCH) {
    const batch = units.slice(i, i + UNITS_PER_BATCH);
    const open = batch.filter((u) => {
      const e = existing.get(u.id);
      if (e && e.state !== 'draft') {
        result.skipped++;
        return false;
      }
      return true;
    });
    if (!open.length) continue;
    const outletIds = open.filter((u) => u.kind === 'outlet').map((u) => u.id);
    const centerIds = open.filter((u) => u.kind === 'center').map((u) => u.id);
    const facts = await loadOrderFacts(tx, w, { outletIds, centerIds }, ctx.now);
    const penalties = await penaltiesDecidedIn(tx, w, outletIds);
    const built = await buildBatch(facts, open, rules, hq?.id ?? '', adjustments, penalties);
    for (const u of open) {
      const lines = built.get(u.id)!;
      const e = existing.get(u.id);
      // An outlet with nothing this month gets no statement (unless it has a draft to recompute).
      if (u.kind === 'outlet' && lines.length === 0 && !e) continue;
      await writer.statement(ctx, w, u, lines, e ?? null);
      if (e) result.recomputed++;
      else result.drafted++;
    }
  }
  await writer.flush();
  return result;
}

/** Each unit's lines of a batch: its orders' lines, the late dispatches it answers for, its complaint penalties, its center line, its adjustments. */
async function buildBatch(
  facts: readonly FactsWithTime[],
  units: readonly Unit[],
  rules: MonthRules,
  hqId: string,
  adjustments: ReadonlyMap<string, CarriedAdjustment[]>,
  penalties: readonly ComplaintPenalty[],
): Promise<Map<string, BuiltLine[]>> {
  const orderPart = new Map<string, BuiltLine[]>(units.map((u) => [u.id, []]));
  const dispatchPart = new Map<string, BuiltLine[]>(units.map((u) => [u.id, []]));
  const centerOrders = new Map<string, FactsWithTime[]>(
    units.filter((u) => u.kind === 'center').map((u) => [u.id, []]),
  );
  for (const f of facts) {
    const r = await rules.forOrder(f.completedAt, f.day);
    const lines = orderLines(f, r, hqId);
    if (f.outletId) orderPart.get(f.outletId)?.push(...lines.outlet);
    for (const d of lines.dispatch) if (d.level === 'center') dispatchPart.get(d.unitId)?.push(d.line);
    if (f.centerId) centerOrders.get(f.centerId)?.push(f);
  }
  const out = new Map<string, BuiltLine[]>();
  for (const u of units) {
    let centerLine: BuiltLine | null = null;
    if (u.kind === 'center') {
      const c = rules.center(u.provinceCode);
      centerLine = centerBonusLine(centerOrders.get(u.id) ?? [], c.group, c.settings).line;
    }
    out.set(
      u.id,
      statementLines({
        orderLines: orderPart.get(u.id)!,
        dispatchLines: dispatchPart.get(u.id)!,
        penalties: penalties.filter((p) => p.outletId === u.id),
        centerLine,
        adjustments: adjustments.get(u.id) ?? [],
      }),
    );
  }
  return out;
}

/** Buffers statement rows, line rows and events, and writes them in multi-row inserts. */
class Writer {
  private statements: (typeof settlementStatements.$inferInsert)[] = [];
  private lines: (typeof settlementLines.$inferInsert)[] = [];
  private events: { ctx: Ctx; event: EventInput }[] = [];
  constructor(private readonly tx: DbLike) {}

  async statement(ctx: Ctx, w: MonthWindow, u: Unit, lines: readonly BuiltLine[], e: Existing | null): Promise<void> {
    const id = e?.id ?? crypto.randomUUID();
    const figures = statementFigures(lines);
    this.statements.push({
      id,
      code: statementCode(w.month, u.code),
      kind: u.kind,
      unitId: u.id,
      orgPath: u.path,
      month: w.month,
      state: 'draft',
      ...figures,
      disputedCount: 0,
      draftedAt: ctx.now,
      draftedBy: ctx.actor.id,
      version: (e?.version ?? 0) + 1,
      updatedAt: ctx.now,
    });
    for (const [i, l] of lines.entries())
      this.lines.push({
        statementId: id,
        seq: i + 1,
        kind: l.kind,
        orderId: l.orderId,
        orderCode: l.orderCode,
        amountFen: l.amountFen,
        explanation: l.explanation,
        ref: l.ref,
      });
    this.events.push({
      ctx,
      event: {
        entity: 'settlement_statement',
        entityId: id,
        action: e ? 'statement.recomputed' : 'statement.drafted',
        after: { code: statementCode(w.month, u.code), month: w.month, ...figures },
        orgPath: u.path,
      },
    });
    if (this.lines.length >= ROWS_PER_INSERT || this.statements.length >= ROWS_PER_INSERT) await this.flush();
  }

  async flush(): Promise<void> {
    // Statements first: the lines point at them.
    if (this.statements.length) await this.tx.execute(insertRowsSql(settlementStatements, this.statements));
    for (let i = 0; i < this.lines.length; i += ROWS_PER_INSERT)
      await this.tx.execute(insertRowsSql(settlementLines, this.lines.slice(i, i + ROWS_PER_INSERT)));
    if (this.events.length) await this.tx.execute(eventsInsertSql(this.events));
    this.statements = [];
    this.lines = [];
    this.events = [];
  }
}
