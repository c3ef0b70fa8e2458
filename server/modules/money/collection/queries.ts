import { and, asc, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbLike } from '../../../db/client.js';
import { rowsOf } from '../../../db/rows.js';
import { hasPermission, withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { orgUnits, users } from '../../../platform/identity/tables.js';
import { recordNotFound } from '../../../platform/records.js';
import { entitlementForOrder } from '../../warranty/index.js';
import { getOrder, type OrderDetail } from '../../work-orders/index.js';
import type {
  Collection,
  Handover,
  HandoverList,
  HandoverQuery,
  InvoiceRequest,
  InvoiceRequestQuery,
  OrderMoney,
  Quote,
  Reconciliation,
  ReconciliationQuery,
} from './contract.js';
import { dueOf, entitlementText, isPaidWork, reconciliationRows } from './rules.js';
import { cashHandovers, collections, invoiceRequests, orderQuotes } from './tables.js';

/*
 * Reads of paid work (docs/money-collection.md). An order's money is read through the order (the
 * work-order module's scope); receipts and invoice requests by the org path of the order when they
 * were written; hand-overs and the reconciliation by the technician's unit.
 */

export const NAMES = {
  quote: { 'zh-CN': '报价', en: 'Quote' },
  collection: { 'zh-CN': '收款记录', en: 'Collection' },
  invoice: { 'zh-CN': '发票申请', en: 'Invoice request' },
  handover: { 'zh-CN': '交款记录', en: 'Hand-over' },
  technician: { 'zh-CN': '工程师', en: 'Technician' },
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ---- Views ----------------------------------------------------------------------------------

export function quoteView(r: typeof orderQuotes.$inferSelect): Quote {
  return {
    id: r.id,
    orderId: r.orderId,
    state: r.state,
    lines: r.lines,
    totalFen: r.totalFen,
    calloutFen: r.calloutFen,
    calloutExplanation: r.calloutExplanation,
    explanation: r.explanation,
    day: r.day,
    createdAt: r.createdAt.toISOString(),
    agreedAt: iso(r.agreedAt),
    refusedAt: iso(r.refusedAt),
    refusalReason: r.refusalReason,
    exclusion: r.exclusion ? (r.exclusion as Quote['exclusion']) : null,
    entitlementText: r.entitlement,
    signatureUrl: r.signature,
  };
}

/** The order's quote now: the latest one not replaced by a newer proposal. */
export async function currentQuote(db: DbLike, orderId: string): Promise<typeof orderQuotes.$inferSelect | null> {
  const [row] = await db
    .select()
    .from(orderQuotes)
    .where(and(eq(orderQuotes.orderId, orderId), isNull(orderQuotes.supersededAt)))
    .orderBy(desc(orderQuotes.createdAt))
    .limit(1);
  return row ?? null;
}

const collector = alias(users, 'collector');

async function collectionViews(db: DbLike, where: SQL | undefined): Promise<Collection[]> {
  const rows = await db
    .select({ c: collections, name: collector.displayName })
    .from(collections)
    .innerJoin(collector, eq(collector.id, collections.collectedBy))
    .where(where)
    .orderBy(asc(collections.collectedAt), asc(collections.receiptNo));
  return rows.map(({ c, name }) => ({
    id: c.id,
    receiptNo: c.receiptNo,
    orderId: c.orderId,
    orderCode: c.orderCode,
    amountFen: c.amountFen,
    method: c.method,
    reference: c.reference,
    collectedBy: { id: c.collectedBy, name },
    collectedAt: c.collectedAt.toISOString(),
    correctsId: c.correctsId,
    reason: c.reason,
    customerName: c.customerName,
    smsQueued: c.smsQueued,
  }));
}

export async function collectionById(db: DbLike, id: string): Promise<Collection | null> {
  return (await collectionViews(db, eq(collections.id, id)))[0] ?? null;
}

/** What was collected on orders, net of corrections. */
export async function collectedOn(db: DbLike, orderIds: string[]): Promise<Map<string, number>> {
  if (!orderIds.length) return new Map();
  const rows = await db
    .select({ orderId: collections.orderId, fen: sql<string>`sum(${collections.amountFen})` })
    .from(collections)
    .where(inArray(collections.orderId, orderIds))
    .groupBy(collections.orderId);
  return new Map(rows.map((r) => [r.orderId, Number(r.fen)]));
}

const requester = alias(users, 'requester');
const issuer = alias(users, 'issuer');

async function invoiceViews(
  db: DbLike,
  where: SQL | undefined,
  page?: { limit: number; offset: number },
): Promise<InvoiceRequest[]> {
  const q = db
    .select({ r: invoiceRequests, requestedName: requester.displayName, issuedName: issuer.displayName })
    .from(invoiceRequests)
    .innerJoin(requester, eq(requester.id, invoiceRequests.requestedBy))
    .leftJoin(issuer, eq(issuer.id, invoiceRequests.issuedBy))
    .where(where)
    .orderBy(desc(invoiceRequests.requestedAt), desc(invoiceRequests.id));
  const rows = page ? await q.limit(page.limit).offset(page.offset) : await q;
  const collected = await collectedOn(
    db,
    rows.map((x) => x.r.orderId),
  );
  return rows.map(({ r, requestedName, issuedName }) => ({
    id: r.id,
    orderId: r.orderId,
    orderCode: r.orderCode,
    customerName: r.customerName,
    state: r.invoiceNo ? 'issued' : 'open',
    titleKind: r.titleKind,
    title: r.title,
    taxId: r.taxId,
    email: r.email,
    phone: r.phone,
    amountFen: collected.get(r.orderId) ?? 0,
    requestedBy: { id: r.requestedBy, name: requestedName },
    requestedAt: r.requestedAt.toISOString(),
    invoiceNo: r.invoiceNo,
    issuedBy: r.issuedBy ? { id: r.issuedBy, name: issuedName ?? '' } : null,
    issuedAt: iso(r.issuedAt),
  }));
}

export async function invoiceById(db: DbLike, id: string): Promise<InvoiceRequest | null> {
  return (await invoiceViews(db, eq(invoiceRequests.id, id)))[0] ?? null;
}

const technician = alias(users, 'technician');
const receiver = alias(users, 'receiver');

export async function handoverById(db: DbLike, id: string): Promise<Handover | null> {
  const [row] = await handoversWhere(db, eq(cashHandovers.id, id));
  return row ?? null;
}

/**
 * The hand-overs of a period in the reader's scope (by the technician's unit when handed over),
 * corrections included, newest first: what the reconciliation page offers to correct.
 */
export async function listHandovers(ctx: Ctx, q: HandoverQuery): Promise<HandoverList> {
  const items = await handoversWhere(
    ctx.db,
    and(
      withinScope(ctx.actor, cashHandovers.unitPath),
      sql`${cashHandovers.day} between ${q.from} and ${q.to}`,
      q.technicianId ? eq(cashHandovers.technicianId, q.technicianId) : undefined,
      q.outletId ? eq(cashHandovers.unitId, q.outletId) : undefined,
    ),
  );
  return { items, total: items.length };
}

async function handoversWhere(db: DbLike, where: SQL | undefined): Promise<Handover[]> {
  const rows = await db
    .select({
      h: cashHandovers,
      techName: technician.displayName,
      unitName: orgUnits.name,
      recName: receiver.displayName,
    })
    .from(cashHandovers)
    .innerJoin(technician, eq(technician.id, cashHandovers.technicianId))
    .innerJoin(receiver, eq(receiver.id, cashHandovers.receivedBy))
    .innerJoin(orgUnits, eq(orgUnits.id, cashHandovers.unitId))
    .where(where)
    .orderBy(desc(cashHandovers.day), desc(cashHandovers.receivedAt));
  return rows.map(({ h, ...row }) => ({
    id: h.id,
    technician: { id: h.technicianId, name: row.techName },
    outlet: { id: h.unitId, name: row.unitName },
    amountFen: h.amountFen,
    to: h.toTarget,
    day: h.day,
    note: h.note,
    receivedBy: { id: h.receivedBy, name: row.recName },
    receivedAt: h.receivedAt.toISOString(),
    correctsId: h.correctsId,
    reason: h.reason,
  }));
}

// ---- An order's money -----------------------------------------------------------------------

/** Paid or not, and why: the quote's frozen judgement; else the stored decision at completion; else today's. */
async function judgement(
  db: DbLike,
  ctx: Ctx,
  order: OrderDetail,
  quote: typeof orderQuotes.$inferSelect | null,
): Promise<{ paid: boolean; text: OrderMoney['entitlementText'] }> {
  if (quote) return { paid: true, text: quote.entitlement };
  const decided = order.warrantyDecisions.filter((d) => d.subject === 'unit').at(-1);
  if (decided) {
    const unit = { covered: decided.covered, labour: decided.labour, reasons: decided.reasons };
    return { paid: isPaidWork(unit), text: entitlementText(unit) };
  }
  const ent = order.unitId
    ? await entitlementForOrder(db, {
        orderId: order.id,
        unitId: order.unitId,
        partIds: order.parts.map((p) => p.partId),
        exclusion: null,
        now: ctx.now,
      })
    : null;
  const unit = ent?.unit ?? null;
  return { paid: isPaidWork(unit), text: entitlementText(unit) };
}

export async function orderMoney(ctx: Ctx, orderId: string): Promise<OrderMoney> {
  const order = await getOrder(ctx, orderId);
  const quote = await currentQuote(ctx.db, orderId);
  const { paid, text } = await judgement(ctx.db, ctx, order, quote);
  const list = await collectionViews(ctx.db, eq(collections.orderId, orderId));
  const [invoice] = await invoiceViews(ctx.db, eq(invoiceRequests.orderId, orderId));
  return {
    paid,
    entitlementText: text,
    quote: quote ? quoteView(quote) : null,
    dueFen: dueOf(quote),
    collectedFen: list.reduce((s, c) => s + c.amountFen, 0),
    collections: list,
    invoiceRequest: invoice ?? null,
  };
}

// ---- Receipts and invoice requests ----------------------------------------------------------

/** The receipt, read by whoever may read the order's unit's records. */
export async function getCollection(ctx: Ctx, id: string): Promise<Collection> {
  const [c] = await collectionViews(ctx.db, and(eq(collections.id, id), withinScope(ctx.actor, collections.orgPath)));
  if (!c) throw recordNotFound(ctx.lang, NAMES.collection);
  return c;
}

export function assertMayReadInvoices(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'money.collect') && !hasPermission(ctx.actor, 'money.reconcile'))
    throw new AppError('auth.forbidden', { permission: 'money.reconcile' });
}

export async function listInvoiceRequests(
  ctx: Ctx,
  q: InvoiceRequestQuery,
): Promise<{ items: InvoiceRequest[]; total: number; page: number; pageSize: number }> {
  assertMayReadInvoices(ctx);
  const where = and(
    withinScope(ctx.actor, invoiceRequests.orgPath),
    q.state === 'open' ? isNull(invoiceRequests.invoiceNo) : undefined,
    q.state === 'issued' ? sql`${invoiceRequests.invoiceNo} is not null` : undefined,
  );
  const [{ n } = { n: 0 }] = await ctx.db.select({ n: count() }).from(invoiceRequests).where(where);
  const items = await invoiceViews(ctx.db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items, total: Number(n), page: q.page, pageSize: q.pageSize };
}

// ---- Cash reconciliation --------------------------------------------------------------------

interface CashSum {
  tech: string;
  day: string;
  collected: string | number;
  handed: string | number;
}

/** Cash collected and handed over per technician and day (or, `before`, summed before a day), in scope. */
async function cashSums(
  ctx: Ctx,
  q: ReconciliationQuery,
  range: { from?: string; to: string; before?: string },
): Promise<CashSum[]> {
  const scopeC = withinScope(ctx.actor, collections.unitPath);
  const scopeH = withinScope(ctx.actor, cashHandovers.unitPath);
  const dayC = range.before
    ? sql`${collections.day} < ${range.before}`
    : sql`${collections.day} between ${range.from} and ${range.to}`;
  const dayH = range.before
    ? sql`${cashHandovers.day} < ${range.before}`
    : sql`${cashHandovers.day} between ${range.from} and ${range.to}`;
  const outletC = q.outletId ? sql`and ${collections.unitId} = ${q.outletId}` : sql``;
  const outletH = q.outletId ? sql`and ${cashHandovers.unitId} = ${q.outletId}` : sql``;
  const techC = q.technicianId ? sql`and ${collections.collectedBy} = ${q.technicianId}` : sql``;
  const techH = q.technicianId ? sql`and ${cashHandovers.technicianId} = ${q.technicianId}` : sql``;
  const res = await ctx.db.execute(sql`
    with c as (
      select ${collections.collectedBy} as tech, ${range.before ? sql`''` : sql`${collections.day}::text`} as day,
             sum(${collections.amountFen}) as fen
      from ${collections}
      where ${collections.method} = 'cash' and ${scopeC} and ${dayC} ${outletC} ${techC}
      group by 1, 2
    ), h as (
      select ${cashHandovers.technicianId} as tech, ${range.before ? sql`''` : sql`${cashHandovers.day}::text`} as day,
             sum(${cashHandovers.amountFen}) as fen
      from ${cashHandovers}
      where ${scopeH} and ${dayH} ${outletH} ${techH}
      group by 1, 2
    )
    select coalesce(c.tech, h.tech)::text as tech, coalesce(c.day, h.day) as day,
           coalesce(c.fen, 0) as collected, coalesce(h.fen, 0) as handed
    from c full join h on c.tech = h.tech and c.day = h.day`);
  return rowsOf<CashSum>(res);
}

/**
 * Per technician and day in the period with cash collected or handed over: the day's cash
 * collected, handed over, and the cumulative open difference (rules.ts, `reconciliationRows`).
 * In the reader's scope by the unit the entries were made for.
 */
export async function cashReconciliation(ctx: Ctx, q: ReconciliationQuery): Promise<Reconciliation> {
  const [before, within] = [
    await cashSums(ctx, q, { to: q.to, before: q.from }),
    await cashSums(ctx, q, { from: q.from, to: q.to }),
  ];
  const opening = new Map(before.map((r) => [r.tech, Number(r.collected) - Number(r.handed)]));
  const rows = reconciliationRows(
    opening,
    within.map((r) => ({
      technicianId: r.tech,
      day: r.day,
      collectedCashFen: Number(r.collected),
      handedOverFen: Number(r.handed),
    })),
    q.onlyOpen === 'true',
  );
  const ids = [...new Set(rows.map((r) => r.technicianId))];
  const people = ids.length
    ? await ctx.db
        .select({ id: users.id, name: users.displayName, unitId: orgUnits.id, unitName: orgUnits.name })
        .from(users)
        .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
        .where(inArray(users.id, ids))
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const items = rows.map((r) => {
    const p = byId.get(r.technicianId);
    return {
      day: r.day,
      technician: { id: r.technicianId, name: p?.name ?? '' },
      outlet: { id: p?.unitId ?? r.technicianId, name: p?.unitName ?? '' },
      collectedCashFen: r.collectedCashFen,
      handedOverFen: r.handedOverFen,
      differenceFen: r.differenceFen,
    };
  });
  return { items, total: items.length };
}
