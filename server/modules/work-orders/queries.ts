import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { escapeLike } from '../../platform/records.js';
import {
  customerAddresses,
  customers,
  firstPhoneOf,
  newOrderContactMask,
  orderContactLens,
  productModels,
} from '../customers/index.js';
import { attachmentListColumns, attachments } from '../intake/index.js';
import { actorFacts, companyToday, iso, notFound, type OrderRow } from './common.js';
import type {
  Certification,
  CertificationQuery,
  ComplaintRecord,
  ComplaintRecordQuery,
  OrderDetail,
  OrderListQuery,
  OrderPhoto,
  OrderSummary,
  RegisterEntry,
  TimelineEntry,
  RegisterQuery,
} from './contract.js';
import type { Milestone } from '../sla/index.js';
import { orderMilestones, orderWarrantyDecisions, partsByIds, productLinesByIds } from './ports.js';
import { allowedActions, complaintReasonText, OPEN_STATES, priorityLabel } from './rules.js';
import {
  complaintFlags,
  repairRegister,
  technicianCertifications,
  workOrderApprovals,
  workOrderHistory,
  workOrderParts,
  workOrderPhotos,
  workOrders,
  workOrderUrges,
} from './tables.js';

const holder = alias(orgUnits, 'holder');
const tech = alias(users, 'tech');

const summaryColumns = {
  order: workOrders,
  customerName: customers.name,
  holderName: holder.name,
  holderPath: holder.path,
  technicianName: tech.displayName,
  modelName: productModels.name,
};

function baseQuery(ctx: Ctx) {
  return ctx.db
    .select(summaryColumns)
    .from(workOrders)
    .innerJoin(customers, eq(customers.id, workOrders.customerId))
    .innerJoin(holder, eq(holder.id, workOrders.holderUnitId))
    .leftJoin(tech, eq(tech.id, workOrders.technicianId))
    .leftJoin(productModels, eq(productModels.id, workOrders.modelId));
}

type SummaryRow = {
  order: OrderRow;
  customerName: string;
  holderName: string;
  holderPath: string;
  technicianName: string | null;
  modelName: string | null;
};

function summaryOf(r: SummaryRow, labels: readonly string[]): OrderSummary {
  const o = r.order;
  return {
    id: o.id,
    code: o.code,
    state: o.state,
    serviceType: o.serviceType,
    priority: o.priority,
    priorityLabel: priorityLabel(o.priority, labels),
    customerId: o.customerId,
    customerName: r.customerName,
    customerKind: o.customerKind,
    unitId: o.unitId,
    modelName: r.modelName,
    serialNo: o.serialNo,
    faultDescription: o.faultDescription,
    provinceCode: o.provinceCode,
    holderUnitId: o.holderUnitId,
    holderUnitName: r.holderName,
    technicianId: o.technicianId,
    technicianName: r.technicianName,
    bookedFrom: iso(o.bookedFrom),
    bookedTo: iso(o.bookedTo),
    waitReason: o.waitReason,
    urgeCount: o.urgeCount,
    zone: o.zone,
    repeatOfId: o.repeatOfId,
    reportedAt: o.reportedAt.toISOString(),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    version: o.version,
  };
}

/**
 * Counting stops here: the closed orders of a province run to hundreds of thousands, and an exact
 * total of them costs more than the page itself; past it the board says "10 000+".
 */
const COUNT_CAP = 10_000;

/** The capped count of the board's filter; customers are joined only when the text search needs them. */
async function countCapped(ctx: Ctx, where: SQL, byText: boolean): Promise<{ n: number } | undefined> {
  const base = ctx.db.select({ one: sql`1` }).from(workOrders);
  const matching = (byText ? base.innerJoin(customers, eq(customers.id, workOrders.customerId)) : base)
    .where(where)
    .limit(COUNT_CAP + 1)
    .as('capped');
  const [row] = await ctx.db.select({ n: count() }).from(matching);
  return row;
}

/** Orders of the actor's subtree (the holding unit's path), newest first, with the board's filters. */
export async function listOrders(ctx: Ctx, q: OrderListQuery) {
  const where: SQL[] = [withinScope(ctx.actor, workOrders.orgPath)];
  const states = q.state === undefined ? null : Array.isArray(q.state) ? q.state : [q.state];
  if (states?.length) where.push(inArray(workOrders.state, states));
  if (q.open === true) where.push(inArray(workOrders.state, [...OPEN_STATES]));
  if (q.open === false)
    where.push(
      sql`${workOrders.state} not in ('created','dispatched_center','dispatched_outlet','accepted','assigned','booked','en_route','on_site','received','in_repair','waiting')`,
    );
  if (q.serviceType) where.push(eq(workOrders.serviceType, q.serviceType));
  if (q.priority) where.push(eq(workOrders.priority, q.priority));
  if (q.unitId) {
    where.push(
      sql`${workOrders.orgPath} like (select ${orgUnits.path} || '%' from ${orgUnits} where ${orgUnits.id} = ${q.unitId})`,
    );
  }
  if (q.technicianId) where.push(eq(workOrders.technicianId, q.technicianId));
  if (q.mine) where.push(ctx.actor.id ? eq(workOrders.technicianId, ctx.actor.id) : sql`false`);
  if (q.customerId) where.push(eq(workOrders.customerId, q.customerId));
  if (q.from) where.push(gte(workOrders.createdAt, new Date(q.from)));
  if (q.to) where.push(lte(workOrders.createdAt, new Date(q.to)));
  if (q.q) {
    const prefix = `${escapeLike(q.q)}%`;
    where.push(or(ilike(workOrders.code, prefix), ilike(customers.name, prefix), ilike(workOrders.serialNo, prefix))!);
  }
  const [rows, total, labels] = await Promise.all([
    baseQuery(ctx)
      .where(and(...where))
      .orderBy(desc(workOrders.createdAt), desc(workOrders.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    countCapped(ctx, and(...where)!, !!q.q),
    getSetting(ctx.db, 'orders.priorityLabels', ctx.now),
  ]);
  const milestones = await orderMilestones(
    ctx.db,
    rows.map((r) => r.order.id),
    ctx.now,
  );
  const items = rows.map((r) => ({
    ...summaryOf(r as SummaryRow, labels),
    milestones: milestones.get(r.order.id) ?? [],
  }));
  const n = total?.n ?? 0;
  return { items, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP, page: q.page, pageSize: q.pageSize };
}

/**
 * One order with its timeline, parts, urges, approvals, register entries and SLA milestones.
 * `unscoped` is for the answer to an action the caller just took: a rejected order has left the
 * caller's unit, and the caller still sees what they did.
 */
/** Runs the reads one after the other and answers their results in order. */
async function oneByOne<T extends unknown[]>(...reads: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as T;
}

export async function getOrder(ctx: Ctx, id: string, opts: { unscoped?: boolean } = {}): Promise<OrderDetail> {
  const scope = opts.unscoped ? sql`true` : withinScope(ctx.actor, workOrders.orgPath);
  const [r] = await baseQuery(ctx).where(and(eq(workOrders.id, id), scope));
  if (!r) throw notFound(ctx, 'work_order');
  const o = r.order;
  // One read after the other: `ctx.db` may be a transaction's single client (a command that shows
  // the order it changed, the demo load), which takes one query at a time.
  const [labels, history, partRows, urges, approvals, register, complaints, milestones, warrantyDecisions] =
    await oneByOne(
      () => getSetting(ctx.db, 'orders.priorityLabels', ctx.now),
      () =>
        ctx.db
          .select()
          .from(workOrderHistory)
          .where(eq(workOrderHistory.orderId, id))
          .orderBy(asc(workOrderHistory.id)),
      () =>
        ctx.db
          .select()
          .from(workOrderParts)
          .where(eq(workOrderParts.orderId, id))
          .orderBy(asc(workOrderParts.createdAt)),
      () =>
        ctx.db
          .select({ u: workOrderUrges, holderName: orgUnits.name })
          .from(workOrderUrges)
          .innerJoin(orgUnits, eq(orgUnits.id, workOrderUrges.holderUnitId))
          .where(eq(workOrderUrges.orderId, id))
          .orderBy(asc(workOrderUrges.n)),
      () =>
        ctx.db
          .select()
          .from(workOrderApprovals)
          .where(eq(workOrderApprovals.orderId, id))
          .orderBy(asc(workOrderApprovals.at)),
      () => registerRows(ctx, [eq(repairRegister.orderId, id)], 100, 0),
      () => complaintRows(ctx, [eq(complaintFlags.orderId, id)], 100, 0, 'oldest'),
      () => orderMilestones(ctx.db, [id], ctx.now),
      () => orderWarrantyDecisions(ctx.db, id),
    );
  const parts = await partsByIds(ctx.db, [...new Set(partRows.map((p) => p.partId))]);
  const mask = await orderContactLens(ctx, o);
  const contact = await orderContact(ctx.db, o);
  return {
    ...summaryOf(r as SummaryRow, labels),
    serviceRequestId: o.serviceRequestId,
    contactId: o.contactId,
    addressId: o.addressId,
    address: contact.address ? mask.addressText(contact.address) : null,
    customerPhone: contact.phone ? mask.number(contact.phone) : null,
    contactMasked: !mask.whole,
    cityCode: o.cityCode,
    districtCode: o.districtCode,
    productLineId: o.productLineId,
    modelId: o.modelId,
    photoIds: o.photoIds,
    holderUnitPath: o.orgPath,
    centerId: o.centerId,
    outletId: o.outletId,
    partTime: o.partTime,
    bookedConfirmed: o.bookedConfirmed,
    bookedNote: o.bookedNote,
    waitNote: o.waitNote,
    custody: o.custody ?? null,
    completion: o.completion ?? null,
    parts: partRows.map((p) => ({
      id: p.id,
      partId: p.partId,
      partCode: parts.get(p.partId)?.code ?? '',
      partName: parts.get(p.partId)?.name ?? '',
      qty: p.qty,
      oldSerial: p.oldSerial,
      newSerial: p.newSerial,
    })),
    cancelReason: o.cancelReason,
    resolution: o.resolution ?? null,
    reopenedAsId: o.reopenedAsId,
    lastUrgedAt: iso(o.lastUrgedAt),
    complaintFlagged: complaints.length > 0,
    complaints,
    urges: urges.map(({ u, holderName }) => ({
      id: u.id,
      at: u.at.toISOString(),
      n: u.n,
      contactId: u.contactId,
      holderUnitId: u.holderUnitId,
      holderUnitName: holderName,
      note: u.note,
    })),
    approvals: approvals.map((a) => ({
      id: a.id,
      kind: a.kind,
      note: a.note,
      approvedBy: a.approvedBy,
      approvedByName: a.approvedByName,
      at: a.at.toISOString(),
    })),
    register,
    timeline: history.map((h) => ({
      id: String(h.id),
      at: h.at.toISOString(),
      action: h.action,
      fromState: h.fromState,
      toState: h.toState,
      actorId: h.actorId,
      actorName: h.actorName,
      note: h.note,
      data: h.data ?? null,
    })),
    photos: await photosOf(ctx, o),
    milestones: milestones.get(id) ?? [],
    warrantyDecisions,
    allowedActions: allowedActions(o, actorFacts(ctx, o)),
    createdBy: o.createdBy,
    backdate: o.backdate ?? null,
  };
}

type AddressParts = { detail: string; provinceCode: string; cityCode: string | null; districtCode: string | null };

/**
 * The order's contact details as stored: the customer's first phone and the order's address. How
 * the reader sees them is customers/contact.ts's decision (`orderContactLens`).
 */
export async function orderContact(
  db: DbLike,
  o: Pick<OrderRow, 'customerId' | 'addressId'>,
): Promise<{ phone: string | null; address: AddressParts | null }> {
  const phone = await firstPhoneOf(db, o.customerId);
  if (!o.addressId) return { phone, address: null };
  const [a] = await db
    .select({
      detail: customerAddresses.detail,
      provinceCode: customerAddresses.provinceCode,
      cityCode: customerAddresses.cityCode,
      districtCode: customerAddresses.districtCode,
    })
    .from(customerAddresses)
    .where(eq(customerAddresses.id, o.addressId));
  return { phone, address: a ?? null };
}

/**
 * The detail of an order just created, from what its creation read and wrote (no read-back):
 * what `getOrder` answers for a new order with no parts, urges or approvals yet.
 */
export function createdOrderDetail(
  ctx: Ctx,
  p: {
    order: OrderRow;
    customerName: string;
    holderName: string;
    holderPath: string;
    modelName: string | null;
    labels: readonly string[];
    phone: string | null;
    address: AddressParts | null;
    timeline: TimelineEntry[];
    milestones: Milestone[];
    /** The intake photos linked to it (requestPhotoView). */
    photos: OrderPhoto[];
  },
): OrderDetail {
  const o = p.order;
  const mask = newOrderContactMask(ctx.actor, o);
  return {
    ...summaryOf(
      {
        order: o,
        customerName: p.customerName,
        holderName: p.holderName,
        holderPath: p.holderPath,
        technicianName: null,
        modelName: p.modelName,
      },
      p.labels,
    ),
    serviceRequestId: o.serviceRequestId,
    contactId: o.contactId,
    addressId: o.addressId,
    address: o.addressId && p.address ? mask.addressText(p.address) : null,
    customerPhone: p.phone ? mask.number(p.phone) : null,
    contactMasked: !mask.whole,
    cityCode: o.cityCode,
    districtCode: o.districtCode,
    productLineId: o.productLineId,
    modelId: o.modelId,
    photoIds: o.photoIds,
    holderUnitPath: o.orgPath,
    centerId: o.centerId,
    outletId: o.outletId,
    partTime: o.partTime,
    bookedConfirmed: o.bookedConfirmed,
    bookedNote: o.bookedNote,
    waitNote: o.waitNote,
    custody: null,
    completion: null,
    parts: [],
    cancelReason: o.cancelReason,
    resolution: o.resolution ?? null,
    reopenedAsId: o.reopenedAsId,
    lastUrgedAt: iso(o.lastUrgedAt),
    complaintFlagged: false,
    complaints: [],
    urges: [],
    approvals: [],
    register: [],
    timeline: p.timeline,
    photos: p.photos,
    milestones: p.milestones,
    warrantyDecisions: [],
    allowedActions: allowedActions(o, actorFacts(ctx, o)),
    createdBy: o.createdBy,
    backdate: o.backdate ?? null,
  };
}

const photoUrl = (orderId: string, photoId: string) => `/api/orders/${orderId}/photos/${photoId}`;

/** An intake photo (of the fault, sent with the request) as one of the order's photos. */
export function requestPhotoView(
  orderId: string,
  a: { id: string; fileName: string; mime: string; size: number; createdAt: Date },
): OrderPhoto {
  return {
    id: a.id,
    kind: 'fault',
    source: 'request',
    fileName: a.fileName,
    mime: a.mime,
    size: a.size,
    url: photoUrl(orderId, a.id),
    createdAt: a.createdAt.toISOString(),
  };
}

/** The request's photos linked to the order, then those taken on the job. */
async function photosOf(ctx: Ctx, o: OrderRow): Promise<OrderPhoto[]> {
  const fromRequest = o.photoIds.length
    ? await ctx.db
        .select(attachmentListColumns)
        .from(attachments)
        .where(inArray(attachments.id, o.photoIds))
        .orderBy(asc(attachments.createdAt))
    : [];
  const taken = await ctx.db
    .select()
    .from(workOrderPhotos)
    .where(eq(workOrderPhotos.orderId, o.id))
    .orderBy(asc(workOrderPhotos.createdAt));
  return [
    ...fromRequest.map((a) => requestPhotoView(o.id, a)),
    ...taken.map((p) => ({
      id: p.id,
      kind: p.kind,
      source: 'order' as const,
      fileName: p.fileName,
      mime: p.mime,
      size: p.size,
      url: photoUrl(o.id, p.id),
      createdAt: p.createdAt.toISOString(),
    })),
  ];
}

/** 404 unless the order is in the actor's subtree (before reading an upload's bytes). */
export async function assertOrderVisible(ctx: Ctx, id: string): Promise<void> {
  const [o] = await ctx.db
    .select({ id: workOrders.id })
    .from(workOrders)
    .where(and(eq(workOrders.id, id), withinScope(ctx.actor, workOrders.orgPath)));
  if (!o) throw notFound(ctx, 'work_order');
}

/** A photo of an order the actor sees: one of its request's photos or one taken on the job. */
export async function getOrderPhoto(
  ctx: Ctx,
  orderId: string,
  photoId: string,
): Promise<{ fileName: string; mime: string; storageKey: string }> {
  const [o] = await ctx.db
    .select({ id: workOrders.id, photoIds: workOrders.photoIds })
    .from(workOrders)
    .where(and(eq(workOrders.id, orderId), withinScope(ctx.actor, workOrders.orgPath)));
  if (!o) throw notFound(ctx, 'work_order');
  const [taken] = await ctx.db
    .select({ fileName: workOrderPhotos.fileName, mime: workOrderPhotos.mime, storageKey: workOrderPhotos.storageKey })
    .from(workOrderPhotos)
    .where(and(eq(workOrderPhotos.id, photoId), eq(workOrderPhotos.orderId, orderId)));
  if (taken) return taken;
  if (o.photoIds.includes(photoId)) {
    const [a] = await ctx.db
      .select({ fileName: attachments.fileName, mime: attachments.mime, storageKey: attachments.storageKey })
      .from(attachments)
      .where(eq(attachments.id, photoId));
    if (a) return a;
  }
  throw notFound(ctx, 'work_order');
}

async function registerRows(ctx: Ctx, where: SQL[], limit: number, offset: number): Promise<RegisterEntry[]> {
  const rows = await ctx.db
    .select({ r: repairRegister, customerName: customers.name, modelName: productModels.name })
    .from(repairRegister)
    .innerJoin(customers, eq(customers.id, repairRegister.customerId))
    .leftJoin(productModels, eq(productModels.id, repairRegister.modelId))
    .where(and(...where))
    .orderBy(desc(repairRegister.at), desc(repairRegister.id))
    .limit(limit)
    .offset(offset);
  return rows.map(({ r, customerName, modelName }) => ({
    id: r.id,
    orderId: r.orderId,
    orderCode: r.orderCode,
    customerName,
    modelName,
    serialNo: r.serialNo,
    faultReport: r.faultReport,
    reason: r.reason,
    reportedBy: r.reportedBy,
    reportedByName: r.reportedByName,
    at: r.at.toISOString(),
  }));
}

const holderOfComplaint = alias(orgUnits, 'complaint_holder');

/**
 * Complaint records with their order's code and the holding unit's name. Like the register, an
 * order's own records show on the order whoever reads it; the list and the record by id are
 * scoped by the record's path (the unit holding the order when it opened).
 */
async function complaintRows(
  ctx: Ctx,
  where: SQL[],
  limit: number,
  offset: number,
  order: 'newest' | 'oldest' = 'newest',
): Promise<ComplaintRecord[]> {
  const rows = await ctx.db
    .select({ c: complaintFlags, orderCode: workOrders.code, holderName: holderOfComplaint.name })
    .from(complaintFlags)
    .innerJoin(workOrders, eq(workOrders.id, complaintFlags.orderId))
    .leftJoin(holderOfComplaint, eq(holderOfComplaint.id, complaintFlags.holderUnitId))
    .where(and(...where))
    .orderBy(
      order === 'newest' ? desc(complaintFlags.createdAt) : asc(complaintFlags.createdAt),
      order === 'newest' ? desc(complaintFlags.id) : asc(complaintFlags.id),
    )
    .limit(limit)
    .offset(offset);
  return rows.map(({ c, orderCode, holderName }) => ({
    id: c.id,
    orderId: c.orderId,
    orderCode,
    reason: c.reason,
    reasonText: complaintReasonText(c),
    urgeCount: c.urgeCount,
    urgeLimit: c.urgeLimit,
    note: c.note,
    status: c.status,
    holderUnitId: c.holderUnitId,
    holderUnitName: holderName,
    createdBy: c.createdBy,
    createdByName: c.createdByName,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  }));
}

/** Complaint records of the actor's subtree, newest first; by order and status. */
export async function listComplaintRecords(ctx: Ctx, q: ComplaintRecordQuery) {
  const where: SQL[] = [withinScope(ctx.actor, complaintFlags.orgPath)];
  if (q.orderId) where.push(eq(complaintFlags.orderId, q.orderId));
  if (q.status) where.push(eq(complaintFlags.status, q.status));
  const [items, [total]] = await Promise.all([
    complaintRows(ctx, where, q.pageSize, (q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(complaintFlags)
      .where(and(...where)),
  ]);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function getComplaintRecord(ctx: Ctx, id: string): Promise<ComplaintRecord> {
  const [row] = await complaintRows(
    ctx,
    [eq(complaintFlags.id, id), withinScope(ctx.actor, complaintFlags.orgPath)],
    1,
    0,
  );
  if (!row) throw notFound(ctx, 'complaint');
  return row;
}

/** The repair register of the actor's subtree: search by order code, serial, customer name or the report's words. */
export async function listRegister(ctx: Ctx, q: RegisterQuery) {
  const where: SQL[] = [withinScope(ctx.actor, repairRegister.orgPath)];
  if (q.orderId) where.push(eq(repairRegister.orderId, q.orderId));
  if (q.from) where.push(gte(repairRegister.at, new Date(q.from)));
  if (q.to) where.push(lte(repairRegister.at, new Date(q.to)));
  if (q.q) {
    const prefix = `${escapeLike(q.q)}%`;
    const inner = `%${escapeLike(q.q)}%`;
    where.push(
      or(
        ilike(repairRegister.orderCode, prefix),
        ilike(repairRegister.serialNo, prefix),
        ilike(customers.name, prefix),
        ilike(repairRegister.faultReport, inner),
      )!,
    );
  }
  const [items, [total]] = await Promise.all([
    registerRows(ctx, where, q.pageSize, (q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(repairRegister)
      .innerJoin(customers, eq(customers.id, repairRegister.customerId))
      .where(and(...where)),
  ]);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function certificationRows(ctx: Ctx, where: SQL[], limit: number, offset: number): Promise<Certification[]> {
  const rows = await ctx.db
    .select({ c: technicianCertifications, userName: users.displayName })
    .from(technicianCertifications)
    .innerJoin(users, eq(users.id, technicianCertifications.userId))
    .where(and(...where))
    .orderBy(asc(users.displayName), asc(technicianCertifications.validUntil))
    .limit(limit)
    .offset(offset);
  const lines = await productLinesByIds(ctx.db, [...new Set(rows.map((r) => r.c.productLineId))]);
  const today = await companyToday(ctx.db, ctx.now);
  return rows.map(({ c, userName }) => ({
    id: c.id,
    userId: c.userId,
    userName,
    productLineId: c.productLineId,
    productLineName: lines.get(c.productLineId)?.name ?? '',
    validUntil: c.validUntil,
    certificateNo: c.certificateNo,
    valid: c.validUntil >= today,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
  }));
}

export async function listCertifications(ctx: Ctx, q: CertificationQuery) {
  const where: SQL[] = [withinScope(ctx.actor, technicianCertifications.orgPath)];
  if (q.userId) where.push(eq(technicianCertifications.userId, q.userId));
  if (q.productLineId) where.push(eq(technicianCertifications.productLineId, q.productLineId));
  if (q.validOn) where.push(gte(technicianCertifications.validUntil, q.validOn));
  const [items, [total]] = await Promise.all([
    certificationRows(ctx, where, q.pageSize, (q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(technicianCertifications)
      .where(and(...where)),
  ]);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function getCertification(ctx: Ctx, id: string): Promise<Certification> {
  const [row] = await certificationRows(
    ctx,
    [eq(technicianCertifications.id, id), withinScope(ctx.actor, technicianCertifications.orgPath)],
    1,
    0,
  );
  if (!row) throw notFound(ctx, 'certification');
  return row;
}
