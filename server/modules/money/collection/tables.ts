import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
import { orgUnits, users } from '../../../platform/identity/tables.js';
import { workOrders } from '../../work-orders/index.js';
import type { QuoteLine } from './contract.js';

/*
 * Paid work (docs/money-collection.md). A quote is frozen when proposed (its lines and their
 * explanations); agreeing or refusing it is its one decision. Collections and hand-overs are
 * entries: a correction is a new row referencing the corrected one, never an edit. Each row keeps
 * the org path it is read under (the order's holder, or the technician's unit for hand-overs).
 * Money in integer fen.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
type Text = { 'zh-CN': string; en: string };

export const orderQuotes = pgTable(
  'order_quotes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    orgPath: text('org_path').notNull(),
    state: text('state', { enum: ['proposed', 'agreed', 'refused'] }).notNull(),
    /** The business day priced (company time zone): the schedule and prices in force then. */
    day: date('day', { mode: 'string' }).notNull(),
    lines: jsonb('lines').$type<QuoteLine[]>().notNull(),
    totalFen: integer('total_fen').notNull(),
    calloutFen: integer('callout_fen').notNull(),
    calloutExplanation: jsonb('callout_explanation').$type<Text>().notNull(),
    explanation: jsonb('explanation').$type<Text>().notNull(),
    /** The entitlement judged when quoting: why the work is paid (frozen with the quote). */
    entitlement: jsonb('entitlement').$type<Text>().notNull(),
    exclusion: jsonb('exclusion').$type<{ kind: string; note: string }>(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    /** A newer quote of the order replaced this proposed one. */
    supersededAt: ts('superseded_at'),
    agreedAt: ts('agreed_at'),
    /** The customer's signature, a PNG data URL, like the completion signature. */
    signature: text('signature'),
    refusedAt: ts('refused_at'),
    refusalReason: text('refusal_reason'),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [
    index('order_quotes_order_idx').on(t.orderId, t.createdAt),
    check('order_quotes_total_ck', sql`total_fen >= 0 and callout_fen >= 0`),
  ],
);

export const collections = pgTable(
  'collections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The receipt number (SK + company-zone day + sequence). */
    receiptNo: text('receipt_no').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    /** The order's holder when collected: the scope of the receipt. */
    orgPath: text('org_path').notNull(),
    orderCode: text('order_code').notNull(),
    customerName: text('customer_name').notNull(),
    /** Signed: a correction may take away. */
    amountFen: integer('amount_fen').notNull(),
    method: text('method', { enum: ['cash', 'wechat', 'alipay', 'bank_transfer'] }).notNull(),
    reference: text('reference'),
    collectedBy: uuid('collected_by')
      .notNull()
      .references(() => users.id),
    /** The collector's unit and its path: where the cash is reconciled. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    unitPath: text('unit_path').notNull(),
    collectedAt: ts('collected_at').notNull(),
    /** The business day of the entry (company time zone). */
    day: date('day', { mode: 'string' }).notNull(),
    correctsId: uuid('corrects_id'),
    reason: text('reason'),
    smsQueued: boolean('sms_queued').notNull().default(false),
  },
  (t) => [
    uniqueIndex('collections_receipt_uq').on(t.receiptNo),
    index('collections_order_idx').on(t.orderId),
    index('collections_collector_day_idx').on(t.collectedBy, t.day),
    index('collections_unit_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    check('collections_amount_ck', sql`amount_fen <> 0 and (corrects_id is not null or amount_fen > 0)`),
    check('collections_reference_ck', sql`method = 'cash' or reference is not null`),
  ],
);

export const invoiceRequests = pgTable(
  'invoice_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    orgPath: text('org_path').notNull(),
    orderCode: text('order_code').notNull(),
    customerName: text('customer_name').notNull(),
    titleKind: text('title_kind', { enum: ['personal', 'company'] }).notNull(),
    title: text('title').notNull(),
    taxId: text('tax_id'),
    email: text('email'),
    phone: text('phone'),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: ts('requested_at').notNull(),
    invoiceNo: text('invoice_no'),
    issuedBy: uuid('issued_by').references(() => users.id),
    issuedAt: ts('issued_at'),
  },
  (t) => [
    uniqueIndex('invoice_requests_order_uq').on(t.orderId),
    index('invoice_requests_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    check('invoice_requests_tax_ck', sql`title_kind = 'personal' or tax_id is not null`),
  ],
);

export const cashHandovers = pgTable(
  'cash_handovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    technicianId: uuid('technician_id')
      .notNull()
      .references(() => users.id),
    /** The technician's unit and its path when handed over: the scope and the outlet of the row. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    unitPath: text('unit_path').notNull(),
    /** Signed: a correction may take away. */
    amountFen: integer('amount_fen').notNull(),
    toTarget: text('to_target', { enum: ['outlet', 'hq'] }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    note: text('note'),
    receivedBy: uuid('received_by')
      .notNull()
      .references(() => users.id),
    receivedAt: ts('received_at').notNull(),
    correctsId: uuid('corrects_id'),
    reason: text('reason'),
  },
  (t) => [
    index('cash_handovers_technician_day_idx').on(t.technicianId, t.day),
    index('cash_handovers_unit_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    check('cash_handovers_amount_ck', sql`amount_fen <> 0 and (corrects_id is not null or amount_fen > 0)`),
  ],
);
