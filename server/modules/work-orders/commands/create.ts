import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbLike } from '../../../db/client.js';
import { requirePermission, withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { fieldError } from '../../../platform/errors.js';
import { customerAddresses, customers, productModels, units } from '../../customers/index.js';
import { attachments, getServiceRequest, markRequestConverted } from '../../intake/index.js';
import { getSetting } from '../../../platform/config/index.js';
import {
  actorUnit,
  backdateOf,
  creationRecord,
  keyReused,
  nextOrderCode,
  notFound,
  type OrderRow,
  recordHistory,
  requestHash,
} from '../common.js';
import type { OrderCreate, ServiceType } from '../contract.js';
import { slaSignal } from '../ports.js';
import { zoneOfNewOrder } from '../suggest.js';
import { workOrderIdempotency, workOrders } from '../tables.js';

interface Draft {
  customerId: string;
  unitId: string | null;
  modelId: string | null;
  serialNo: string | null;
  addressId: string | null;
  faultDescription: string;
  photoIds: string[];
  contactId: string | null;
  serviceRequestId: string | null;
  reportedAt: Date;
  /** When the system first recorded the report: now, or the service request's creation. */
  recordedAt: Date;
  backdateReason: string | null;
}

/**
 * Creates an order from a service request or directly (DOMAIN.md, Work order lifecycle). With an
 * idempotency key, the same key of the same person returns the first order: the key's row is
 * inserted first under a unique index, so a concurrent twin waits for this transaction and then
 * finds the order. The key keeps the request's hash: the same key with another body is refused.
 */
export async function createOrder(
  ctx: Ctx,
  input: OrderCreate,
  key: string | null,
): Promise<{ id: string; replayed: boolean }> {
  requirePermission(ctx.actor, 'orders.create');
  const actorKey = ctx.actor.id ?? `system:${ctx.actor.username}`;
  const hash = key ? requestHash(input) : null;
  const replay = (prior: { orderId: string | null; requestHash: string | null } | undefined) => {
    if (!prior?.orderId) return null;
    // Keys stored before hashes were kept replay as before.
    if (prior.requestHash && prior.requestHash !== hash) throw keyReused();
    return { id: prior.orderId, replayed: true };
  };
  const priorUse = (db: DbLike) =>
    db
      .select({ orderId: workOrderIdempotency.orderId, requestHash: workOrderIdempotency.requestHash })
      .from(workOrderIdempotency)
      .where(and(eq(workOrderIdempotency.actorKey, actorKey), eq(workOrderIdempotency.key, key!)));
  if (key) {
    // A retry of a finished creation takes no number.
    const [done] = await priorUse(ctx.db);
    const replayed = replay(done);
    if (replayed) return replayed;
  }
  // The number first, in its own statement (common.ts, nextOrderCode): no lock held across the creation.
  const code = await nextOrderCode(ctx.db, ctx.now);
  return ctx.db.transaction(async (tx) => {
    if (key) {
      const claimed = await tx
        .insert(workOrderIdempotency)
        .values({ actorKey, key, requestHash: hash, createdAt: ctx.now })
        .onConflictDoNothing()
        .returning({ key: workOrderIdempotency.key });
      if (claimed.length === 0) {
        const [prior] = await priorUse(tx);
        const replayed = replay(prior);
        if (replayed) return replayed;
      }
    }
    const draft = await draftOf(tx, ctx, input);
    const row = await insertOrder(tx, ctx, draft, {
      serviceType: input.serviceType,
      priority: input.priority,
      repeatOfId: null,
      code,
    });
    if (draft.serviceRequestId) await markRequestConverted(tx, ctx, draft.serviceRequestId, row.id);
    if (key) {
      await tx
        .update(workOrderIdempotency)
        .set({ orderId: row.id })
        .where(and(eq(workOrderIdempotency.actorKey, actorKey), eq(workOrderIdempotency.key, key)));
    }
    return { id: row.id, replayed: false };
  });
}

/** What the order is about: from the service request, overridden by what the body gives. */
async function draftOf(tx: DbLike, ctx: Ctx, input: OrderCreate): Promise<Draft> {
  if (input.serviceRequestId) {
    const txCtx: Ctx = { ...ctx, db: tx as unknown as Db };
    let req: Awaited<ReturnType<typeof getServiceRequest>>;
    try {
      req = await getServiceRequest(txCtx, input.serviceRequestId);
    } catch {
      throw notFound(ctx, 'service_request', 'serviceRequestId');
    }
    if (input.customerId && input.customerId !== req.customerId)
      throw fieldError('customerId', 'intake.unit_not_of_customer');
    const photos = req.attachments.map((a) => a.id);
    if (input.photoIds?.some((p) => !photos.includes(p))) throw fieldError('photoIds', 'order.photo_unknown');
    return {
      customerId: req.customerId,
      unitId: input.unitId ?? req.unitId,
      modelId: req.modelId,
      serialNo: req.serialNo,
      addressId: input.addressId ?? req.addressId,
      faultDescription: input.faultDescription ?? req.symptoms,
      photoIds: input.photoIds ?? photos,
      contactId: input.contactId ?? req.contactId,
      serviceRequestId: req.id,
      reportedAt: input.reportedAt ? new Date(input.reportedAt) : new Date(req.createdAt),
      // The request recorded the report: converting it later is not backdating (its own time is).
      recordedAt: new Date(req.createdAt),
      backdateReason: input.backdateReason ?? null,
    };
  }
  if (!input.customerId) throw fieldError('customerId', 'order.customer_required');
  if (!input.faultDescription) throw fieldError('faultDescription', 'order.fault_required');
  if (input.photoIds?.length) {
    const found = await tx
      .select({ id: attachments.id })
      .from(attachments)
      .where(inArray(attachments.id, input.photoIds));
    if (found.length !== new Set(input.photoIds).size) throw fieldError('photoIds', 'order.photo_unknown');
  }
  return {
    customerId: input.customerId,
    unitId: input.unitId ?? null,
    modelId: null,
    serialNo: null,
    addressId: input.addressId ?? null,
    faultDescription: input.faultDescription,
    photoIds: input.photoIds ?? [],
    contactId: input.contactId ?? null,
    serviceRequestId: null,
    reportedAt: input.reportedAt ? new Date(input.reportedAt) : ctx.now,
    recordedAt: ctx.now,
    backdateReason: input.backdateReason ?? null,
  };
}

/**
 * Inserts an order held by the acting person's unit, with what its SLA subject needs (customer
 * kind, product line, division codes, the zone of its address), its timeline row, audit event and
 * SLA signal. A backdated report time is judged here (common.ts, backdateOf).
 */
export async function insertOrder(
  tx: DbLike,
  ctx: Ctx,
  draft: Draft,
  opts: { serviceType: ServiceType; priority: number; repeatOfId: string | null; note?: string; code?: string },
): Promise<OrderRow> {
  const [customer] = await tx
    .select({ id: customers.id, kind: customers.kind })
    .from(customers)
    .where(
      and(
        eq(customers.id, draft.customerId),
        withinScope(ctx.actor, customers.orgPath),
        sql`${customers.mergedIntoId} is null`,
      ),
    );
  if (!customer) throw notFound(ctx, 'customer', 'customerId');
  let { modelId, serialNo, addressId } = draft;
  if (draft.unitId) {
    const [u] = await tx
      .select({
        customerId: units.customerId,
        modelId: units.modelId,
        serialNo: units.serialNo,
        addressId: units.addressId,
      })
      .from(units)
      .where(eq(units.id, draft.unitId));
    if (!u) throw notFound(ctx, 'unit', 'unitId');
    if (u.customerId !== customer.id) throw fieldError('unitId', 'intake.unit_not_of_customer');
    modelId = u.modelId;
    serialNo = u.serialNo;
    addressId ??= u.addressId;
  }
  let productLineId: string | null = null;
  if (modelId) {
    const [m] = await tx
      .select({ lineId: productModels.lineId })
      .from(productModels)
      .where(eq(productModels.id, modelId));
    productLineId = m?.lineId ?? null;
  }
  const addrWhere = addressId
    ? and(eq(customerAddresses.id, addressId), eq(customerAddresses.customerId, customer.id))
    : eq(customerAddresses.customerId, customer.id);
  const [addr] = await tx
    .select({
      id: customerAddresses.id,
      provinceCode: customerAddresses.provinceCode,
      cityCode: customerAddresses.cityCode,
      districtCode: customerAddresses.districtCode,
      lat: customerAddresses.lat,
      lng: customerAddresses.lng,
    })
    .from(customerAddresses)
    .where(addrWhere)
    .orderBy(sql`${customerAddresses.isPrimary} desc`, customerAddresses.createdAt)
    .limit(1);
  if (addressId && !addr) throw notFound(ctx, 'address', 'addressId');
  const backdate = backdateOf(ctx, draft, await getSetting(tx, 'orders.backdateWindowHours', ctx.now));
  const holder = await actorUnit(tx, ctx);
  const place = {
    holderUnitId: holder.id,
    orgPath: holder.path,
    provinceCode: addr?.provinceCode ?? null,
    cityCode: addr?.cityCode ?? null,
    districtCode: addr?.districtCode ?? null,
    productLineId,
    lat: addr?.lat ?? null,
    lng: addr?.lng ?? null,
  };
  // Known at creation, so every milestone is planned for it (seed 004: 72 h on site beyond 30 km).
  const zone = await zoneOfNewOrder(tx, place, ctx.now);
  const code = opts.code ?? (await nextOrderCode(tx, ctx.now));
  const [row] = await tx
    .insert(workOrders)
    .values({
      code,
      serviceRequestId: draft.serviceRequestId,
      contactId: draft.contactId,
      customerId: customer.id,
      unitId: draft.unitId,
      modelId,
      productLineId,
      serialNo,
      addressId: addr?.id ?? null,
      serviceType: opts.serviceType,
      priority: opts.priority,
      faultDescription: draft.faultDescription,
      photoIds: draft.photoIds,
      state: 'created',
      holderUnitId: holder.id,
      orgPath: holder.path,
      centerId: holder.kind === 'center' ? holder.id : null,
      customerKind: customer.kind,
      zone,
      provinceCode: addr?.provinceCode ?? null,
      cityCode: addr?.cityCode ?? null,
      districtCode: addr?.districtCode ?? null,
      reportedAt: draft.reportedAt,
      backdate,
      repeatOfId: opts.repeatOfId,
      createdBy: ctx.actor.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  const record = creationRecord(row!);
  await recordHistory(tx, ctx, {
    order: row!,
    action: 'created',
    fromState: null,
    toState: 'created',
    after: record.after,
    note: opts.note ?? null,
    data: record.data,
  });
  await slaSignal(tx, ctx, row!, 'created', ctx.now);
  return row!;
}

/** The draft of a repeat visit: the same customer, unit and address, the callback's reason as the fault. */
export function repeatDraft(order: OrderRow, reason: string, now: Date): Draft {
  return {
    customerId: order.customerId,
    unitId: order.unitId,
    modelId: order.modelId,
    serialNo: order.serialNo,
    addressId: order.addressId,
    faultDescription: `${reason}\n— ${order.code}: ${order.faultDescription}`.slice(0, 5000),
    photoIds: [],
    contactId: null,
    serviceRequestId: null,
    reportedAt: now,
    recordedAt: now,
    backdateReason: null,
  };
}
