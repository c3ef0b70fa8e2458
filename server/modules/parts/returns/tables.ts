import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workOrders } from '../../work-orders/index.js';
import { APPRAISAL_OUTCOMES } from '../return-rules.js';

/*
 * Old-part returns (旧件返还, docs/parts-returns.md): one obligation per part replaced at the
 * company's or a contract's cost, created in the completing transaction; the outlet ships due
 * obligations in batches with a return note; the center receives the batch and appraises each line.
 * Both tables carry the outlet's org path: the data scope of an outlet is its own returns.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
const money = (name: string) => bigint(name, { mode: 'number' });

export const RETURN_STATUSES = ['due', 'shipped', 'received'] as const;
export const BATCH_STATUSES = ['shipped', 'received', 'appraised'] as const;

export const partReturnBatches = pgTable(
  'part_return_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** RB-YYYYMMDD-NNNN, the company-zone day of shipping and the day's sequence. */
    code: text('code').notNull(),
    outletId: uuid('outlet_id').notNull(),
    orgPath: text('org_path').notNull(),
    carrier: text('carrier').notNull(),
    trackingNo: text('tracking_no').notNull(),
    note: text('note'),
    status: text('status', { enum: BATCH_STATUSES }).notNull().default('shipped'),
    shippedBy: uuid('shipped_by'),
    shippedAt: ts('shipped_at').notNull(),
    receivedBy: uuid('received_by'),
    receivedAt: ts('received_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('part_return_batches_code_uq').on(t.code),
    index('part_return_batches_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.shippedAt),
  ],
);

export const partReturnObligations = pgTable(
  'part_return_obligations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    /** The order's code, for lists and the return note. */
    orderCode: text('order_code').notNull(),
    partId: uuid('part_id').notNull(),
    partCode: text('part_code').notNull(),
    partName: text('part_name').notNull(),
    serial: text('serial'),
    quantity: integer('quantity').notNull(),
    /** Who paid for the new part: why the old one comes back. */
    paidBy: text('paid_by', { enum: ['company', 'contract'] }).notNull(),
    technicianUserId: uuid('technician_user_id'),
    /** The outlet that completed the order (org unit) and its path: the scope of the obligation. */
    outletId: uuid('outlet_id').notNull(),
    orgPath: text('org_path').notNull(),
    /** The line's warranty amount in fen, when known (settlement fills it); what a bad appraisal withholds. */
    warrantyAmountFen: money('warranty_amount_fen'),
    dueDay: date('due_day', { mode: 'string' }).notNull(),
    status: text('status', { enum: RETURN_STATUSES }).notNull().default('due'),
    batchId: uuid('batch_id').references(() => partReturnBatches.id),
    shippedAt: ts('shipped_at'),
    receivedAt: ts('received_at'),
    outcome: text('outcome', { enum: APPRAISAL_OUTCOMES }),
    appraisalNote: text('appraisal_note'),
    withheldFen: money('withheld_fen').notNull().default(0),
    appraisedBy: uuid('appraised_by'),
    appraisedAt: ts('appraised_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('part_return_obligations_org_path_idx').using(
      'btree',
      sql`${t.orgPath} text_pattern_ops`,
      t.status,
      t.dueDay,
    ),
    index('part_return_obligations_order_idx').on(t.orderId),
    index('part_return_obligations_batch_idx').on(t.batchId),
    index('part_return_obligations_technician_idx').on(t.technicianUserId, t.status),
  ],
);

/** The day's last batch number per company-zone day (RB-YYYYMMDD-NNNN). */
export const partReturnCounters = pgTable('part_return_counters', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
});
