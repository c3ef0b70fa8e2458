import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Point } from './contract.js';
import { PLAN_STATES, POOL_STATES, START_PLACES } from './contract.js';

/*
 * Day planning (docs/planning.md). A plan is one outlet's day as the optimiser (and the planner's
 * hand) left it: its routes and unplaced visits as JSON — read and written whole, never queried
 * inside — and the locks. The newest plan of an outlet and day is the current one; publishing
 * makes it the day's published plan and supersedes the one before. Scope: the outlet's path.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A stored stop: minutes since the plan day's midnight (company time zone). */
export interface StoredStop {
  orderId: string;
  arrival: number;
  start: number;
  end: number;
  travelMinutes: number;
  lateMinutes: number;
}
export interface StoredRoute {
  technicianId: string;
  departure: number;
  returnAt: number;
  travelMinutes: number;
  break: { start: number; end: number } | null;
  stops: StoredStop[];
}
export interface StoredUnplaced {
  orderId: string;
  reason: string;
}
/** A visit held where the planner put it: this technician, and the start when pinned in time. */
export interface StoredLock {
  technicianId: string;
  start?: number;
}
export interface StoredPlan {
  routes: StoredRoute[];
  unplaced: StoredUnplaced[];
  cost: { unplaced: number; lateMinutes: number; travelMinutes: number; technicians: number };
  /** Each visit's order version when planned: a newer one makes the plan stale. */
  orderVersions: Record<string, number>;
}

export const planningPlans = pgTable(
  'planning_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    outletId: uuid('outlet_id').notNull(),
    orgPath: text('org_path').notNull(),
    day: date('day').notNull(),
    state: text('state', { enum: PLAN_STATES }).notNull().default('draft'),
    plan: jsonb('plan').$type<StoredPlan>().notNull(),
    /** orderId → lock. */
    locks: jsonb('locks').$type<Record<string, StoredLock>>().notNull().default({}),
    seed: integer('seed').notNull(),
    timeLimitMs: integer('time_limit_ms').notNull(),
    solvedInMs: integer('solved_in_ms').notNull(),
    iterations: integer('iterations').notNull(),
    createdBy: uuid('created_by'),
    publishedAt: ts('published_at'),
    publishedBy: uuid('published_by'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('planning_plans_outlet_day_idx').on(t.outletId, t.day, t.createdAt),
    // At most one published plan per outlet and day: publishing supersedes the one before.
    uniqueIndex('planning_plans_published_uq').on(t.outletId, t.day).where(sql`state = 'published'`),
  ],
);

/** A technician's working day for planning; absent: the settings' default shift. */
export const planningShifts = pgTable('planning_shifts', {
  userId: uuid('user_id').primaryKey(),
  /** The technician's unit's path: scope of the record. */
  orgPath: text('org_path').notNull(),
  start: text('start').notNull(),
  end: text('end').notNull(),
  breakFrom: text('break_from').notNull(),
  breakTo: text('break_to').notNull(),
  breakMinutes: integer('break_minutes').notNull(),
  startAt: text('start_at', { enum: START_PLACES }).notNull().default('outlet'),
  home: jsonb('home').$type<Point>(),
  maxJobs: integer('max_jobs'),
  daysOff: jsonb('days_off').$type<string[]>().notNull().default([]),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * The order pool (工单池): an outlet's unassigned visit offered to its certified technicians.
 * The first claim wins: the claim is one conditional update of an open row.
 */
export const planningPool = pgTable(
  'planning_pool',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull(),
    outletId: uuid('outlet_id').notNull(),
    orgPath: text('org_path').notNull(),
    /** The line a claimer must be certified for (null: any technician of the outlet). */
    productLineId: uuid('product_line_id'),
    state: text('state', { enum: POOL_STATES }).notNull().default('open'),
    publishedBy: uuid('published_by'),
    publishedAt: ts('published_at').notNull(),
    claimedBy: uuid('claimed_by'),
    claimedAt: ts('claimed_at'),
    withdrawnAt: ts('withdrawn_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    // One open offer per order.
    uniqueIndex('planning_pool_open_uq').on(t.orderId).where(sql`state = 'open'`),
    index('planning_pool_outlet_idx').on(t.outletId, t.state, t.publishedAt),
  ],
);
