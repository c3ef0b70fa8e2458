// What other modules may use of the time-limit module (the work-order module drives milestones).
import type { SQL } from 'drizzle-orm';
import { insertRowsSql } from '../../db/bulk.js';
import type { Db, DbLike } from '../../db/client.js';
import { cachedSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import type { Milestone } from './contract.js';
import * as engine from './milestones.js';
import type { SlaSignal, SlaSubject } from './milestones.js';
import { slaConfig } from './config.js';
import { slaMilestones } from './tables.js';

export type { Backdate, Milestone, MilestoneKey } from './contract.js';
export type { SlaSignal, SlaSubject } from './milestones.js';

/** Applies one order signal to the order's milestones, in the caller's transaction (mapping: rules.ts, planSignal). */
export async function applySlaSignal(
  tx: DbLike,
  ctx: Ctx,
  subject: SlaSubject,
  signal: SlaSignal,
  at: Date,
  extra?: { reason?: string; excused?: boolean },
): Promise<void> {
  return engine.applySlaSignal(tx, ctx, subject, signal, at, extra);
}

export type MilestoneRow = typeof slaMilestones.$inferSelect;
export type { ReplannedMilestone } from './milestones.js';

/**
 * The order's zone (or another matching field) changed: its open milestones are planned again
 * from the policy it now gets, in the caller's transaction (milestones.ts, replanForSubject).
 */
export async function replanSlaSubject(
  tx: DbLike,
  ctx: Ctx,
  subject: SlaSubject,
  at: Date,
): Promise<engine.ReplannedMilestone[]> {
  return engine.replanForSubject(tx, ctx, subject, at);
}

/**
 * What `applySlaSignal(…, 'created', at)` would insert for each new order, planned in memory
 * from the instance's cached policies and calendars, with the API view of each row at `now`.
 * Insert the rows with `milestonesInsertSql` in the statement that creates the orders.
 */
export async function planNewOrderMilestones(
  db: Db,
  orders: readonly { subject: SlaSubject; at: Date }[],
): Promise<{ rows: MilestoneRow[]; views: Milestone[] }[]> {
  if (orders.length === 0) return [];
  // One at a time: `db` may be a transaction (a repeat visit is created inside its command).
  const config = await slaConfig(db);
  const zone = await cachedSetting(db, 'company.timeZone', orders[0]!.at);
  const calendars = [...config.specs(zone).values()].map((c) => ({ id: c.row.id, code: c.row.code, spec: c.spec }));
  const specs = new Map(calendars.map((c) => [c.id, c.spec]));
  return orders.map(({ subject, at }) => {
    const rows = engine.plannedOnCreate(subject, config, calendars, at, at);
    return { rows, views: rows.map((r) => engine.milestoneView(r, specs.get(r.calendarId)!, at)) };
  });
}

/** One statement part inserting planned milestone rows; `where` filters them (`r.order_id`, …). */
export function milestonesInsertSql(rows: readonly MilestoneRow[], where?: SQL): SQL {
  return insertRowsSql(slaMilestones, rows, where ? { where } : {});
}

export { SLA_CACHE } from './config.js';

/** The milestones of one order at `now`, oldest first (no scope check: the caller checked the order). */
export async function milestonesOf(db: DbLike, orderId: string, now: Date): Promise<Milestone[]> {
  return engine.milestonesOf(db, orderId, now);
}

/** The milestones of many orders at `now` (lists), keyed by order id. */
export async function milestonesOfMany(db: DbLike, orderIds: string[], now: Date): Promise<Map<string, Milestone[]>> {
  return engine.milestonesOfMany(db, orderIds, now);
}

/** The milestones of many completed orders as settlement judges them (stored figures, no calendar walk). */
export async function endedMilestonesOfMany(
  db: DbLike,
  orderIds: readonly string[],
  now: Date,
): Promise<Map<string, engine.EndedMilestone[]>> {
  return engine.endedMilestonesOfMany(db, orderIds, now);
}

export type { EndedMilestone } from './milestones.js';
export { ensureSlaDefaults, seedSlaDefaults } from './commands/policies.js';
export { fireDueMilestones, onSchedulerTick, type SchedulerTimer, startSlaScheduler } from './scheduler.js';
export { slaCalendars, slaCalendarYears, slaDayOverrides, slaMilestones, slaPolicies } from './tables.js';

/*
 * The pure function `applySlaSignal` is made of (rules.ts, applySignal), for bulk loaders (demo
 * data, benchmarks) that plan milestone rows in memory exactly as the engine would, then insert
 * them set-based.
 */
export { applySignal, choosePolicy, planSignal } from './rules.js';
export type { NewMilestone, PolicyVersion, SignalCalendar, SignalExtra, SignalResult } from './rules.js';
export { loadCalendarSpecs } from './store.js';
export type { CalendarSpec } from './calendar-math.js';
export type { MilestoneSpec, PauseRecord } from './tables.js';
export { dueAt } from './calendar-math.js';
