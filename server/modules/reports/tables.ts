import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export interface ReportPart {
  partId: string;
  quantity: number;
  costFen: number | null;
}

/*
 * The reports' read model (docs/reports.md): one row of facts per work order, the figures every
 * report counts — where the order is served, what it is, when it was received, sent to its outlet
 * and completed (instants and company-time-zone days), and the completion clock the 3-day and
 * 7-day targets judge. Reports read only these rows, so a month of a million orders is one index
 * range, never a walk over orders, milestones and parts waits.
 *
 * Kept exact by change capture in the writing transaction: a trigger on work_orders and on
 * sla_milestones (migration 0041) adds the order to report_dirty_orders, and every report read
 * first recomputes the facts of the dirty orders (refresh.ts), as does the scheduler's loop. A
 * write never waits on the reports' arithmetic, and a read never answers from stale facts.
 */
export const reportOrderFacts = pgTable(
  'report_order_facts',
  {
    orderId: uuid('order_id').primaryKey(),
    code: text('code').notNull(),
    /** The order's org path: the data scope of every report reads it by prefix. */
    orgPath: text('org_path').notNull(),
    /** 2-digit province code of the customer's address (GB/T 2260), when known. */
    provinceCode: text('province_code'),
    centerId: uuid('center_id'),
    outletId: uuid('outlet_id'),
    technicianId: uuid('technician_id'),
    productLineId: uuid('product_line_id'),
    modelId: uuid('model_id'),
    serviceType: text('service_type').notNull(),
    state: text('state').notNull(),
    receivedAt: ts('received_at').notNull(),
    receivedDay: date('received_day').notNull(),
    /** When the order reached its outlet (the center → outlet dispatch met), if it has. */
    dispatchedAt: ts('dispatched_at'),
    dispatchedDay: date('dispatched_day'),
    /** When the technician arrived (the on_site milestone met), if they have. */
    onSiteAt: ts('on_site_at'),
    completedAt: ts('completed_at'),
    completedDay: date('completed_day'),
    /** The day the order stopped being open: its completion, else its closing (a return or exchange ended it). */
    endedDay: date('ended_day'),
    /** Minutes on the resolved_cap clock (report → completion, customer waits off); null when not judged. */
    resolvedMinutes: integer('resolved_minutes'),
    /** The resolved_cap delay was excused (customer, weather). */
    excused: boolean('excused').notNull().default(false),
    /** A parts wait of the order was HQ's (no penalty to the center's staff). */
    hqParts: boolean('hq_parts').notNull().default(false),
    /** The fault code and cause recorded at completion (fault analysis). */
    faultCode: text('fault_code'),
    cause: text('cause'),
    unitId: uuid('unit_id'),
    /** The unit's purchase day (failure rate per purchase month). */
    purchaseDay: date('purchase_day'),
    /** The parts consumed from stock at completion, per part: quantity and cost (fen; null without a price). */
    parts: jsonb('parts').$type<ReportPart[]>().notNull().default([]),
    /** Reopened as a repeat visit (not a first-time fix). */
    reopened: boolean('reopened').notNull().default(false),
    /**
     * Each SLA step's clock minutes when met (limit − remaining: working time on a working-hours
     * calendar, customer waits off) and whether it was late (met late, or breached). Steps:
     * HQ dispatch, center dispatch, contact to book, on site, fixed (docs/sla.md).
     */
    hqDispatchMinutes: integer('hq_dispatch_minutes'),
    hqDispatchLate: boolean('hq_dispatch_late').notNull().default(false),
    centerDispatchMinutes: integer('center_dispatch_minutes'),
    centerDispatchLate: boolean('center_dispatch_late').notNull().default(false),
    contactMinutes: integer('contact_minutes'),
    contactLate: boolean('contact_late').notNull().default(false),
    onSiteMinutes: integer('on_site_minutes'),
    onSiteLate: boolean('on_site_late').notNull().default(false),
    fixMinutes: integer('fix_minutes'),
    fixLate: boolean('fix_late').notNull().default(false),
    repeatOfId: uuid('repeat_of_id'),
    urgeCount: integer('urge_count').notNull().default(0),
    refreshedAt: ts('refreshed_at').notNull(),
  },
  (t) => [
    // A period's orders in a reader's scope, read from the index alone: the day bounds the scan, the
    // path prefix (a center's or outlet's) and the province are checked inside it, and the monthly
    // figures and the drill-down's count need nothing else. With the path in a separate index the
    // planner ANDed two bitmaps and read a center's whole archive to count one month (83 ms → 32 ms
    // for a center's over-7-day count at 1M orders over three years).
    index('report_facts_completed_idx')
      .using('btree', t.completedDay, sql`${t.orgPath} text_pattern_ops`, t.provinceCode, t.resolvedMinutes)
      .where(sql`${t.completedDay} is not null`),
    index('report_facts_received_idx').using(
      'btree',
      t.receivedDay,
      sql`${t.orgPath} text_pattern_ops`,
      t.provinceCode,
    ),
    // The drill-down's order: newest report first.
    index('report_facts_received_at_idx').on(t.receivedAt, t.orderId),
    index('report_facts_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    index('report_facts_dispatched_idx')
      .using('btree', t.dispatchedDay, sql`${t.orgPath} text_pattern_ops`, t.provinceCode)
      .where(sql`${t.dispatchedDay} is not null`),
    index('report_facts_ended_idx').on(t.endedDay, t.receivedDay),
    // Open at the end of a day: not ended by then (never ended counts as ended at infinity).
    // Not partial: the planner reads an expression's statistics only from a whole-table index;
    // from a partial one it guessed a third of the rows were open and, under the count's LIMIT,
    // scanned the table (1.1 s at 1M orders for 60 open ones; 3 ms through this index).
    // The path prefix inside it too: else a center's open orders were found by ANDing this index's
    // bitmap with the whole archive's path bitmap (53 ms at 1M orders; 0.7 ms with the path here).
    index('report_facts_open_idx').using(
      'btree',
      sql`coalesce(${t.endedDay}, 'infinity'::date)`,
      t.receivedDay,
      sql`${t.orgPath} text_pattern_ops`,
    ),
    // A unit's next order after a completion (repeat repairs within 30 / 90 days).
    index('report_facts_unit_idx').on(t.unitId, t.receivedAt).where(sql`${t.unitId} is not null`),
  ],
);

/** Orders whose facts must be recomputed before the next report read (filled by triggers). */
export const reportDirtyOrders = pgTable('report_dirty_orders', {
  orderId: uuid('order_id').primaryKey(),
  at: ts('at').notNull().defaultNow(),
});

/** The monthly summary mailing: one row per month, taken by the one instance that sends it. */
export const reportMailings = pgTable('report_mailings', {
  month: text('month').primaryKey(),
  startedAt: ts('started_at').notNull(),
  recipients: integer('recipients').notNull().default(0),
});
