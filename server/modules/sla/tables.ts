import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Backdate } from './contract.js';

/*
 * Time limits (DOMAIN.md, Time limits; seeds 000, 001, 003, 004): business calendars, policies
 * (versioned, never overwritten) and the milestones running on each work order.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const CALENDAR_KINDS = ['24x7', 'working'] as const;
/** Working hours as people write them: per weekday (0 = Monday … 6 = Sunday) a list of intervals. */
export type WeekHours = { from: string; to: string }[][];

export const slaCalendars = pgTable(
  'sla_calendars',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable name policies refer to, e.g. 'office', 'hotline-24x7'. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** null: the company time zone (company.timeZone). */
    timeZone: text('time_zone'),
    kind: text('kind', { enum: CALENDAR_KINDS }).notNull(),
    hours: jsonb('hours').$type<WeekHours>().notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sla_calendars_code_uq').on(t.code)],
);

/** A day the company decides itself: wins over the statutory calendar of chinese-days. */
export const slaDayOverrides = pgTable(
  'sla_day_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => slaCalendars.id, { onDelete: 'cascade' }),
    /** 'YYYY-MM-DD', local to the calendar. */
    date: text('date').notNull(),
    kind: text('kind', { enum: ['work', 'off'] }).notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sla_day_overrides_uq').on(t.calendarId, t.date)],
);

/** Years whose statutory days an administrator entered and confirmed (no longer provisional). */
export const slaCalendarYears = pgTable(
  'sla_calendar_years',
  {
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => slaCalendars.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    confirmedBy: uuid('confirmed_by'),
    confirmedAt: ts('confirmed_at').notNull(),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.calendarId, t.year] })],
);

export const SERVICE_TYPES = [
  'on_site',
  'carry_in',
  'remote',
  'installation',
  'maintenance',
  'inspection',
  'training',
  'recall',
] as const;
export const ESCALATION_LEVELS = ['handler', 'center_supervisor', 'hq_manager'] as const;
export const RESPONSIBLE_LEVELS = ['hq', 'center', 'outlet', 'technician'] as const;
export const MILESTONE_KEYS = [
  'hq_dispatch',
  'center_dispatch',
  'appointment_contact',
  'on_site',
  'resolved',
  'resolved_cap',
] as const;

/** One milestone of a policy version, as planned. */
export interface MilestoneSpec {
  key: (typeof MILESTONE_KEYS)[number];
  limitMinutes: number;
  /** Calendar code. */
  calendar: string;
  warnAtPercent: number;
  /** Waiting for parts stops this clock (waiting for the customer always does). */
  pausedByParts: boolean;
  escalation: (typeof ESCALATION_LEVELS)[number][];
  responsibleLevel: (typeof RESPONSIBLE_LEVELS)[number];
  /** on_site: the booked window's end replaces the due time when it is later. */
  useBookedWindow?: boolean;
}

/**
 * Policy versions. A policy is the set of rows sharing `code`; editing appends a version with
 * its own `effective_from`, so the version a milestone was planned with never changes.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    effectiveFrom: ts('effective_from').notNull(),
    /** false: the policy is retired from effective_from on. */
    active: boolean('active').notNull().default(true),
    serviceType: text('service_type', { enum: SERVICE_TYPES }),
    productLineId: uuid('product_line_id'),
    customerKind: text('customer_kind', { enum: ['individual', 'business'] }),
    zone: text('zone', { enum: ['near', 'far'] }),
    faultLevel: integer('fault_level'),
    /** 2-digit province codes; null = any province. */
    provinceGroup: jsonb('province_group').$type<string[]>(),
    milestones: jsonb('milestones').$type<MilestoneSpec[]>().notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sla_policies_code_version_uq').on(t.code, t.version),
    index('sla_policies_effective_idx').on(t.effectiveFrom),
  ],
);

export const MILESTONE_STATES = ['pending', 'running', 'paused', 'met', 'breached', 'cancelled'] as const;

export interface PauseRecord {
  from: string;
  to: string | null;
  kind: 'customer' | 'parts';
  reason?: string | null;
}

/**
 * One time limit running on one order. Orders live in a module above, so there is no foreign
 * key; `org_path` is copied from the order (the unit holding it) for the data scope.
 */
export const slaMilestones = pgTable(
  'sla_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull(),
    orderCode: text('order_code').notNull(),
    orgPath: text('org_path').notNull(),
    key: text('key').notNull(),
    /*
     * The policy version and calendar the limit was planned with. No foreign keys: versions and
     * calendars are never deleted (a policy is retired by a new version, a calendar by
     * deactivation), and a key check on every milestone written would lock the same few parent
     * rows from every concurrent order creation.
     */
    policyId: uuid('policy_id').notNull(),
    policyVersion: integer('policy_version').notNull(),
    calendarId: uuid('calendar_id').notNull(),
    /** The policy's limit. */
    baseLimitMinutes: integer('base_limit_minutes').notNull(),
    /** In force: the base limit, or longer when a booked window ends later (on site). */
    limitMinutes: integer('limit_minutes').notNull(),
    warnAtPercent: integer('warn_at_percent').notNull(),
    pausedByParts: boolean('paused_by_parts').notNull(),
    escalation: jsonb('escalation').$type<string[]>().notNull(),
    responsibleLevel: text('responsible_level', { enum: RESPONSIBLE_LEVELS }).notNull(),
    state: text('state', { enum: MILESTONE_STATES }).notNull(),
    startedAt: ts('started_at').notNull(),
    /** null while an open pause stops the clock. */
    dueAt: ts('due_at'),
    warnAt: ts('warn_at'),
    provisional: boolean('provisional').notNull().default(false),
    pauses: jsonb('pauses').$type<PauseRecord[]>().notNull().default([]),
    metAt: ts('met_at'),
    /** Met, cancelled or superseded: the clock is over. */
    endedAt: ts('ended_at'),
    warnedAt: ts('warned_at'),
    breachedAt: ts('breached_at'),
    /** Working minutes late when met (or when cancelled late), for settlement. */
    lateMinutes: integer('late_minutes'),
    /*
     * When the clock ended (met or cancelled), the figures its view gives, frozen at that
     * instant like late_minutes: the whole minutes it had left (negative when late) and the
     * minutes paused. A read of an ended milestone walks no calendar (settlement reads millions),
     * and a calendar edited afterwards does not rewrite a judged clock. Null on rows ended before
     * they were stored: the view then computes them.
     */
    remainingMinutes: integer('remaining_minutes'),
    pausedMinutes: integer('paused_minutes'),
    excused: boolean('excused').notNull().default(false),
    excusedReason: text('excused_reason'),
    /** Timed from a backdated report (work orders): who backdated it, by how much and why. */
    backdate: jsonb('backdate').$type<Backdate>(),
    /** The scheduler's next job on this row: the warning, then the breach. */
    nextFireAt: ts('next_fire_at'),
    nextFireKind: text('next_fire_kind', { enum: ['warning', 'breach'] }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('sla_milestones_order_idx').on(t.orderId, t.startedAt),
    index('sla_milestones_fire_idx').on(t.nextFireAt).where(sql`${t.nextFireAt} is not null`),
    // No index on org_path: milestones are always read by order (the order's scope is checked
    // there); one fewer index entry per milestone written.
    // At most one open milestone per order and key.
    uniqueIndex('sla_milestones_open_uq').on(t.orderId, t.key).where(sql`${t.endedAt} is null`),
  ],
);
