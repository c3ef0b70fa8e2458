import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../../../platform/identity/tables.js';
import { parts } from '../../customers/index.js';
import { depots } from '../tables.js';

/*
 * Parts requests (配件申请) against quotas (额度), their approval, shipments between depots and
 * receipts (docs/parts-requests.md). Stock itself moves only through the ledger (postMovements).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const QUOTA_PERIOD_KINDS = ['monthly', 'quarterly', 'yearly'] as const;
export const REQUEST_STATUSES = [
  'pending_center',
  'pending_hq',
  'approved',
  'rejected',
  'shipped',
  'received',
  'cancelled',
] as const;
export const URGENCIES = ['normal', 'urgent'] as const;
export const APPROVAL_LEVELS = ['auto', 'center', 'hq'] as const;
export const LINE_OUTCOMES = ['ok', 'short', 'over', 'wrong_part'] as const;
export const WAIT_PARTIES = ['hq', 'center', 'outlet'] as const;

/** A quota of an outlet (org_unit_id) or a technician (user_id): value and/or quantity per period, from a day on. */
export const partQuotas = pgTable(
  'part_quotas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    userId: uuid('user_id').references(() => users.id),
    /** The holder's unit path (the technician's unit for a technician), for data scope. */
    orgPath: text('org_path').notNull(),
    periodKind: text('period_kind', { enum: QUOTA_PERIOD_KINDS }).notNull(),
    valueFen: integer('value_fen'),
    quantity: integer('quantity'),
    /** Local day (YYYY-MM-DD) from which this quota applies; the latest not after today counts. */
    effectiveFrom: text('effective_from').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [
    check('part_quotas_one_holder', sql`(org_unit_id is null) <> (user_id is null)`),
    check('part_quotas_value_nonneg', sql`value_fen is null or value_fen >= 0`),
    check('part_quotas_quantity_nonneg', sql`quantity is null or quantity >= 0`),
    index('part_quotas_unit_idx').on(t.orgUnitId, t.effectiveFrom),
    index('part_quotas_user_idx').on(t.userId, t.effectiveFrom),
  ],
);

export const partRequests = pgTable(
  'part_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    orderId: uuid('order_id').notNull(),
    orderCode: text('order_code').notNull(),
    requesterId: uuid('requester_id'),
    /** The technician whose quota the request draws on (the order's technician), if any. */
    technicianId: uuid('technician_id'),
    outletId: uuid('outlet_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: text('org_path').notNull(),
    urgency: text('urgency', { enum: URGENCIES }).notNull().default('normal'),
    status: text('status', { enum: REQUEST_STATUSES }).notNull(),
    approvalLevel: text('approval_level', { enum: APPROVAL_LEVELS }).notNull(),
    /** judgeRequest's judgement (reasons and explanation, zh-CN and en). */
    judgement: jsonb('judgement').notNull(),
    /** planFulfilment's plan at approval. */
    plan: jsonb('plan'),
    note: text('note'),
    totalFen: integer('total_fen').notNull(),
    /** HQ was asked and could not supply a line (a wait HQ answers for). */
    unavailableAtHq: boolean('unavailable_at_hq').notNull().default(false),
    approvedAt: ts('approved_at'),
    approvedBy: uuid('approved_by'),
    rejectedReason: text('rejected_reason'),
    receivedAt: ts('received_at'),
    /** attributeWait when every part has arrived: days of hq/center/outlet and the party. */
    waitAttribution: jsonb('wait_attribution'),
    waitParty: text('wait_party', { enum: WAIT_PARTIES }),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('part_requests_code_uq').on(t.code),
    index('part_requests_order_idx').on(t.orderId),
    index('part_requests_board_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.status),
  ],
);

export const partRequestLines = pgTable(
  'part_request_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => partRequests.id),
    n: integer('n').notNull(),
    partId: uuid('part_id')
      .notNull()
      .references(() => parts.id),
    quantity: integer('quantity').notNull(),
    unitCostFen: integer('unit_cost_fen').notNull(),
    /** The depot the plan (or the approver) chose; null while none has it. */
    fromDepotId: uuid('from_depot_id').references(() => depots.id),
    /** Arrived at the outlet and issued to the order (or issued there directly). */
    receivedQty: integer('received_qty').notNull().default(0),
    returnedQty: integer('returned_qty').notNull().default(0),
    outcome: text('outcome', { enum: LINE_OUTCOMES }),
  },
  (t) => [
    index('part_request_lines_request_idx').on(t.requestId, t.n),
    check('part_request_lines_quantity', sql`quantity > 0 and received_qty >= 0 and returned_qty >= 0`),
  ],
);

export const partShipments = pgTable(
  'part_shipments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => partRequests.id),
    fromDepotId: uuid('from_depot_id')
      .notNull()
      .references(() => depots.id),
    toDepotId: uuid('to_depot_id')
      .notNull()
      .references(() => depots.id),
    /** The shipping depot's level: the party a late or wrong shipment is attributed to. */
    fromLevel: text('from_level', { enum: WAIT_PARTIES }).notNull(),
    orgPath: text('org_path').notNull(),
    carrier: text('carrier').notNull(),
    trackingNo: text('tracking_no').notNull(),
    shippedAt: ts('shipped_at').notNull(),
    shippedBy: uuid('shipped_by'),
    promisedDays: integer('promised_days').notNull(),
    expectedDay: text('expected_day').notNull(),
    receivedAt: ts('received_at'),
    receivedBy: uuid('received_by'),
    latenessDays: integer('lateness_days'),
    /** The party the shipment's lateness or wrong items are attributed to (the shipping depot's level). */
    attributedParty: text('attributed_party', { enum: WAIT_PARTIES }),
    wrong: boolean('wrong').notNull().default(false),
    /** The route whose promise set promisedDays; null when the default setting applied. */
    promiseRouteId: uuid('promise_route_id').references(() => partShipmentRoutes.id),
  },
  (t) => [
    uniqueIndex('part_shipments_code_uq').on(t.code),
    index('part_shipments_request_idx').on(t.requestId),
    index('part_shipments_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
  ],
);

/**
 * A shipping depot's promise (承诺到货天数) to the depots under a unit: the parts issue's "a
 * shipment later than its promised days, configurable per route". The destination is a unit's
 * subtree, not a single depot: HQ ships to some 2,000 outlet depots, and one row per province
 * (its center's unit) is what people keep up; an outlet's own row overrides its province's
 * (promisedDaysFor takes the most specific). Removing a route deactivates it: shipments keep the
 * route they were promised by.
 */
export const partShipmentRoutes = pgTable(
  'part_shipment_routes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fromDepotId: uuid('from_depot_id')
      .notNull()
      .references(() => depots.id),
    toOrgUnitId: uuid('to_org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    promisedDays: integer('promised_days').notNull(),
    /** The shipping depot's unit path, for data scope. */
    orgPath: text('org_path').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by'),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    uniqueIndex('part_shipment_routes_uq').on(t.fromDepotId, t.toOrgUnitId),
    index('part_shipment_routes_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    check('part_shipment_routes_days', sql`promised_days >= 0 and promised_days <= 365`),
  ],
);

export const partShipmentLines = pgTable(
  'part_shipment_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => partShipments.id),
    partId: uuid('part_id')
      .notNull()
      .references(() => parts.id),
    qtyShipped: integer('qty_shipped').notNull(),
    serials: text('serials').array().notNull().default(sql`'{}'::text[]`),
    qtyReceived: integer('qty_received'),
    receivedSerials: text('received_serials').array(),
    outcome: text('outcome', { enum: LINE_OUTCOMES }),
  },
  (t) => [index('part_shipment_lines_shipment_idx').on(t.shipmentId)],
);

/**
 * What counts against a quota (quota-rules.ts `quotaUse`): parts committed to an outlet and its
 * technician when a request is approved ('issued'), and parts given back unused or a cancelled
 * remainder ('returned_unused'), each on its local day with its value.
 */
export const partQuotaMovements = pgTable(
  'part_quota_movements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => partRequests.id),
    outletId: uuid('outlet_id').notNull(),
    technicianId: uuid('technician_id'),
    kind: text('kind', { enum: ['issued', 'returned_unused'] }).notNull(),
    day: text('day').notNull(),
    quantity: integer('quantity').notNull(),
    valueFen: integer('value_fen').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('part_quota_movements_outlet_idx').on(t.outletId, t.day),
    index('part_quota_movements_tech_idx').on(t.technicianId, t.day),
  ],
);
