import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbLike } from '../../../db/client.js';
import { hasPermission, withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { users } from '../../../platform/identity/tables.js';
import { recordNotFound } from '../../../platform/records.js';
import { pricesOn } from '../prices/queries.js';
import { assertMayReadStock } from '../queries.js';
import { depots } from '../tables.js';
import { companyDay, linesOf, mayApprove, movedLines, STOCKTAKE_NAME } from './common.js';
import type { Stocktake, StocktakeDetail, StocktakeLine, StocktakeListQuery } from './contract.js';
import { allowedActions, lineVariance } from './rules.js';
import { partStocktakes } from './tables.js';

/* Reads of stocktakes, within the reader's data scope (the depot's unit and below). */

const opener = alias(users, 'opener');
const submitter = alias(users, 'submitter');
const decider = alias(users, 'decider');

function stocktakeQuery(db: DbLike) {
  const l = sql.raw('l');
  return db
    .select({
      s: partStocktakes,
      depotCode: depots.code,
      depotName: depots.name,
      openedByName: opener.displayName,
      submittedByName: submitter.displayName,
      decidedByName: decider.displayName,
      lineCount: sql<number>`(select count(*)::int from part_stocktake_lines ${l} where ${l}.stocktake_id = ${partStocktakes.id})`,
      countedCount: sql<number>`(select count(*)::int from part_stocktake_lines ${l} where ${l}.stocktake_id = ${partStocktakes.id} and ${l}.counted_qty is not null)`,
      varianceCount: sql<number>`(select count(*)::int from part_stocktake_lines ${l} where ${l}.stocktake_id = ${partStocktakes.id} and ${l}.counted_qty <> ${l}.book_qty)`,
    })
    .from(partStocktakes)
    .innerJoin(depots, eq(depots.id, partStocktakes.depotId))
    .leftJoin(opener, eq(opener.id, partStocktakes.openedBy))
    .leftJoin(submitter, eq(submitter.id, partStocktakes.submittedBy))
    .leftJoin(decider, eq(decider.id, partStocktakes.decidedBy));
}

type Joined = Awaited<ReturnType<ReturnType<typeof stocktakeQuery>['execute']>>[number];

function view(r: Joined): Stocktake {
  const s = r.s;
  return {
    id: s.id,
    code: s.code,
    depotId: s.depotId,
    depotCode: r.depotCode,
    depotName: r.depotName,
    status: s.status,
    blind: s.blind,
    note: s.note,
    openedAt: s.openedAt.toISOString(),
    openedByName: r.openedByName,
    submittedAt: s.submittedAt?.toISOString() ?? null,
    submittedByName: r.submittedByName,
    decidedAt: s.decidedAt?.toISOString() ?? null,
    decidedByName: r.decidedByName,
    decisionNote: s.decisionNote,
    lineCount: Number(r.lineCount),
    countedCount: Number(r.countedCount),
    varianceCount: Number(r.varianceCount),
    version: s.version,
  };
}

function filterOf(ctx: Ctx, q: Pick<StocktakeListQuery, 'status' | 'depotId'>): SQL {
  const where: SQL[] = [withinScope(ctx.actor, partStocktakes.orgPath)];
  if (q.status) where.push(eq(partStocktakes.status, q.status));
  if (q.depotId) where.push(eq(partStocktakes.depotId, q.depotId));
  return and(...where)!;
}

/** Stocktakes in the reader's scope, newest first; by status and depot. */
export async function listStocktakes(ctx: Ctx, q: StocktakeListQuery): Promise<{ items: Stocktake[]; total: number }> {
  assertMayReadStock(ctx);
  const where = filterOf(ctx, q);
  const [rows, [total]] = await Promise.all([
    stocktakeQuery(ctx.db)
      .where(where)
      .orderBy(desc(partStocktakes.openedAt), desc(partStocktakes.code))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ n: count() }).from(partStocktakes).where(where),
  ]);
  // A blind count being counted shows no variance count to its counters either (as the detail).
  const approve = mayApprove(ctx);
  const items = rows
    .map(view)
    .map((s) => (s.blind && s.status === 'counting' && !approve ? { ...s, varianceCount: 0 } : s));
  return { items, total: total?.n ?? 0 };
}

/** One stocktake in scope, or 404 as if it did not exist. */
export async function stocktakeInScope(ctx: Ctx, id: string): Promise<Stocktake> {
  const [r] = await stocktakeQuery(ctx.db).where(
    and(eq(partStocktakes.id, id), withinScope(ctx.actor, partStocktakes.orgPath)),
  );
  if (!r) throw recordNotFound(ctx.lang, STOCKTAKE_NAME);
  return view(r);
}

/**
 * A stocktake with its lines: book, count, variance, and its value at cost (the posting day's
 * cost once posted, today's before). A blind count hides the book from readers who may not
 * approve it until it is submitted.
 */
export async function getStocktake(ctx: Ctx, id: string): Promise<StocktakeDetail> {
  assertMayReadStock(ctx);
  const s = await stocktakeInScope(ctx, id);
  const approve = mayApprove(ctx);
  const bookHidden = s.blind && s.status === 'counting' && !approve;
  const lines = await linesOf(ctx.db, id);
  const open = s.status === 'counting' || s.status === 'submitted';
  const moved = open ? await movedLines(ctx.db, s.depotId, lines) : new Set<string>();
  const prices =
    s.status === 'posted'
      ? new Map<string, number | null>(lines.map((l) => [l.id, l.unitCostFen]))
      : await pricesOn(ctx.db, [...new Set(lines.map((l) => l.partId))], await companyDay(ctx.db, ctx.now)).then(
          (p) => new Map(lines.map((l) => [l.id, p.get(l.partId)?.costFen ?? null])),
        );
  const names = await userNames(
    ctx.db,
    lines.map((l) => l.countedBy),
  );
  let total = 0;
  const out: StocktakeLine[] = lines.map((l) => {
    const v = lineVariance(l);
    const cost = prices.get(l.id) ?? null;
    const value = !bookHidden && v.variance !== null && cost !== null ? v.variance * cost : null;
    total += value ?? 0;
    return {
      id: l.id,
      partId: l.partId,
      partCode: l.partCode,
      partName: l.partName,
      grade: l.grade,
      serialTracked: l.serialTracked,
      bookQty: bookHidden ? null : l.bookQty,
      bookSerials: bookHidden ? null : l.bookSerials,
      countedQty: l.countedQty,
      countedSerials: l.countedSerials,
      variance: bookHidden ? null : v.variance,
      missingSerials: bookHidden ? [] : v.missing,
      extraSerials: bookHidden ? [] : v.extra,
      unitCostFen: cost,
      varianceValueFen: value,
      bookMoved: moved.has(l.id),
      countedAt: l.countedAt?.toISOString() ?? null,
      countedByName: l.countedBy ? (names.get(l.countedBy) ?? null) : null,
    };
  });
  return {
    ...s,
    // A blind sheet shows no variance count either while it is counted.
    varianceCount: bookHidden ? 0 : s.varianceCount,
    lines: out,
    bookHidden,
    varianceValueFen: total,
    actions: allowedActions(s.status, { manage: hasPermission(ctx.actor, 'parts.manage'), approve }),
  };
}

async function userNames(db: DbLike, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The lines as the upload matches them (id, part code, grade, tracked), for a stocktake in scope. */
export async function sheetLines(ctx: Ctx, id: string) {
  await stocktakeInScope(ctx, id);
  return (await linesOf(ctx.db, id)).map((l) => ({
    id: l.id,
    partCode: l.partCode,
    grade: l.grade,
    serialTracked: l.serialTracked,
  }));
}
