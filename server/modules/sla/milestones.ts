import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { type CalendarSpec, dueAt, elapsed, type Pause } from './calendar-math.js';
import type { Backdate, Milestone, MilestoneKey, MilestoneSpec } from './contract.js';
import { choosePolicy, planSignal, type SlaSignal, warnMinutes, wholeMinutesLeft } from './rules.js';
import type { SlaConfig } from './config.js';
import { loadCalendarSpecs } from './store.js';
import { MILESTONE_KEYS, type PauseRecord, slaMilestones, slaPolicies } from './tables.js';

/*
 * Milestones on work orders. The work-order module (above) calls applySlaSignal inside its own
 * command's transaction, so a milestone changes exactly when the order does; its event names the
 * order change. The scheduler (scheduler.ts) turns due times into warnings and breaches.
 */

export type { SlaSignal } from './rules.js';

export interface SlaSubject {
  /** uuid of the work order (no FK: orders live in a module above). */
  orderId: string;
  orderCode: string;
  /** Materialised path of the unit currently holding the order. */
  orgPath: string;
  serviceType: string;
  productLineId: string | null;
  customerKind: 'individual' | 'business';
  zone: 'near' | 'far' | null;
  faultLevel: number | null;
  /** 2-digit province code. */
  provinceCode: string | null;
  reportedAt: Date;
  /** The report was entered later than it was made: milestones timed from it carry this. */
  backdate?: Backdate | null;
  bookedWindowEnd?: Date | null;
}

type Row = typeof slaMilestones.$inferSelect;

export function pausesOf(row: Pick<Row, 'pauses'>): Pause[] {
  return row.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));
}

const isOpenPause = (p: PauseRecord) => p.to === null;

/** Due and warning times of a row's limit under its pauses, and what the scheduler does next. */
export function plan(
  row: Pick<Row, 'startedAt' | 'limitMinutes' | 'warnAtPercent' | 'pauses' | 'warnedAt' | 'breachedAt'>,
  cal: CalendarSpec,
): Pick<Row, 'dueAt' | 'warnAt' | 'provisional' | 'nextFireAt' | 'nextFireKind'> {
  const pauses = pausesOf(row);
  const due = dueAt(row.startedAt, row.limitMinutes, cal, pauses);
  const warn = dueAt(row.startedAt, warnMinutes(row.limitMinutes, row.warnAtPercent), cal, pauses);
  let nextFireAt: Date | null = null;
  let nextFireKind: 'warning' | 'breach' | null = null;
  if (!row.breachedAt && due.due) {
    if (!row.warnedAt && warn.due && warn.due < due.due) {
      nextFireAt = warn.due;
      nextFireKind = 'warning';
    } else {
      nextFireAt = due.due;
      nextFireKind = 'breach';
    }
  }
  return { dueAt: due.due, warnAt: warn.due, provisional: due.provisional, nextFireAt, nextFireKind };
}

/**
 * The rows `applySlaSignal(tx, ctx, subject, 'created', at)` inserts for an order that has none
 * yet, planned in memory from the cached policies and calendars (config.ts): the same policy
 * choice, calendars and due-time arithmetic, without a read.
 */
export function plannedOnCreate(subject: SlaSubject, config: SlaConfig, zone: string, at: Date, now: Date): Row[] {
  const p = planSignal('created', new Set());
  const policy = choosePolicy(config.policies, subject, at);
  if (!policy) return [];
  const calendars = config.specs(zone);
  const startedAt = p.startFrom === 'reported' ? subject.reportedAt : at;
  const rows: Row[] = [];
  for (const m of policy.milestones) {
    if (!p.start.includes(m.key)) continue;
    const cal = calendars.get(m.calendar);
    if (!cal) continue; // As applySlaSignal: a calendar that no longer exists plans nothing for that key.
    const base = {
      startedAt,
      limitMinutes: m.limitMinutes,
      warnAtPercent: m.warnAtPercent,
      pauses: [] as PauseRecord[],
      warnedAt: null,
      breachedAt: null,
    };
    rows.push({
      ...base,
      ...plan(base, cal.spec),
      id: randomUUID(),
      orderId: subject.orderId,
      orderCode: subject.orderCode,
      orgPath: subject.orgPath,
      key: m.key,
      policyId: policy.id,
      policyVersion: policy.version,
      calendarId: cal.row.id,
      baseLimitMinutes: m.limitMinutes,
      pausedByParts: m.pausedByParts,
      escalation: m.escalation,
      responsibleLevel: m.responsibleLevel,
      state: 'running',
      metAt: null,
      endedAt: null,
      lateMinutes: null,
      excused: false,
      excusedReason: null,
      backdate: p.startFrom === 'reported' ? (subject.backdate ?? null) : null,
      createdAt: now,
      updatedAt: now,
    });
  }
  // As milestonesOfMany lists them: earliest due first (none last), then by key.
  return rows.sort(
    (a, b) =>
      (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

function stateOf(row: Pick<Row, 'metAt' | 'endedAt' | 'breachedAt' | 'pauses' | 'state'>): Row['state'] {
  if (row.state === 'cancelled') return 'cancelled';
  if (row.breachedAt) return 'breached';
  if (row.metAt) return 'met';
  if (row.pauses.some(isOpenPause)) return 'paused';
  return 'running';
}

/**
 * Applies one order signal to the order's milestones (mapping in rules.ts, planSignal). Call it
 * in the order command's transaction. `extra.excused` marks milestones it ends late as excused
 * with `extra.reason` (delays the customer or the weather caused, DOMAIN.md).
 */
export async function applySlaSignal(
  tx: DbLike,
  ctx: Ctx,
  subject: SlaSubject,
  signal: SlaSignal,
  at: Date,
  extra: { reason?: string; excused?: boolean } = {},
): Promise<void> {
  // The unit holding the order decides who sees its milestones.
  await tx
    .update(slaMilestones)
    .set({ orgPath: subject.orgPath, updatedAt: ctx.now })
    .where(and(eq(slaMilestones.orderId, subject.orderId), ne(slaMilestones.orgPath, subject.orgPath)));
  const open = await tx
    .select()
    .from(slaMilestones)
    .where(and(eq(slaMilestones.orderId, subject.orderId), isNull(slaMilestones.endedAt)))
    .orderBy(asc(slaMilestones.startedAt))
    .for('update');
  const byKey = new Map(open.map((r) => [r.key, r]));
  const p = planSignal(signal, new Set(byKey.keys()));

  const calendarIds = new Set(open.map((r) => r.calendarId));
  let calendars = await loadCalendarSpecs(tx, { ids: [...calendarIds] }, at);
  const calOf = (id: string) => calendars.get(id)!.spec;
  const iso = at.toISOString();

  const write = async (row: Row, patch: Partial<Row>) => {
    const next = { ...row, ...patch };
    next.state = stateOf(next);
    await tx
      .update(slaMilestones)
      .set({ ...patch, state: next.state, updatedAt: ctx.now })
      .where(eq(slaMilestones.id, row.id));
    byKey.set(row.key, next);
    return next;
  };

  const close = async (row: Row, how: 'met' | 'cancelled') => {
    const pauses = row.pauses.map((x) => (isOpenPause(x) ? { ...x, to: iso } : x));
    const spent = elapsed(row.startedAt, at, calOf(row.calendarId), pausesOf({ pauses })).minutes;
    const left = wholeMinutesLeft(row.limitMinutes, spent);
    const late = Math.max(0, -left);
    const breachedAt = row.breachedAt ?? (late > 0 ? (row.dueAt ?? at) : null);
    await write(row, {
      pauses,
      metAt: how === 'met' ? at : null,
      endedAt: at,
      state: how === 'cancelled' ? 'cancelled' : row.state,
      breachedAt,
      lateMinutes: late,
      excused: late > 0 && extra.excused ? true : row.excused,
      excusedReason: late > 0 && extra.excused ? (extra.reason ?? null) : row.excusedReason,
      nextFireAt: null,
      nextFireKind: null,
    });
    byKey.delete(row.key);
  };

  for (const key of p.meet) {
    const row = byKey.get(key);
    if (row) await close(row, 'met');
  }
  for (const key of p.cancel) {
    const row = byKey.get(key);
    if (row) await close(row, 'cancelled');
  }

  if (p.pause || p.resume) {
    for (const row of [...byKey.values()]) {
      const paused = row.pauses.some(isOpenPause);
      if (p.pause && !paused && (p.pause === 'all' || row.pausedByParts)) {
        const pauses: PauseRecord[] = [
          ...row.pauses,
          { from: iso, to: null, kind: p.pause === 'all' ? 'customer' : 'parts', reason: extra.reason ?? null },
        ];
        await write(row, { pauses, ...plan({ ...row, pauses }, calOf(row.calendarId)) });
      } else if (p.resume && paused) {
        const pauses = row.pauses.map((x) => (isOpenPause(x) ? { ...x, to: iso } : x));
        await write(row, { pauses, ...plan({ ...row, pauses }, calOf(row.calendarId)) });
      }
    }
  }

  if (p.bookedWindow && subject.bookedWindowEnd) {
    const row = byKey.get('on_site');
    const spec = row ? await specOfRow(tx, row) : null;
    if (row && spec?.useBookedWindow && !row.breachedAt) {
      const cal = calOf(row.calendarId);
      const limitMinutes = limitInForce(row, row.baseLimitMinutes, spec, cal, subject.bookedWindowEnd);
      if (limitMinutes !== row.limitMinutes) await write(row, { limitMinutes, ...plan({ ...row, limitMinutes }, cal) });
    }
  }

  const toStart = p.start.filter((k) => !byKey.has(k));
  if (toStart.length) {
    const policy = await policyFor(tx, subject, at);
    if (!policy) return;
    const specs = policy.milestones.filter((m) => toStart.includes(m.key));
    const missing = specs.filter((m) => ![...calendars.values()].some((c) => c.row.code === m.calendar));
    if (missing.length) {
      const more = await loadCalendarSpecs(tx, { codes: missing.map((m) => m.calendar) }, at);
      calendars = new Map([...calendars, ...more]);
    }
    const startedAt = p.startFrom === 'reported' ? subject.reportedAt : at;
    for (const m of specs) {
      const cal = [...calendars.values()].find((c) => c.row.code === m.calendar);
      if (!cal) continue; // A policy naming a calendar that no longer exists plans nothing for that key.
      const base = {
        startedAt,
        limitMinutes: m.limitMinutes,
        warnAtPercent: m.warnAtPercent,
        pauses: [] as PauseRecord[],
        warnedAt: null,
        breachedAt: null,
      };
      const [row] = await tx
        .insert(slaMilestones)
        .values({
          ...base,
          ...plan(base, cal.spec),
          orderId: subject.orderId,
          orderCode: subject.orderCode,
          orgPath: subject.orgPath,
          key: m.key,
          policyId: policy.id,
          policyVersion: policy.version,
          calendarId: cal.row.id,
          baseLimitMinutes: m.limitMinutes,
          pausedByParts: m.pausedByParts,
          escalation: m.escalation,
          responsibleLevel: m.responsibleLevel,
          backdate: p.startFrom === 'reported' ? (subject.backdate ?? null) : null,
          state: 'running',
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      byKey.set(m.key, row!);
    }
  }
}

/**
 * The limit in force: the policy's, or longer when the milestone follows the booked window and
 * the window ends later (on site: "or the booked time", seed 004).
 */
function limitInForce(
  row: Pick<Row, 'startedAt' | 'pauses'>,
  baseLimitMinutes: number,
  spec: Pick<MilestoneSpec, 'useBookedWindow'> | null,
  cal: CalendarSpec,
  bookedWindowEnd: Date | null | undefined,
): number {
  if (!spec?.useBookedWindow || !bookedWindowEnd) return baseLimitMinutes;
  const toWindow = Math.ceil(elapsed(row.startedAt, bookedWindowEnd, cal, pausesOf(row)).minutes);
  return Math.max(baseLimitMinutes, toWindow);
}

/** One milestone planned again after the order's zone changed (the order's timeline shows these). */
export interface ReplannedMilestone {
  key: MilestoneKey;
  policyCode: string;
  limitBefore: number;
  limitAfter: number;
  dueBefore: string | null;
  dueAfter: string | null;
}

/**
 * The order's zone changed (dispatched to another outlet, a corrected address): its open
 * milestones are planned again from the policy the subject now gets (the version in force when
 * each was planned), keeping their start and pauses (seed 004: on site in 24 h within 30 km,
 * 72 h beyond). A breach the new limit no longer has is lifted (a far order was never late at
 * 24 h); one it now has fires at the scheduler's next pass. Warnings already sent are not sent
 * again. Call it in the order command's transaction; returns what changed, for the timeline.
 */
export async function replanForSubject(
  tx: DbLike,
  ctx: Ctx,
  subject: SlaSubject,
  at: Date,
): Promise<ReplannedMilestone[]> {
  const open = await tx
    .select()
    .from(slaMilestones)
    .where(and(eq(slaMilestones.orderId, subject.orderId), isNull(slaMilestones.endedAt)))
    .orderBy(asc(slaMilestones.startedAt), asc(slaMilestones.key))
    .for('update');
  if (!open.length) return [];
  const versions = await tx.select().from(slaPolicies);
  const wanted = open.map((row) => {
    const policy = choosePolicy(versions, subject, row.createdAt);
    return { row, policy, spec: policy?.milestones.find((m) => m.key === row.key) ?? null };
  });
  const codes = [...new Set(wanted.flatMap((w) => (w.spec ? [w.spec.calendar] : [])))];
  const calendars = codes.length ? await loadCalendarSpecs(tx, { codes }, at) : new Map();
  const byCode = new Map([...calendars.values()].map((c) => [c.row.code as string, c]));
  const changed: ReplannedMilestone[] = [];
  for (const { row, policy, spec } of wanted) {
    if (!policy || !spec || policy.id === row.policyId) continue;
    const cal = byCode.get(spec.calendar);
    if (!cal) continue; // As when starting: a calendar that no longer exists plans nothing.
    const limitMinutes = limitInForce(row, spec.limitMinutes, spec, cal.spec, subject.bookedWindowEnd);
    const base = { ...row, limitMinutes, warnAtPercent: spec.warnAtPercent, breachedAt: null };
    const unbreached = plan(base, cal.spec);
    const stillLate = row.breachedAt && (!unbreached.dueAt || unbreached.dueAt <= at);
    const breachedAt = stillLate ? row.breachedAt : null;
    const timing = stillLate ? plan({ ...base, breachedAt }, cal.spec) : unbreached;
    const next = { ...base, ...timing, breachedAt, lateMinutes: stillLate ? row.lateMinutes : null };
    await tx
      .update(slaMilestones)
      .set({
        policyId: policy.id,
        policyVersion: policy.version,
        calendarId: cal.row.id,
        baseLimitMinutes: spec.limitMinutes,
        limitMinutes,
        warnAtPercent: spec.warnAtPercent,
        pausedByParts: spec.pausedByParts,
        escalation: spec.escalation,
        responsibleLevel: spec.responsibleLevel,
        breachedAt,
        lateMinutes: next.lateMinutes,
        ...timing,
        state: stateOf(next),
        updatedAt: ctx.now,
      })
      .where(eq(slaMilestones.id, row.id));
    changed.push({
      key: row.key as MilestoneKey,
      policyCode: policy.code,
      limitBefore: row.limitMinutes,
      limitAfter: limitMinutes,
      dueBefore: row.dueAt?.toISOString() ?? null,
      dueAfter: timing.dueAt?.toISOString() ?? null,
    });
  }
  return changed;
}

async function specOfRow(db: DbLike, row: Row): Promise<MilestoneSpec | null> {
  const [p] = await db
    .select({ milestones: slaPolicies.milestones })
    .from(slaPolicies)
    .where(eq(slaPolicies.id, row.policyId));
  return p?.milestones.find((m) => m.key === row.key) ?? null;
}

/** The policy version that applies to an order at `at` (rules.ts, choosePolicy). */
export async function policyFor(db: DbLike, subject: SlaSubject, at: Date) {
  const versions = await db.select().from(slaPolicies);
  return choosePolicy(versions, subject, at);
}

/** The API view of a milestone row at `now`. */
export function milestoneView(row: Row, cal: CalendarSpec, now: Date): Milestone {
  const end = row.endedAt ?? now;
  const pauses = pausesOf(row);
  const spent = elapsed(row.startedAt, end, cal, pauses);
  const gross = elapsed(row.startedAt, end, cal, []);
  const remaining = wholeMinutesLeft(row.limitMinutes, spent.minutes);
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
    pausedMinutes: Math.round(gross.minutes - spent.minutes),
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
    const next = plan(row, cal.spec);
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
