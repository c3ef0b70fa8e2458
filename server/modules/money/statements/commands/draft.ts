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
  type OrderFacts,
  type OrderLines,
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

/** Outlets in the first batch of facts; later batches aim at ORDERS_PER_BATCH orders. */
const FIRST_BATCH_UNITS = 40;
const ORDERS_PER_BATCH = 20_000;
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

  // Each order is read once, with its outlet's batch: the centers gather what their statements
  // need of it (late dispatches, the completion clock) as the batches pass, and read afterwards
  // only the orders no drafted outlet covered (an outlet past draft, none, or out of scope).
  const open = units.filter((u) => {
    const e = existing.get(u.id);
    if (e && e.state !== 'draft') {
      result.skipped++;
      return false;
    }
    return true;
  });
  const outlets = open.filter((u) => u.kind === 'outlet');
  const centers = open.filter((u) => u.kind === 'center');
  const gathered = new Map<string, CenterGathered>(centers.map((u) => [u.id, { orders: [], dispatch: [] }]));
  const write = async (u: Unit, lines: BuiltLine[]) => {
    const e = existing.get(u.id);
    // An outlet with nothing this month gets no statement (unless it has a draft to recompute).
    if (u.kind === 'outlet' && lines.length === 0 && !e) return;
    await writer.statement(ctx, w, u, lines, e ?? null);
    if (e) result.recomputed++;
    else result.drafted++;
  };
  // Batches of about ORDERS_PER_BATCH orders: the next batch takes as many outlets as the ones
  // read so far suggest (few orders an outlet: many outlets a batch, so few set reads in all).
  let perBatch = FIRST_BATCH_UNITS;
  let seenOrders = 0;
  for (let i = 0; i < outlets.length; ) {
    const batch = outlets.slice(i, i + perBatch);
    i += batch.length;
    const outletIds = batch.map((u) => u.id);
    const facts = await loadOrderFacts(tx, w, { outletIds, centerIds: [] }, ctx.now);
    seenOrders += facts.length;
    perBatch = Math.max(FIRST_BATCH_UNITS, Math.round(ORDERS_PER_BATCH / Math.max(1, seenOrders / i)));
    const penalties = await penaltiesDecidedIn(tx, w, outletIds);
    const built = await buildOutlets(facts, batch, rules, hq?.id ?? '', adjustments, penalties, gathered);
    for (const u of batch) await write(u, built.get(u.id)!);
  }
  if (centers.length) {
    const facts = await loadOrderFacts(
      tx,
      w,
      { outletIds: [], centerIds: centers.map((u) => u.id), exceptOutletIds: outlets.map((u) => u.id) },
      ctx.now,
    );
    await gather(facts, rules, hq?.id ?? '', gathered);
    for (const u of centers) await write(u, centerLines(u, gathered.get(u.id)!, rules, adjustments));
  }
  await writer.flush();
  return result;
}

/** What a center's statement takes of its orders, gathered from whichever read carried them. */
interface CenterGathered {
  /** Each order's completion facts (only the resolved_cap milestone is kept: completionClock). */
  orders: Pick<OrderFacts, 'id' | 'code' | 'milestones' | 'partsWaits'>[];
  /** Its late dispatches with the order's completion, to put them in completion order. */
  dispatch: { at: number; code: string; line: BuiltLine }[];
}

/** Puts an order's center parts where they belong: its late dispatches and its completion facts. */
function gatherOrder(f: FactsWithTime, lines: OrderLines, gathered: Map<string, CenterGathered>): void {
  for (const d of lines.dispatch)
    if (d.level === 'center')
      gathered.get(d.unitId)?.dispatch.push({ at: f.completedAt.getTime(), code: f.code, line: d.line });
  const c = f.centerId ? gathered.get(f.centerId) : undefined;
  if (c)
    c.orders.push({
      id: f.id,
      code: f.code,
      milestones: f.milestones.filter((m) => m.key === 'resolved_cap'),
      partsWaits: f.partsWaits,
    });
}

/** The center parts of orders read for the centers alone. */
async function gather(
  facts: readonly FactsWithTime[],
  rules: MonthRules,
  hqId: string,
  gathered: Map<string, CenterGathered>,
): Promise<void> {
  for (const f of facts) gatherOrder(f, orderLines(f, await rules.forOrder(f.completedAt, f.day), hqId), gathered);
}

/** Each outlet's lines of a batch (its orders' lines, its complaint penalties, its adjustments); the centers' parts are gathered. */
async function buildOutlets(
  facts: readonly FactsWithTime[],
  units: readonly Unit[],
  rules: MonthRules,
  hqId: string,
  adjustments: ReadonlyMap<string, CarriedAdjustment[]>,
  penalties: readonly ComplaintPenalty[],
  gathered: Map<string, CenterGathered>,
): Promise<Map<string, BuiltLine[]>> {
  const orderPart = new Map<string, BuiltLine[]>(units.map((u) => [u.id, []]));
  for (const f of facts) {
    const lines = orderLines(f, await rules.forOrder(f.completedAt, f.day), hqId);
    if (f.outletId) orderPart.get(f.outletId)?.push(...lines.outlet);
    gatherOrder(f, lines, gathered);
  }
  return new Map(
    units.map((u) => [
      u.id,
      statementLines({
        orderLines: orderPart.get(u.id)!,
        dispatchLines: [],
        penalties: penalties.filter((p) => p.outletId === u.id),
        centerLine: null,
        adjustments: adjustments.get(u.id) ?? [],
      }),
    ]),
  );
}

/** A center's lines: its late dispatches by completion, its monthly bonus line, its adjustments. */
function centerLines(
  u: Unit,
  g: CenterGathered,
  rules: MonthRules,
  adjustments: ReadonlyMap<string, CarriedAdjustment[]>,
): BuiltLine[] {
  const c = rules.center(u.provinceCode);
  g.dispatch.sort((a, b) => a.at - b.at || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return statementLines({
    orderLines: [],
    dispatchLines: g.dispatch.map((d) => d.line),
    penalties: [],
    centerLine: centerBonusLine(g.orders, c.group, c.settings).line,
    adjustments: adjustments.get(u.id) ?? [],
  });
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
