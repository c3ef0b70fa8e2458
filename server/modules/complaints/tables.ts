import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { customers } from '../customers/index.js';
import { complaintFlags, workOrders } from '../work-orders/index.js';
import {
  type COMPENSATION_KINDS,
  type COMPENSATION_STATES,
  COMPLAINT_SEVERITIES,
  COMPLAINT_SOURCES,
  COMPLAINT_STATES,
  COMPLAINT_TYPES,
  type ComplaintConfig,
  type CrisisTrigger,
  DEADLINE_CALENDARS,
  REGULATOR_KINDS,
  REPLY_CHANNELS,
  type RESPONSIBLE_KINDS,
  ROUTE_TARGETS,
} from './contract.js';

/*
 * Complaints (docs/complaints.md). A complaint keeps the org path it is read under: the unit
 * holding its (first) order when it opened, else the company's root, so an outlet reads the
 * complaints about its own orders only and HQ reads all. `flag_id` is unique: the complaint
 * record the 3rd urge raised on an order becomes one complaint, however many urges race.
 * `next_escalation_at` is the escalation timer the scheduler claims with FOR UPDATE SKIP LOCKED.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
type Text = { 'zh-CN': string; en: string };

export const complaintCodeSeq = pgSequence('complaint_code_seq', { startWith: 1 });

/** Complaint departments: internal ones (市场部, 研发部, 财务部) and the makers (external parties). */
export const complaintDepartments = pgTable(
  'complaint_departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    kind: text('kind', { enum: ['internal', 'maker'] }).notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('complaint_departments_code_uq').on(t.code)],
);

/** The routing table: one row per complaint type. */
export const complaintRoutes = pgTable('complaint_routes', {
  type: text('type', { enum: COMPLAINT_TYPES }).primaryKey(),
  target: text('target', { enum: ROUTE_TARGETS }).notNull(),
  departmentId: uuid('department_id').references(() => complaintDepartments.id),
});

/** The configuration (deadlines, calendar, crisis triggers, approval levels): one row, versioned. */
export const complaintSettings = pgTable('complaint_settings', {
  id: integer('id').primaryKey(),
  config: jsonb('config').$type<ComplaintConfig>().notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at'),
  updatedBy: text('updated_by'),
});

export interface Responsible {
  kind: (typeof RESPONSIBLE_KINDS)[number];
  id: string | null;
  name: string;
}
export interface Compensation {
  amountFen: number;
  kind: (typeof COMPENSATION_KINDS)[number];
  reason: string;
  state: (typeof COMPENSATION_STATES)[number];
  approvalLevel: 1 | 2 | 3;
  decidedBy: string | null;
  decisionReason: string | null;
}

export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    source: text('source', { enum: COMPLAINT_SOURCES }).notNull(),
    regulatorKind: text('regulator_kind', { enum: REGULATOR_KINDS }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    unitId: uuid('unit_id'),
    contactId: uuid('contact_id'),
    /** The urge complaint record it came from: one complaint per record. */
    flagId: uuid('flag_id').references(() => complaintFlags.id),
    type: text('type', { enum: COMPLAINT_TYPES }).notNull(),
    severity: text('severity', { enum: COMPLAINT_SEVERITIES }).notNull(),
    crisisReasons: jsonb('crisis_reasons').$type<CrisisTrigger[]>().notNull().default([]),
    state: text('state', { enum: COMPLAINT_STATES }).notNull().default('open'),
    level: integer('level').notNull().default(1),
    summary: text('summary').notNull(),
    compensationDemanded: boolean('compensation_demanded').notNull().default(false),
    mediaExposure: boolean('media_exposure').notNull().default(false),
    urgeCount: integer('urge_count').notNull().default(0),
    /** A complaint department, or (routed to the holder) an org unit. */
    departmentId: uuid('department_id').references(() => complaintDepartments.id),
    routedUnitId: uuid('routed_unit_id').references(() => orgUnits.id),
    routeWhy: jsonb('route_why').$type<Text>(),
    routedAt: ts('routed_at'),
    handlerId: uuid('handler_id').references(() => users.id),
    orgPath: text('org_path').notNull(),
    calendar: text('calendar', { enum: DEADLINE_CALENDARS }).notNull(),
    deadlineAt: ts('deadline_at'),
    nextEscalationAt: ts('next_escalation_at'),
    responsible: jsonb('responsible').$type<Responsible>(),
    correctiveAction: text('corrective_action'),
    penaltyFen: integer('penalty_fen'),
    penaltyReason: text('penalty_reason'),
    /** The outlet a discipline penalty falls on (the outlet, or the technician's outlet). */
    penaltyUnitId: uuid('penalty_unit_id'),
    penaltyTechnicianId: uuid('penalty_technician_id'),
    /**
     * When a penalty was first decided, kept when it is changed or withdrawn: it falls on the
     * outlet's statement of that month (docs/money-statements.md, "Complaint penalties").
     */
    penaltyDecidedAt: ts('penalty_decided_at'),
    compensation: jsonb('compensation').$type<Compensation>(),
    openedAt: ts('opened_at').notNull(),
    openedBy: uuid('opened_by'),
    answeredAt: ts('answered_at'),
    closedAt: ts('closed_at'),
    closeReason: text('close_reason'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('complaints_code_uq').on(t.code),
    uniqueIndex('complaints_flag_uq').on(t.flagId),
    index('complaints_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.state),
    index('complaints_customer_idx').on(t.customerId),
    index('complaints_escalation_idx').on(t.nextEscalationAt).where(sql`${t.nextEscalationAt} is not null`),
    index('complaints_opened_idx').on(t.openedAt),
    // A month's penalties per outlet, read by the settlement draft.
    index('complaints_penalty_idx').on(t.penaltyUnitId, t.penaltyDecidedAt).where(sql`${t.penaltyFen} is not null`),
  ],
);

/** The orders a complaint is about. */
export const complaintOrders = pgTable(
  'complaint_orders',
  {
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    orderCode: text('order_code').notNull(),
    outletId: uuid('outlet_id'),
  },
  (t) => [primaryKey({ columns: [t.complaintId, t.orderId] }), index('complaint_orders_order_idx').on(t.orderId)],
);

/** The timeline: every event of a complaint (notes, contacts and escalations are events too). */
export const complaintEvents = pgTable(
  'complaint_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull(),
    text: jsonb('text').$type<Text>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('complaint_events_complaint_idx').on(t.complaintId, t.id)],
);

/** Replies to the customer and the customer's acceptance of each. */
export const complaintReplies = pgTable(
  'complaint_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    channel: text('channel', { enum: REPLY_CHANNELS }).notNull(),
    content: text('content').notNull(),
    at: ts('at').notNull(),
    byName: text('by_name').notNull(),
    accepted: boolean('accepted'),
    reason: text('reason'),
    decidedAt: ts('decided_at'),
  },
  (t) => [index('complaint_replies_complaint_idx').on(t.complaintId)],
);
