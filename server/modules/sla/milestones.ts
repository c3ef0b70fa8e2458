import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { updateRowsSql } from '../../db/bulk.js';
import type { DbLike } from '../../db/client.js';
import { rowsOfIds } from '../../db/arrays.js';
import { rowsOf } from '../../db/rows.js';
import type { Ctx } from '../../platform/context.js';
import { type CalendarSpec, elapsed } from './calendar-math.js';
import type { Milestone, MilestoneKey } from './contract.js';
import {
  applySignal,
  type MilestoneRow,
  pausesOf,
  planTimes,
  type ReplannedMilestone,
  type SignalCalendar,
  type SignalExtra,
  type SignalResult,
  type SlaSignal,
  type SlaSubject,
  signalCalendars,
  signalNeedsPolicies,
  wholeMinutesLeft,
} from './rules.js';
import type { SlaConfig } from './config.js';
import { loadCalendarSpecs } from './store.js';
import { MILESTONE_KEYS, slaCalendars, slaMilestones, slaPolicies } from './tables.js';

/*
 * Milestones on work orders. The work-order module (above) calls applySlaSignal inside its own
 * command's transaction, so a milestone changes exactly when the order does; its event names the
 * order change. What a signal does to the rows is computed by one pure function (rules.ts,
 * applySignal); this file reads what it needs and writes what it returns. The scheduler
 * (scheduler.ts) turns due times into warnings and breaches.
 */

export type { ReplannedMilestone, SlaSignal, SlaSubject } from './rules.js';

type Row = MilestoneRow;

/**
 * The rows `applySlaSignal(tx, ctx, subject, 'created', at)` inserts for an order that has none
 * yet, planned in memory from the cached policies and calendars (config.ts, `calendars` built
 * from `config.specs(zone)`): applySignal on no open milestones, without a read.
 */
export function plannedOnCreate(
  subject: SlaSubject,
  config: SlaConfig,
  calendars: readonly SignalCalendar[],
  at: Date,
  now: Date,
): Row[] {
  const { inserts } = applySignal([], subject, 'created', at, config.policies, calendars);
  const rows = inserts.map((r) => ({ ...r, id: randomUUID(), createdAt: now, updatedAt: now }));
  // As milestonesOfMany lists them: earliest due first (none last), then by key.
  return rows.sort(
    (a, b) =>
      (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** The calendars of a loadCalendarSpecs answer as applySignal takes them. */
function signalCalendarsOf(loaded: Map<string, { row: { id: string; code: string }; spec: CalendarSpec }>) {
  return [...loaded.values()].map((c): SignalCalendar => ({ id: c.row.id, code: c.row.code, spec: c.spec }));
}

/** The order's open milestones, locked for the signal (oldest first). */
function lockOpen(tx: DbLike, orderId: string) {
  return tx
    .select()
    .from(slaMilestones)
    .where(and(eq(slaMilestones.orderId, orderId), isNull(slaMilestones.endedAt)))
    .orderBy(asc(slaMilestones.startedAt), asc(slaMilestones.key))
    .for('update');
}

/** Everything a signal may change on an open row (applySignal returns whole rows). */
const SIGNAL_COLUMNS = [
  'policyId',
  'policyVersion',
  'calendarId',
  'baseLimitMinutes',
  'limitMinutes',
  'warnAtPercent',
  'pausedByParts',
  'escalation',
  'responsibleLevel',
  'state',
  'dueAt',
  'warnAt',
  'provisional',
  'pauses',
  'metAt',
  'endedAt',
  'breachedAt',
  'lateMinutes',
  'remainingMinutes',
  'pausedMinutes',
  'excused',
  'excusedReason',
  'nextFireAt',
  'nextFireKind',
  'updatedAt',
] as const;

/** Writes what applySignal returned: the changed rows in one statement, the started ones in another. */
async function writeResult(tx: DbLike, ctx: Ctx, result: SignalResult): Promise<void> {
  if (result.updates.length) {
    const rows = result.updates.map((r) => ({ ...r, updatedAt: ctx.now }));
    await tx.execute(updateRowsSql(slaMilestones, rows, SIGNAL_COLUMNS));
  }
  if (result.inserts.length) {
    await tx
      .insert(slaMilestones)
      .values(result.inserts.map((r) => ({ ...r, createdAt: ctx.now, updatedAt: ctx.now })));
  }
}

/**
 * Applies one order signal to the order's milestones (rules.ts: planSignal says what,
 * applySignal computes the rows). Call it in the order command's transaction. `extra.excused`
 * marks milestones it ends late as excused with `extra.reason` (delays the customer or the
 * weather caused, DOMAIN.md).
 */
export async function applySlaSignal(
  tx: DbLike,
  ctx: Ctx,
  subject: SlaSubject,
  signal: SlaSignal,
  at: Date,
  extra: SignalExtra = {},
): Promise<void> {
  // The unit holding the order decides who sees its milestones.
  await tx
    .update(slaMilestones)
    .set({ orgPath: subject.orgPath, updatedAt: ctx.now })
    .where(and(eq(slaMilestones.orderId, subject.orderId), ne(slaMilestones.orgPath, subject.orgPath)));
  const open = await lockOpen(tx, subject.orderId);
  const policies = signalNeedsPolicies(open, subject, signal) ? await tx.select().from(slaPolicies) : [];
  const needed = signalCalendars(open, subject, signal, at, policies);
  const loaded = await loadCalendarSpecs(tx, { ids: needed.ids }, at);
  const codes = new Set([...loaded.values()].map((c) => c.row.code));
  const missing = needed.codes.filter((c) => !codes.has(c));
  if (missing.length) for (const [id, c] of await loadCalendarSpecs(tx, { codes: missing }, at)) loaded.set(id, c);
  const result = applySignal(open, subject, signal, at, policies, signalCalendarsOf(loaded), extra);
  await writeResult(tx, ctx, result);
}

/**
 * The order's zone changed (dispatched to another outlet, a corrected address): its open
 * milestones are planned again from the policy the subject now gets (rules.ts, applySignal with
 * signal 'replan': start and pauses kept, a breach the new limit no longer has lifted). Call it
 * in the order command's transaction; returns what changed, for the timeline.
 */
export async function replanForSubject(
  tx: DbLike,
  ctx: Ctx,
  subject: SlaSubject,
  at: Date,
): Promise<ReplannedMilestone[]> {
  const open = await lockOpen(tx, subject.orderId);
  if (!open.length) return [];
  const policies = await tx.select().from(slaPolicies);
  const { codes } = signalCalendars(open, subject, 'replan', at, policies);
  const calendars = codes.length ? await loadCalendarSpecs(tx, { codes }, at) : new Map();
  const result = applySignal(open, subject, 'replan', at, policies, signalCalendarsOf(calendars));
  await writeResult(tx, ctx, result);
  return result.replanned;
}

/**
 * The minutes a milestone has left (negative when late) and has been paused, at `now`: an ended
 * clock's figures as stored when it ended, else walked on its calendar.
 */
function clockFigures(row: Row, cal: CalendarSpec, now: Date): { remaining: number; paused: number } {
  if (row.endedAt && row.remainingMinutes !== null && row.pausedMinutes !== null)
    return { remaining: row.remainingMinutes, paused: row.pausedMinutes };
  const end = row.endedAt ?? now;
  const spent = elapsed(row.startedAt, end, cal, pausesOf(row)).minutes;
  const gross = elapsed(row.startedAt, end, cal, []).minutes;
  return { remaining: wholeMinutesLeft(row.limitMinutes, spent), paused: Math.round(gross - spent) };
}

/** The API view of a milestone row at `now`. */
export function milestoneView(row: Row, cal: CalendarSpec, now: Date): Milestone {
  const { remaining, paused } = clockFigures(row, cal, now);
  let state = row.state;
  // The scheduler fires within seconds; reads do not wait for it.
  if (!row.endedAt && !row.breachedAt && row.dueAt && row.dueAt <= now) state = 'breached';
  return {
    id: row.id,
    key: row.key as MilestoneKey,
    policyId: row.policyId,
    policyVersion: row.policyVersion,
    startedAt: row.startedAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    metAt: row.metAt?.toISOString() ?? null,
    state,
    warnedAt: row.warnedAt?.toISOString() ?? null,
    breachedAt: row.breachedAt?.toISOString() ?? (state === 'breached' && row.dueAt ? row.dueAt.toISOString() : null),
    pausedMinutes: paused,
    provisional: row.provisional,
    limitMinutes: row.limitMinutes,
    timeKind: cal.kind === 'working' ? 'working' : 'calendar',
    remainingMinutes: remaining,
    lateMinutes: row.lateMinutes ?? Math.max(0, -remaining),
    responsibleLevel: row.responsibleLevel,
    excused: row.excused,
    excusedReason: row.excusedReason,
    backdate: row.backdate ?? null,
  };
}

/** The milestones of many orders, in chain order per order. No scope check: callers own it. */
export async function milestonesOfMany(db: DbLike, orderIds: string[], now: Date): Promise<Map<string, Milestone[]>> {
  const out = new Map<string, Milestone[]>(orderIds.map((id) => [id, []]));
  if (!orderIds.length) return out;
  const rows = await db
    .select()
    .from(slaMilestones)
    .where(inArray(slaMilestones.orderId, orderIds))
    // Same start and creation (one signal's milestones): the earliest due first, then by key, so
    // every read lists them in one order.
    .orderBy(
      asc(slaMilestones.startedAt),
      asc(slaMilestones.createdAt),
      asc(slaMilestones.dueAt),
      asc(slaMilestones.key),
    );
  const calendars = await loadCalendarSpecs(db, { ids: [...new Set(rows.map((r) => r.calendarId))] }, now);
  // Listed in the chain's order (dispatch → contact → on site → resolved), the order they are met
  // in, not by start time: a "resolved" clock started at the report sits after "on site". A key
  // started again (a reopened order) keeps its rows oldest first (the sort is stable).
  const chain = (key: string) => MILESTONE_KEYS.indexOf(key as (typeof MILESTONE_KEYS)[number]);
  rows.sort((a, b) => chain(a.key) - chain(b.key));
  for (const row of rows) out.get(row.orderId)?.push(milestoneView(row, calendars.get(row.calendarId)!.spec, now));
  return out;
}

/** What settlement reads of a milestone: the figures of the API view (milestoneView) it judges by. */
export type EndedMilestone = Pick<
  Milestone,
  | 'id'
  | 'key'
  | 'state'
  | 'metAt'
  | 'limitMinutes'
  | 'remainingMinutes'
  | 'lateMinutes'
  | 'pausedMinutes'
  | 'timeKind'
  | 'excused'
  | 'excusedReason'
>;

/**
 * The milestones of many completed orders as settlement judges them, in chain order per order
 * (as milestonesOfMany lists them), read as one JSON document of narrow rows: the figures an ended
 * clock stored when it ended, so no calendar is walked and no wide row is mapped — a month's
 * settlement reads millions. An order with a milestone still open, or ended before the figures
 * were stored, is read through milestonesOfMany: the same view either way. No scope check.
 */
export async function endedMilestonesOfMany(
  db: DbLike,
  orderIds: readonly string[],
  now: Date,
): Promise<Map<string, EndedMilestone[]>> {
  const out = new Map<string, EndedMilestone[]>(orderIds.map((id) => [id, []]));
  if (!orderIds.length) return out;
  // [order, id, key, state, metAt, limit, remaining, paused, late, excused, reason, calendar kind, startedAt]
  type Cells = [
    string,
    string,
    string,
    Milestone['state'],
    string | null,
    number,
    number | null,
    number | null,
    number | null,
    boolean,
    string | null,
    string,
    string,
  ];
  // Timestamps as json renders them (ISO 8601 with offset; to_char cost ≈ 1.5 µs a row) and no
  // ORDER BY in the aggregate (a sort of every row read): each order's few milestones are put in
  // chain order below, ties of a key by start. One index probe per order (`rowsOfIds`).
  const [res] = rowsOf<{ rows: Cells[] }>(
    await db.execute(sql`
      select coalesce(json_agg(json_build_array(m.order_id, m.id, m.key, m.state, m.met_at, m.limit_minutes,
          case when m.ended_at is not null then m.remaining_minutes end, m.paused_minutes, m.late_minutes,
          m.excused, m.excused_reason, c.kind, m.started_at)), '[]') as rows
      from ${rowsOfIds(orderIds, slaMilestones, slaMilestones.orderId, 'm')}
      join ${slaCalendars} c on c.id = m.calendar_id`),
  );
  const walk = new Set<string>();
  const started = new Map<EndedMilestone, string>();
  for (const r of res?.rows ?? []) {
    if (r[6] === null || r[7] === null) {
      walk.add(r[0]);
      continue;
    }
    const m: EndedMilestone = {
      id: r[1],
      key: r[2] as MilestoneKey,
      state: r[3],
      // The view's form (toISOString), as milestonesOfMany gives it.
      metAt: r[4] === null ? null : new Date(r[4]).toISOString(),
      limitMinutes: r[5],
      remainingMinutes: r[6],
      pausedMinutes: r[7],
      lateMinutes: r[8] ?? Math.max(0, -r[6]),
      timeKind: r[11] === 'working' ? 'working' : 'calendar',
      excused: r[9],
      excusedReason: r[10],
    };
    started.set(m, r[12]);
    out.get(r[0])?.push(m);
  }
  const chain = (key: string) => MILESTONE_KEYS.indexOf(key as (typeof MILESTONE_KEYS)[number]);
  const byStart = (a: EndedMilestone, b: EndedMilestone) =>
    Date.parse(started.get(a)!) - Date.parse(started.get(b)!) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const list of out.values())
    if (list.length > 1) list.sort((a, b) => chain(a.key) - chain(b.key) || (a.key === b.key ? byStart(a, b) : 0));
  if (walk.size) for (const [id, list] of await milestonesOfMany(db, [...walk], now)) out.set(id, list);
  return out;
}

/** The milestones of one order, in chain order. No scope check: callers own it. */
export async function milestonesOf(db: DbLike, orderId: string, now: Date): Promise<Milestone[]> {
  return (await milestonesOfMany(db, [orderId], now)).get(orderId) ?? [];
}

/**
 * Recomputes the due and warning times of a calendar's open, not yet breached milestones after
 * the calendar changed (hours, overrides, a confirmed year): a provisional due time becomes a
 * firm one once the year's holidays are entered. Warnings already sent are not sent again.
 * Returns how many rows changed.
 */
export async function replanCalendar(tx: DbLike, calendarId: string, now: Date): Promise<number> {
  const rows = await tx
    .select()
    .from(slaMilestones)
    .where(
      and(eq(slaMilestones.calendarId, calendarId), isNull(slaMilestones.endedAt), isNull(slaMilestones.breachedAt)),
    )
    .for('update');
  if (!rows.length) return 0;
  const cal = (await loadCalendarSpecs(tx, { ids: [calendarId] }, now)).get(calendarId);
  if (!cal) return 0;
  let changed = 0;
  for (const row of rows) {
    const next = planTimes(row, cal.spec);
    if (
      next.dueAt?.getTime() === row.dueAt?.getTime() &&
      next.warnAt?.getTime() === row.warnAt?.getTime() &&
      next.provisional === row.provisional
    ) {
      continue;
    }
    await tx
      .update(slaMilestones)
      .set({ ...next, updatedAt: now })
      .where(eq(slaMilestones.id, row.id));
    changed += 1;
  }
  return changed;
}
