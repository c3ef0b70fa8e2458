import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customerAddresses, customers, productModels, units } from '../customers/index.js';
import type { Backdate } from '../sla/index.js';
import {
  APPROVAL_KINDS,
  COMPLAINT_REASONS,
  COMPLAINT_STATUSES,
  ORDER_RESOLUTIONS,
  ORDER_STATES,
  PHOTO_KINDS,
  SERVICE_TYPES,
  WAIT_REASONS,
} from './contract.js';

/*
 * Work orders (服务单): created from a service request or directly, dispatched down the tree
 * (HQ → center → outlet → technician), carried out and closed. Every transition is an audit
 * event and a row of `work_order_history`, the order's fast timeline (DOMAIN.md, Work order
 * lifecycle). The order's `org_path` is the unit holding it now: scope is a prefix match.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export interface CustodyRecord {
  label: string;
  condition: string;
  accessories: string[];
  receivedAt: string;
  receivedBy: string | null;
}

export interface CompletionRecord {
  diagnosis: string;
  faultCode: string | null;
  cause: string;
  solution: string;
  labourMinutes: number;
  photoIds: string[];
  signature: string | null;
  rating: number | null;
  workaround: boolean;
  completedAt: string;
}

export const workOrders = pgTable(
  'work_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human-friendly number, e.g. FW20261122-000123 (prefix + company-zone date + daily sequence). */
    code: text('code').notNull(),
    serviceRequestId: uuid('service_request_id'),
    contactId: uuid('contact_id'),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    unitId: uuid('unit_id').references(() => units.id),
    modelId: uuid('model_id').references(() => productModels.id),
    productLineId: uuid('product_line_id'),
    serialNo: text('serial_no'),
    addressId: uuid('address_id').references(() => customerAddresses.id),
    serviceType: text('service_type', { enum: SERVICE_TYPES }).notNull(),
    priority: integer('priority').notNull().default(2),
    faultDescription: text('fault_description').notNull(),
    photoIds: jsonb('photo_ids').$type<string[]>().notNull().default([]),
    state: text('state', { enum: ORDER_STATES }).notNull().default('created'),
    /** The unit holding the order (HQ, a center, an outlet) and its path: the order's scope. */
    holderUnitId: uuid('holder_unit_id').notNull(),
    orgPath: text('org_path').notNull(),
    centerId: uuid('center_id'),
    outletId: uuid('outlet_id'),
    technicianId: uuid('technician_id'),
    partTime: boolean('part_time').notNull().default(false),
    // What the SLA subject needs, stored so no timer has to join five tables.
    customerKind: text('customer_kind', { enum: ['individual', 'business'] }).notNull(),
    zone: text('zone', { enum: ['near', 'far'] }),
    provinceCode: text('province_code'),
    cityCode: text('city_code'),
    districtCode: text('district_code'),
    reportedAt: ts('reported_at').notNull(),
    /** A report entered later than it was made: who, by how much and why (null when not backdated). */
    backdate: jsonb('backdate').$type<Backdate>(),
    bookedFrom: ts('booked_from'),
    bookedTo: ts('booked_to'),
    bookedConfirmed: boolean('booked_confirmed').notNull().default(false),
    bookedNote: text('booked_note'),
    waitReason: text('wait_reason', { enum: WAIT_REASONS }),
    waitNote: text('wait_note'),
    custody: jsonb('custody').$type<CustodyRecord>(),
    /** Unique label of a carry-in unit while in custody. */
    custodyLabel: text('custody_label'),
    completion: jsonb('completion').$type<CompletionRecord>(),
    cancelReason: text('cancel_reason'),
    /** Ended by a return/exchange case: the unit was refunded or exchanged (null: repaired or open). */
    resolution: text('resolution', { enum: ORDER_RESOLUTIONS }),
    urgeCount: integer('urge_count').notNull().default(0),
    lastUrgedAt: ts('last_urged_at'),
    repeatOfId: uuid('repeat_of_id'),
    reopenedAsId: uuid('reopened_as_id'),
    completedAt: ts('completed_at'),
    closedAt: ts('closed_at'),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('work_orders_code_uq').on(t.code),
    // Partial where the column starts empty: a new order adds no entry to these (cheaper creation).
    uniqueIndex('work_orders_custody_label_uq').on(t.custodyLabel).where(sql`${t.custodyLabel} is not null`),
    index('work_orders_board_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.state),
    index('work_orders_technician_idx').on(t.technicianId, t.state).where(sql`${t.technicianId} is not null`),
    index('work_orders_created_idx').on(t.createdAt),
    index('work_orders_customer_idx').on(t.customerId),
    index('work_orders_request_idx').on(t.serviceRequestId).where(sql`${t.serviceRequestId} is not null`),
    // The monthly settlement reads an outlet's (or a center's) orders completed in a month.
    index('work_orders_outlet_completed_idx').on(t.outletId, t.completedAt).where(sql`${t.completedAt} is not null`),
    index('work_orders_center_completed_idx').on(t.centerId, t.completedAt).where(sql`${t.completedAt} is not null`),
  ],
);

/** The order's timeline: one row per transition, written with its audit event. */
export const workOrderHistory = pgTable(
  'work_order_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    at: ts('at').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state', { enum: ORDER_STATES }),
    toState: text('to_state', { enum: ORDER_STATES }),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('work_order_history_order_idx').on(t.orderId, t.id)],
);

/** Parts replaced on completion: catalog part, quantity, old and new serials where known. */
export const workOrderParts = pgTable(
  'work_order_parts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    partId: uuid('part_id').notNull(),
    qty: integer('qty').notNull(),
    oldSerial: text('old_serial'),
    newSerial: text('new_serial'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('work_order_parts_order_idx').on(t.orderId), index('work_order_parts_part_idx').on(t.partId)],
);

/** Idempotency keys of POST /api/orders: one order per (actor, key), even under concurrency. */
export const workOrderIdempotency = pgTable(
  'work_order_idempotency',
  {
    actorKey: text('actor_key').notNull(),
    key: text('key').notNull(),
    orderId: uuid('order_id'),
    /**
     * sha256 of the canonical JSON of the validated request: the same key with another body is
     * refused (422 idempotency.key_reused). Null on keys stored before the hash was kept.
     */
    requestHash: text('request_hash'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('work_order_idempotency_uq').on(t.actorKey, t.key)],
);

/** Manager approvals of emergencies (seed 000): part-time staff, parts workarounds. */
export const workOrderApprovals = pgTable(
  'work_order_approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    kind: text('kind', { enum: APPROVAL_KINDS }).notNull(),
    note: text('note').notNull(),
    approvedBy: uuid('approved_by'),
    approvedByName: text('approved_by_name').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('work_order_approvals_order_idx').on(t.orderId, t.kind)],
);

/** Urging (催单): every urge with the level holding the order then. */
export const workOrderUrges = pgTable(
  'work_order_urges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    n: integer('n').notNull(),
    at: ts('at').notNull(),
    contactId: uuid('contact_id'),
    holderUnitId: uuid('holder_unit_id').notNull(),
    holderPath: text('holder_path').notNull(),
    note: text('note'),
  },
  (t) => [index('work_order_urges_order_idx').on(t.orderId, t.n)],
);

/**
 * Complaint records (投诉记录): an order urged more than `orders.urgesBeforeComplaint` times
 * becomes a complaint (seed 004, 催单超过三次). One record per order and reason, opened by the
 * urge that crossed the limit and kept up to date by later urges; the complaints module takes
 * the records over from status 'open'. `org_path` and `holder_unit_id` are the unit holding the
 * order when the record opened, the level the complaint is about (read scope, like the register).
 */
export const complaintFlags = pgTable(
  'complaint_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    reason: text('reason', { enum: COMPLAINT_REASONS }).notNull(),
    /** Urges of the order so far (the opening one included). */
    urgeCount: integer('urge_count').notNull(),
    /** The limit in force when the record opened: "more than this many urges". */
    urgeLimit: integer('urge_limit'),
    /** The customer's words on the urge that opened the record. */
    note: text('note'),
    status: text('status', { enum: COMPLAINT_STATUSES }).notNull().default('open'),
    holderUnitId: uuid('holder_unit_id'),
    orgPath: text('org_path').notNull(),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('complaint_flags_order_reason_uq').on(t.orderId, t.reason),
    index('complaint_flags_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.status),
  ],
);

/** The repair register (客户产品维修登记簿): faults that could not be fixed on site (seed 000). */
export const repairRegister = pgTable(
  'repair_register',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    orderCode: text('order_code').notNull(),
    customerId: uuid('customer_id').notNull(),
    modelId: uuid('model_id'),
    serialNo: text('serial_no'),
    faultReport: text('fault_report').notNull(),
    reason: text('reason'),
    reportedBy: uuid('reported_by'),
    reportedByName: text('reported_by_name').notNull(),
    orgPath: text('org_path').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('repair_register_order_idx').on(t.orderId),
    index('repair_register_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.at),
    index('repair_register_serial_idx').using('btree', sql`${t.serialNo} text_pattern_ops`),
  ],
);

/** A technician's certification for a product line (seeds 000, 002: trained and certified before taking jobs). */
export const technicianCertifications = pgTable(
  'technician_certifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    productLineId: uuid('product_line_id').notNull(),
    validUntil: date('valid_until').notNull(),
    certificateNo: text('certificate_no'),
    /** Path of the technician's unit: scope of the record. */
    orgPath: text('org_path').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('technician_certifications_user_line_uq').on(t.userId, t.productLineId),
    index('technician_certifications_line_idx').on(t.productLineId, t.validUntil),
    index('technician_certifications_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
  ],
);

/** Photos taken on the job (fault, unit received, completion), stored under the data folder like intake's. */
export const workOrderPhotos = pgTable(
  'work_order_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    kind: text('kind', { enum: PHOTO_KINDS }).notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('work_order_photos_order_idx').on(t.orderId, t.createdAt)],
);

/**
 * The last order number handed out per number head (prefix + company-zone day). Numbers are
 * taken in a statement of their own, before the creating transaction, so concurrent creations
 * never queue on one lock for their whole transaction; a creation that then fails leaves a gap
 * in the day's sequence, never a duplicate.
 */
export const workOrderCounters = pgTable('work_order_counters', {
  head: text('head').primaryKey(),
  last: integer('last').notNull(),
});
