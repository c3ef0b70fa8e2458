import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbLike } from '../../../db/client.js';
import { withinScope } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { orgUnits, users } from '../../../platform/identity/tables.js';
import { AppError } from '../../../platform/errors.js';
import { recordNotFound } from '../../../platform/records.js';
import { localDay } from '../../warranty/index.js';
import { obligationStatus, settlementEffect } from '../return-rules.js';
import type {
  BatchDetail,
  BatchListQuery,
  ObligationListQuery,
  ReturnBatch,
  ReturnNote,
  ReturnObligation,
} from './contract.js';
import { partReturnBatches, partReturnObligations } from './tables.js';

export const NAMES = {
  obligation: { 'zh-CN': '旧件返还', en: 'Old-part return' },
  batch: { 'zh-CN': '返还批次', en: 'Return batch' },
};

type ObligationRow = typeof partReturnObligations.$inferSelect;
type BatchRow = typeof partReturnBatches.$inferSelect;

const technician = alias(users, 'technician');
const appraiser = alias(users, 'appraiser');

function obligationQuery(db: DbLike) {
  return db
    .select({
      o: partReturnObligations,
      technicianName: technician.displayName,
      outletName: orgUnits.name,
      batchCode: partReturnBatches.code,
      appraisedByName: appraiser.displayName,
    })
    .from(partReturnObligations)
    .leftJoin(technician, eq(technician.id, partReturnObligations.technicianUserId))
    .leftJoin(appraiser, eq(appraiser.id, partReturnObligations.appraisedBy))
    .leftJoin(orgUnits, eq(orgUnits.id, partReturnObligations.outletId))
    .leftJoin(partReturnBatches, eq(partReturnBatches.id, partReturnObligations.batchId));
}

type ObligationJoined = {
  o: ObligationRow;
  technicianName: string | null;
  outletName: string | null;
  batchCode: string | null;
  appraisedByName: string | null;
};

export function obligationView(r: ObligationJoined, now: Date, timeZone: string): ReturnObligation {
  const o = r.o;
  const state = obligationStatus({ dueDay: o.dueDay, shippedAt: o.shippedAt, receivedAt: o.receivedAt }, now, timeZone);
  return {
    id: o.id,
    orderId: o.orderId,
    orderCode: o.orderCode,
    partId: o.partId,
    partCode: o.partCode,
    partName: o.partName,
    serial: o.serial,
    quantity: o.quantity,
    paidBy: o.paidBy,
    technicianId: o.technicianUserId,
    technicianName: r.technicianName,
    outletId: o.outletId,
    outletName: r.outletName ?? '',
    dueDay: o.dueDay,
    status: state.status,
    daysOverdue: state.daysOverdue,
    explanation: state.explanation,
    batchId: o.batchId,
    batchCode: r.batchCode,
    shippedAt: o.shippedAt?.toISOString() ?? null,
    receivedAt: o.receivedAt?.toISOString() ?? null,
    outcome: o.outcome,
    appraisalNote: o.appraisalNote,
    warrantyAmountFen: o.warrantyAmountFen,
    withheldFen: o.withheldFen,
    settlement: o.outcome ? settlementEffect(o.outcome, o.warrantyAmountFen ?? 0).explanation : null,
    appraisedAt: o.appraisedAt?.toISOString() ?? null,
    appraisedByName: r.appraisedByName,
    createdAt: o.createdAt.toISOString(),
  };
}

/** One obligation in the reader's scope, or a 404. */
export async function getObligation(ctx: Ctx, id: string): Promise<ReturnObligation> {
  const [r] = await obligationQuery(ctx.db).where(
    and(eq(partReturnObligations.id, id), withinScope(ctx.actor, partReturnObligations.orgPath)),
  );
  if (!r) throw recordNotFound(ctx.lang, NAMES.obligation);
  return obligationView(r, ctx.now, await getSetting(ctx.db, 'company.timeZone', ctx.now));
}

/**
 * Obligations in the reader's scope. due / overdue: not shipped and not appraised, the due day
 * today or later / before today (company zone); shipped; received; appraised (an outcome recorded).
 */
export async function listObligations(
  ctx: Ctx,
  q: ObligationListQuery,
): Promise<{ items: ReturnObligation[]; total: number }> {
  const timeZone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const today = localDay(ctx.now, timeZone);
  const t = partReturnObligations;
  const where: SQL[] = [withinScope(ctx.actor, t.orgPath)];
  const open = and(eq(t.status, 'due'), isNull(t.outcome))!;
  let order: SQL[] = [desc(t.createdAt), asc(t.id)];
  switch (q.status) {
    case 'due':
      where.push(open, gte(t.dueDay, today));
      order = [asc(t.dueDay), asc(t.orderCode), asc(t.id)];
      break;
    case 'overdue':
      where.push(open, lt(t.dueDay, today));
      order = [asc(t.dueDay), asc(t.orderCode), asc(t.id)];
      break;
    case 'shipped':
      where.push(eq(t.status, 'shipped'));
      order = [desc(t.shippedAt), asc(t.id)];
      break;
    case 'received':
      where.push(eq(t.status, 'received'));
      order = [desc(t.receivedAt), asc(t.id)];
      break;
    case 'appraised':
      where.push(isNotNull(t.outcome));
      order = [desc(t.appraisedAt), asc(t.id)];
      break;
  }
  if (q.outletId) where.push(eq(t.outletId, q.outletId));
  if (q.technicianId) where.push(eq(t.technicianUserId, q.technicianId));
  if (q.orderId) where.push(eq(t.orderId, q.orderId));
  const [rows, [total]] = await Promise.all([
    obligationQuery(ctx.db)
      .where(and(...where))
      .orderBy(...order)
      .limit(q.limit)
      .offset(q.offset),
    ctx.db
      .select({ n: count() })
      .from(t)
      .where(and(...where)),
  ]);
  return { items: rows.map((r) => obligationView(r, ctx.now, timeZone)), total: total?.n ?? 0 };
}

const shipper = alias(users, 'shipper');
const receiver = alias(users, 'receiver');

function batchQuery(db: DbLike) {
  return db
    .select({
      b: partReturnBatches,
      outletName: orgUnits.name,
      outletCode: orgUnits.code,
      shippedByName: shipper.displayName,
      receivedByName: receiver.displayName,
      lineCount: sql<number>`(select count(*)::int from part_return_obligations l where l.batch_id = ${partReturnBatches.id})`,
      appraisedCount: sql<number>`(select count(*)::int from part_return_obligations l where l.batch_id = ${partReturnBatches.id} and l.outcome is not null)`,
      withheldFen: sql<number>`(select coalesce(sum(l.withheld_fen), 0)::bigint from part_return_obligations l where l.batch_id = ${partReturnBatches.id})`,
    })
    .from(partReturnBatches)
    .leftJoin(orgUnits, eq(orgUnits.id, partReturnBatches.outletId))
    .leftJoin(shipper, eq(shipper.id, partReturnBatches.shippedBy))
    .leftJoin(receiver, eq(receiver.id, partReturnBatches.receivedBy));
}

type BatchJoined = {
  b: BatchRow;
  outletName: string | null;
  shippedByName: string | null;
  receivedByName: string | null;
  lineCount: number;
  appraisedCount: number;
  withheldFen: number;
};

function batchView(r: BatchJoined): ReturnBatch {
  const b = r.b;
  return {
    id: b.id,
    code: b.code,
    outletId: b.outletId,
    outletName: r.outletName ?? '',
    carrier: b.carrier,
    trackingNo: b.trackingNo,
    note: b.note,
    status: b.status,
    shippedAt: b.shippedAt.toISOString(),
    shippedByName: r.shippedByName,
    receivedAt: b.receivedAt?.toISOString() ?? null,
    receivedByName: r.receivedByName,
    lineCount: Number(r.lineCount),
    appraisedCount: Number(r.appraisedCount),
    withheldFen: Number(r.withheldFen),
  };
}

export async function listBatches(ctx: Ctx, q: BatchListQuery): Promise<{ items: ReturnBatch[]; total: number }> {
  const t = partReturnBatches;
  const where: SQL[] = [withinScope(ctx.actor, t.orgPath)];
  if (q.status) where.push(eq(t.status, q.status));
  if (q.outletId) where.push(eq(t.outletId, q.outletId));
  const [rows, [total]] = await Promise.all([
    batchQuery(ctx.db)
      .where(and(...where))
      .orderBy(desc(t.shippedAt), desc(t.code))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db
      .select({ n: count() })
      .from(t)
      .where(and(...where)),
  ]);
  return { items: rows.map(batchView), total: total?.n ?? 0 };
}

async function batchInScope(ctx: Ctx, id: string) {
  const [r] = await batchQuery(ctx.db).where(
    and(eq(partReturnBatches.id, id), withinScope(ctx.actor, partReturnBatches.orgPath)),
  );
  if (!r) throw recordNotFound(ctx.lang, NAMES.batch);
  return r;
}

export async function getBatch(ctx: Ctx, id: string): Promise<BatchDetail> {
  const r = await batchInScope(ctx, id);
  const timeZone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const lines = await obligationQuery(ctx.db)
    .where(eq(partReturnObligations.batchId, id))
    .orderBy(asc(partReturnObligations.orderCode), asc(partReturnObligations.partCode), asc(partReturnObligations.id));
  return { ...batchView(r), lines: lines.map((l) => obligationView(l, ctx.now, timeZone)) };
}

/** What the printed return note shows (the web app prints it with a QR code of the batch code). */
export async function returnNote(ctx: Ctx, id: string): Promise<ReturnNote> {
  const r = await batchInScope(ctx, id);
  const lines = await ctx.db
    .select()
    .from(partReturnObligations)
    .where(eq(partReturnObligations.batchId, id))
    .orderBy(asc(partReturnObligations.orderCode), asc(partReturnObligations.partCode), asc(partReturnObligations.id));
  return {
    batchCode: r.b.code,
    outletName: r.outletName ?? '',
    outletCode: r.outletCode ?? '',
    carrier: r.b.carrier,
    trackingNo: r.b.trackingNo,
    note: r.b.note,
    shippedAt: r.b.shippedAt.toISOString(),
    shippedByName: r.shippedByName,
    printedAt: ctx.now.toISOString(),
    lines: lines.map((l) => ({
      orderCode: l.orderCode,
      partCode: l.partCode,
      partName: l.partName,
      serial: l.serial,
      quantity: l.quantity,
      dueDay: l.dueDay,
    })),
  };
}

/** The return outcome of one line of an order, for settlement. */
export interface ReturnOutcome {
  obligationId: string;
  partId: string;
  partCode: string;
  serial: string | null;
  quantity: number;
  status: 'due' | 'shipped' | 'received';
  outcome: ObligationRow['outcome'];
  /** True when the outcome withholds the line's warranty amount (wrong part, no fault found, missing). */
  withholds: boolean;
  warrantyAmountFen: number | null;
  withheldFen: number;
}

/**
 * The old-part returns of an order and what their appraisals withhold (settlement reads this; no
 * scope check: the caller checked the order). `withheldFen` sums the lines; a line whose warranty
 * amount is not known yet withholds 0 fen but says `withholds`.
 */
export async function withheldForOrder(
  db: DbLike,
  orderId: string,
): Promise<{ orderId: string; withheldFen: number; lines: ReturnOutcome[] }> {
  const rows = await db
    .select()
    .from(partReturnObligations)
    .where(eq(partReturnObligations.orderId, orderId))
    .orderBy(asc(partReturnObligations.createdAt), asc(partReturnObligations.id));
  const lines = rows.map((r) => ({
    obligationId: r.id,
    partId: r.partId,
    partCode: r.partCode,
    serial: r.serial,
    quantity: r.quantity,
    status: r.status,
    outcome: r.outcome,
    withholds: r.outcome !== null && r.outcome !== 'faulty_confirmed',
    warrantyAmountFen: r.warrantyAmountFen,
    withheldFen: r.withheldFen,
  }));
  return { orderId, withheldFen: lines.reduce((s, l) => s + l.withheldFen, 0), lines };
}

/** Obligations by id (no scope: the caller filters). */
export async function obligationsByIds(db: DbLike, ids: string[]): Promise<ObligationRow[]> {
  if (!ids.length) return [];
  return db.select().from(partReturnObligations).where(inArray(partReturnObligations.id, ids));
}

/**
 * Receipt and appraisal happen above the outlet (the center, or HQ): an outlet never receives or
 * appraises what it sent back, whatever permissions it holds.
 */
export function assertAboveOutlet(ctx: Pick<Ctx, 'actor'>, orgPath: string): void {
  if (ctx.actor.kind === 'system') return;
  if (!(orgPath.startsWith(ctx.actor.orgPath) && orgPath.length > ctx.actor.orgPath.length))
    throw new AppError('returns.center_only');
}
