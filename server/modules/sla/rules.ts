import { type CalendarSpec, dueAt, elapsed, type Pause } from './calendar-math.js';
import type { Backdate, MilestoneKey, MilestoneSpec } from './contract.js';
import type { PauseRecord, slaMilestones } from './tables.js';

/*
 * Pure rules of the time-limit module: which policy applies to an order, what each order signal
 * does to its milestones (planSignal says what, applySignal computes the rows), and the defaults
 * seeded at setup (DOMAIN.md, Time limits). The working-time arithmetic is in calendar-math.ts.
 * Nothing here reads a database or a clock: callers pass the rows, the time and the settings.
 */

export { dueAt, elapsed, elapsedMinutes } from './calendar-math.js';

// ---------------------------------------------------------------------------------------------
// Policies

export interface PolicyMatchSubject {
  serviceType: string;
  productLineId: string | null;
  customerKind: 'individual' | 'business';
  zone: 'near' | 'far' | null;
  faultLevel: number | null;
  /** 2-digit province code. */
  provinceCode: string | null;
}

export interface PolicyVersionLike {
  id: string;
  code: string;
  version: number;
  effectiveFrom: Date;
  active: boolean;
  serviceType: string | null;
  productLineId: string | null;
  customerKind: string | null;
  zone: string | null;
  faultLevel: number | null;
  provinceGroup: string[] | null;
}

const MATCH_FIELDS = ['serviceType', 'productLineId', 'customerKind', 'zone', 'faultLevel', 'provinceGroup'] as const;

/** How many matching fields a policy sets (null = any). */
export function specificity(p: Pick<PolicyVersionLike, (typeof MATCH_FIELDS)[number]>): number {
  return MATCH_FIELDS.filter((f) => p[f] !== null && p[f] !== undefined).length;
}

export function policyMatches(p: PolicyVersionLike, s: PolicyMatchSubject): boolean {
  if (p.serviceType !== null && p.serviceType !== s.serviceType) return false;
  if (p.productLineId !== null && p.productLineId !== s.productLineId) return false;
  if (p.customerKind !== null && p.customerKind !== s.customerKind) return false;
  if (p.zone !== null && p.zone !== s.zone) return false;
  if (p.faultLevel !== null && p.faultLevel !== s.faultLevel) return false;
  if (p.provinceGroup !== null && !(s.provinceCode && p.provinceGroup.includes(s.provinceCode))) return false;
  return true;
}

/** Per policy code, the version in force at `at`: the latest with effective_from ≤ at. */
export function versionsInForce<T extends PolicyVersionLike>(versions: readonly T[], at: Date): T[] {
  const best = new Map<string, T>();
  for (const v of versions) {
    if (v.effectiveFrom.getTime() > at.getTime()) continue;
    const cur = best.get(v.code);
    if (!cur || v.version > cur.version) best.set(v.code, v);
  }
  return [...best.values()];
}

/**
 * The policy for an order at `at`. Among the active versions in force that match, the most
 * specific wins (most matching fields set). Tie rule: the version that took effect last wins;
 * if still tied, the smaller code (alphabetically) — so the choice never depends on row order.
 */
export function choosePolicy<T extends PolicyVersionLike>(
  versions: readonly T[],
  subject: PolicyMatchSubject,
  at: Date,
): T | null {
  const candidates = versionsInForce(versions, at).filter((v) => v.active && policyMatches(v, subject));
  candidates.sort(
    (a, b) =>
      specificity(b) - specificity(a) ||
      b.effectiveFrom.getTime() - a.effectiveFrom.getTime() ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return candidates[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Signals

export type SlaSignal =
  | 'created'
  | 'dispatched_center'
  | 'dispatched_outlet'
  | 'accepted'
  | 'rejected'
  | 'appointment_booked'
  | 'en_route'
  | 'arrived'
  | 'completed'
  | 'confirmed'
  | 'closed'
  | 'cancelled'
  | 'reopened'
  | 'pause_customer'
  | 'pause_parts'
  | 'resume';

export interface SignalPlan {
  /** Milestones to meet (their clock stops; late ones keep the breach). */
  meet: MilestoneKey[];
  /** Milestones to cancel (the order no longer needs them). */
  cancel: MilestoneKey[];
  /** Milestones to start (skipped when one with that key is still open). */
  start: MilestoneKey[];
  /** Clock start of the started ones: the report time (created) or the signal time. */
  startFrom: 'reported' | 'signal';
  pause: 'all' | 'parts' | null;
  resume: boolean;
  /** appointment_booked: the booked window's end may push on_site's due time out. */
  bookedWindow: boolean;
}

const none: SignalPlan = {
  meet: [],
  cancel: [],
  start: [],
  startFrom: 'signal',
  pause: null,
  resume: false,
  bookedWindow: false,
};

/**
 * What a signal does, given the keys of the order's open milestones. DOMAIN.md, Time limits
 * (seeds 000, 004): HQ dispatches to the province in 15 min, the province to the outlet in
 * 15 min, the outlet books with the customer within 1 working hour, the technician is on site
 * within 24 h (near) / 72 h (far) or the booked time, the fault is fixed within 3 working days
 * and everything within 7 days; waiting for the customer pauses the clock.
 *
 * - created: starts hq_dispatch, on_site, resolved and resolved_cap, clock from reportedAt;
 * - dispatched_center: meets hq_dispatch, starts center_dispatch;
 * - dispatched_outlet: meets center_dispatch (and hq_dispatch when HQ sends straight to an
 *   outlet), starts appointment_contact;
 * - rejected: the level that refused hands the order back, so the dispatch milestone of the
 *   level above restarts — an outlet's refusal (appointment_contact open) cancels it and restarts
 *   center_dispatch; a center's refusal (center_dispatch open) cancels it and restarts hq_dispatch;
 * - appointment_booked: meets appointment_contact and moves on_site's due time to the booked
 *   window's end when that is later;
 * - arrived: meets on_site; completed: meets resolved and resolved_cap;
 * - closed and cancelled: cancel whatever is still open; reopened: starts a fresh resolved;
 * - pause_customer pauses every open milestone, pause_parts only those whose policy says
 *   waiting for parts stops them; resume ends the pauses;
 * - accepted, en_route, confirmed: no change.
 */
export function planSignal(signal: SlaSignal, open: ReadonlySet<string>): SignalPlan {
  switch (signal) {
    case 'created':
      return { ...none, start: ['hq_dispatch', 'on_site', 'resolved', 'resolved_cap'], startFrom: 'reported' };
    case 'dispatched_center':
      return { ...none, meet: ['hq_dispatch'], start: ['center_dispatch'] };
    case 'dispatched_outlet':
      return { ...none, meet: ['hq_dispatch', 'center_dispatch'], start: ['appointment_contact'] };
    case 'rejected':
      if (open.has('appointment_contact'))
        return { ...none, cancel: ['appointment_contact'], start: ['center_dispatch'] };
      if (open.has('center_dispatch')) return { ...none, cancel: ['center_dispatch'], start: ['hq_dispatch'] };
      return none;
    case 'appointment_booked':
      return { ...none, meet: ['appointment_contact'], bookedWindow: true };
    case 'arrived':
      return { ...none, meet: ['on_site'] };
    case 'completed':
      return { ...none, meet: ['resolved', 'resolved_cap'] };
    case 'closed':
    case 'cancelled':
      return { ...none, cancel: [...open] as MilestoneKey[] };
    case 'reopened':
      return { ...none, start: ['resolved'] };
    case 'pause_customer':
      return { ...none, pause: 'all' };
    case 'pause_parts':
      return { ...none, pause: 'parts' };
    case 'resume':
      return { ...none, resume: true };
    default:
      return none;
  }
}

// ---------------------------------------------------------------------------------------------
// Applying a signal

/** The order as the time limits see it: what picks the policy, and what the rows carry. */
export interface SlaSubject extends PolicyMatchSubject {
  /** uuid of the work order (no FK: orders live in a module above). */
  orderId: string;
  orderCode: string;
  /** Materialised path of the unit currently holding the order. */
  orgPath: string;
  reportedAt: Date;
  /** The report was entered later than it was made: milestones timed from it carry this. */
  backdate?: Backdate | null;
  bookedWindowEnd?: Date | null;
}

export type MilestoneRow = typeof slaMilestones.$inferSelect;
/** A milestone a signal starts; the caller gives it its id and its created/updated times. */
export type NewMilestone = Omit<MilestoneRow, 'id' | 'createdAt' | 'updatedAt'>;
/** A policy version with its milestones (a row of sla_policies, or the demo's copy of one). */
export interface PolicyVersion extends PolicyVersionLike {
  milestones: MilestoneSpec[];
}
/** A calendar as the arithmetic needs it, with the id and code that rows and policies name it by. */
export interface SignalCalendar {
  id: string;
  code: string;
  spec: CalendarSpec;
}
export interface SignalExtra {
  /** The pause's reason, or the reason a late milestone is excused. */
  reason?: string;
  /** Milestones the signal ends late are excused with `reason` (delays the customer caused). */
  excused?: boolean;
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

export interface SignalResult {
  /** Open milestones the signal changed, each as it is afterwards (same id), in the order first changed. */
  updates: MilestoneRow[];
  /** Milestones the signal starts, in the policy's order. */
  inserts: NewMilestone[];
  /** 'replan' only: what changed, for the order's timeline. */
  replanned: ReplannedMilestone[];
}

const isOpenPause = (p: PauseRecord) => p.to === null;

export function pausesOf(row: Pick<MilestoneRow, 'pauses'>): Pause[] {
  return row.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));
}

export function stateOf(
  row: Pick<MilestoneRow, 'metAt' | 'endedAt' | 'breachedAt' | 'pauses' | 'state'>,
): MilestoneRow['state'] {
  if (row.state === 'cancelled') return 'cancelled';
  if (row.breachedAt) return 'breached';
  if (row.metAt) return 'met';
  if (row.pauses.some(isOpenPause)) return 'paused';
  return 'running';
}

/** Due and warning times of a row's limit under its pauses, and what the scheduler does next. */
export function planTimes(
  row: Pick<MilestoneRow, 'startedAt' | 'limitMinutes' | 'warnAtPercent' | 'pauses' | 'warnedAt' | 'breachedAt'>,
  cal: CalendarSpec,
): Pick<MilestoneRow, 'dueAt' | 'warnAt' | 'provisional' | 'nextFireAt' | 'nextFireKind'> {
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
 * The limit in force: the policy's, or longer when the milestone follows the booked window and
 * the window ends later (on site: "or the booked time", seed 004).
 */
function limitInForce(
  row: Pick<MilestoneRow, 'startedAt' | 'pauses'>,
  baseLimitMinutes: number,
  spec: Pick<MilestoneSpec, 'useBookedWindow'> | null,
  cal: CalendarSpec,
  bookedWindowEnd: Date | null | undefined,
): number {
  if (!spec?.useBookedWindow || !bookedWindowEnd) return baseLimitMinutes;
  const toWindow = Math.ceil(elapsed(row.startedAt, bookedWindowEnd, cal, pausesOf(row)).minutes);
  return Math.max(baseLimitMinutes, toWindow);
}

/** The keys a signal starts: those its plan starts that are not open once its meets and cancels ran. */
function keysToStart(p: SignalPlan, open: ReadonlySet<string>): MilestoneKey[] {
  return p.start.filter((k) => !open.has(k) || p.meet.includes(k) || p.cancel.includes(k));
}

const byStart = (a: MilestoneRow, b: MilestoneRow) =>
  a.startedAt.getTime() - b.startedAt.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * What applySignal reads besides the open milestones, so a caller that loads them from the
 * database loads only that: whether it needs the policy versions (to start milestones, to
 * follow a booked window, to re-plan) and, given them, the calendars by id (those of the open
 * rows) and by code (those the milestones it starts or re-plans run on).
 */
export function signalNeedsPolicies(
  open: readonly Pick<MilestoneRow, 'key'>[],
  subject: Pick<SlaSubject, 'bookedWindowEnd'>,
  signal: SlaSignal | 'replan',
): boolean {
  if (signal === 'replan') return open.length > 0;
  const keys = new Set(open.map((r) => r.key));
  const p = planSignal(signal, keys);
  return keysToStart(p, keys).length > 0 || (p.bookedWindow && !!subject.bookedWindowEnd && keys.has('on_site'));
}

export function signalCalendars(
  open: readonly MilestoneRow[],
  subject: SlaSubject,
  signal: SlaSignal | 'replan',
  at: Date,
  policies: readonly PolicyVersion[],
): { ids: string[]; codes: string[] } {
  if (signal === 'replan') {
    const codes = open.flatMap((row) => {
      const spec = choosePolicy(policies, subject, row.createdAt)?.milestones.find((m) => m.key === row.key);
      return spec ? [spec.calendar] : [];
    });
    return { ids: [], codes: [...new Set(codes)] };
  }
  const keys = new Set(open.map((r) => r.key));
  const toStart = keysToStart(planSignal(signal, keys), keys);
  const policy = toStart.length ? choosePolicy(policies, subject, at) : null;
  const codes = policy?.milestones.filter((m) => toStart.includes(m.key)).map((m) => m.calendar) ?? [];
  return { ids: [...new Set(open.map((r) => r.calendarId))], codes: [...new Set(codes)] };
}

/**
 * Applies one order signal to the order's open milestones: the one place that computes
 * milestone rows (DOMAIN.md, Time limits; the mapping is planSignal). Pure: it returns the rows
 * changed and the rows started and changes none of its inputs. The database engine
 * (milestones.ts: applySlaSignal, replanForSubject), the planning of new orders in groups
 * (plannedOnCreate) and the demo data (demo/orders-sla.ts) all call it.
 *
 * - `open`: the order's milestones not yet ended; their calendars must be in `calendars` (by id).
 * - `policies`: every policy version (the one in force at `at` starts milestones; a row's own
 *   version says whether it follows the booked window).
 * - `calendars`: those of the open rows, and those the started milestones run on (by code). A
 *   policy naming a calendar that is not there plans nothing for that key; no policy, nothing.
 *
 * In order: meet, then cancel (the clock stops at `at`, open pauses end there; minutes past the
 * limit are the late minutes and keep or set the breach), then pause or resume the rest, then
 * the booked window (on_site's limit grows to reach the window's end, unless already breached),
 * then start what is not open, timed from the report (created) or from `at`.
 *
 * Signal 'replan' (the order's zone or another matching field changed): each open milestone is
 * planned again from the policy the subject now gets, the version in force when it was planned
 * (its createdAt), keeping its start and pauses (seed 004: on site in 24 h within 30 km, 72 h
 * beyond). A breach the new limit no longer has is lifted (a far order was never late at 24 h);
 * one it now has fires at the scheduler's next pass. Warnings already sent are not sent again.
 */
export function applySignal(
  open: readonly MilestoneRow[],
  subject: SlaSubject,
  signal: SlaSignal | 'replan',
  at: Date,
  policies: readonly PolicyVersion[],
  calendars: readonly SignalCalendar[],
  extra: SignalExtra = {},
): SignalResult {
  const byCode = new Map(calendars.map((c) => [c.code, c]));
  const ordered = [...open].sort(byStart);
  if (signal === 'replan') return replan(ordered, subject, at, policies, byCode);

  const byId = new Map(calendars.map((c) => [c.id, c]));
  const calOf = (row: MilestoneRow): CalendarSpec => {
    const cal = byId.get(row.calendarId);
    if (!cal) throw new Error(`applySignal: calendar ${row.calendarId} of milestone ${row.key} (${row.id}) not given`);
    return cal.spec;
  };
  const byKey = new Map(ordered.map((r) => [r.key, r]));
  const changed = new Map<string, MilestoneRow>();
  const p = planSignal(signal, new Set(byKey.keys()));
  const iso = at.toISOString();

  const write = (row: MilestoneRow, patch: Partial<MilestoneRow>): void => {
    const next = { ...row, ...patch };
    next.state = stateOf(next);
    changed.set(row.id, next);
    byKey.set(row.key, next);
  };

  const close = (row: MilestoneRow, how: 'met' | 'cancelled'): void => {
    const pauses = row.pauses.map((x) => (isOpenPause(x) ? { ...x, to: iso } : x));
    const cal = calOf(row);
    const spent = elapsed(row.startedAt, at, cal, pausesOf({ pauses })).minutes;
    const gross = elapsed(row.startedAt, at, cal, []).minutes;
    const remaining = wholeMinutesLeft(row.limitMinutes, spent);
    const late = Math.max(0, -remaining);
    const excuse = late > 0 && !!extra.excused;
    write(row, {
      pauses,
      metAt: how === 'met' ? at : null,
      endedAt: at,
      state: how === 'cancelled' ? 'cancelled' : row.state,
      breachedAt: row.breachedAt ?? (late > 0 ? (row.dueAt ?? at) : null),
      lateMinutes: late,
      remainingMinutes: remaining,
      pausedMinutes: Math.round(gross - spent),
      excused: excuse ? true : row.excused,
      excusedReason: excuse ? (extra.reason ?? null) : row.excusedReason,
      nextFireAt: null,
      nextFireKind: null,
    });
    byKey.delete(row.key);
  };

  for (const key of p.meet) {
    const row = byKey.get(key);
    if (row) close(row, 'met');
  }
  for (const key of p.cancel) {
    const row = byKey.get(key);
    if (row) close(row, 'cancelled');
  }

  if (p.pause || p.resume) {
    for (const row of [...byKey.values()]) {
      const paused = row.pauses.some(isOpenPause);
      if (p.pause && !paused && (p.pause === 'all' || row.pausedByParts)) {
        const pauses: PauseRecord[] = [
          ...row.pauses,
          { from: iso, to: null, kind: p.pause === 'all' ? 'customer' : 'parts', reason: extra.reason ?? null },
        ];
        write(row, { pauses, ...planTimes({ ...row, pauses }, calOf(row)) });
      } else if (p.resume && paused) {
        const pauses = row.pauses.map((x) => (isOpenPause(x) ? { ...x, to: iso } : x));
        write(row, { pauses, ...planTimes({ ...row, pauses }, calOf(row)) });
      }
    }
  }

  if (p.bookedWindow && subject.bookedWindowEnd) {
    const row = byKey.get('on_site');
    const spec = row
      ? (policies.find((v) => v.id === row.policyId)?.milestones.find((m) => m.key === row.key) ?? null)
      : null;
    if (row && spec?.useBookedWindow && !row.breachedAt) {
      const cal = calOf(row);
      const limitMinutes = limitInForce(row, row.baseLimitMinutes, spec, cal, subject.bookedWindowEnd);
      if (limitMinutes !== row.limitMinutes) write(row, { limitMinutes, ...planTimes({ ...row, limitMinutes }, cal) });
    }
  }

  const inserts: NewMilestone[] = [];
  const toStart = p.start.filter((k) => !byKey.has(k));
  const policy = toStart.length ? choosePolicy(policies, subject, at) : null;
  if (policy) {
    const startedAt = p.startFrom === 'reported' ? subject.reportedAt : at;
    for (const m of policy.milestones) {
      if (!toStart.includes(m.key)) continue;
      const cal = byCode.get(m.calendar);
      if (!cal) continue; // A policy naming a calendar that no longer exists plans nothing for that key.
      const base = {
        startedAt,
        limitMinutes: m.limitMinutes,
        warnAtPercent: m.warnAtPercent,
        pauses: [] as PauseRecord[],
        warnedAt: null,
        breachedAt: null,
      };
      inserts.push({
        ...base,
        ...planTimes(base, cal.spec),
        orderId: subject.orderId,
        orderCode: subject.orderCode,
        orgPath: subject.orgPath,
        key: m.key,
        policyId: policy.id,
        policyVersion: policy.version,
        calendarId: cal.id,
        baseLimitMinutes: m.limitMinutes,
        pausedByParts: m.pausedByParts,
        escalation: [...m.escalation],
        responsibleLevel: m.responsibleLevel,
        state: 'running',
        metAt: null,
        endedAt: null,
        lateMinutes: null,
        remainingMinutes: null,
        pausedMinutes: null,
        excused: false,
        excusedReason: null,
        backdate: p.startFrom === 'reported' ? (subject.backdate ?? null) : null,
      });
    }
  }
  return { updates: [...changed.values()], inserts, replanned: [] };
}

function replan(
  ordered: readonly MilestoneRow[],
  subject: SlaSubject,
  at: Date,
  policies: readonly PolicyVersion[],
  byCode: ReadonlyMap<string, SignalCalendar>,
): SignalResult {
  const updates: MilestoneRow[] = [];
  const replanned: ReplannedMilestone[] = [];
  for (const row of ordered) {
    const policy = choosePolicy(policies, subject, row.createdAt);
    const spec = policy?.milestones.find((m) => m.key === row.key) ?? null;
    if (!policy || !spec || policy.id === row.policyId) continue;
    const cal = byCode.get(spec.calendar);
    if (!cal) continue; // As when starting: a calendar that no longer exists plans nothing.
    const limitMinutes = limitInForce(row, spec.limitMinutes, spec, cal.spec, subject.bookedWindowEnd);
    const base = { ...row, limitMinutes, warnAtPercent: spec.warnAtPercent, breachedAt: null };
    const unbreached = planTimes(base, cal.spec);
    const stillLate = row.breachedAt && (!unbreached.dueAt || unbreached.dueAt <= at);
    const breachedAt = stillLate ? row.breachedAt : null;
    const timing = stillLate ? planTimes({ ...base, breachedAt }, cal.spec) : unbreached;
    const next: MilestoneRow = {
      ...base,
      ...timing,
      policyId: policy.id,
      policyVersion: policy.version,
      calendarId: cal.id,
      baseLimitMinutes: spec.limitMinutes,
      pausedByParts: spec.pausedByParts,
      escalation: [...spec.escalation],
      responsibleLevel: spec.responsibleLevel,
      breachedAt,
      lateMinutes: stillLate ? row.lateMinutes : null,
    };
    next.state = stateOf(next);
    updates.push(next);
    replanned.push({
      key: row.key as MilestoneKey,
      policyCode: policy.code,
      limitBefore: row.limitMinutes,
      limitAfter: limitMinutes,
      dueBefore: row.dueAt?.toISOString() ?? null,
      dueAfter: timing.dueAt?.toISOString() ?? null,
    });
  }
  return { updates, inserts: [], replanned };
}

// ---------------------------------------------------------------------------------------------
// Defaults (seeded at setup)

const WORKDAY_MINUTES = 8 * 60;

export const DEFAULT_CALENDARS = [
  { code: 'hotline-24x7', name: '全天候（7×24）', kind: '24x7' as const },
  { code: 'office', name: '工作日（9:00–18:00，午休 12:00–13:00）', kind: 'working' as const },
];

/**
 * The default policy (any order) and its "far" variant (beyond 30 km: 72 h on site). The
 * "3 working days" of resolved are working time on the office calendar: 3 × 8 h = 1440 minutes
 * of office hours (09:00–12:00, 13:00–18:00), so a fault reported on Friday afternoon before
 * Spring Festival is due days after the holiday. The 7-day cap is 7 × 24 h on the 24x7 calendar.
 */
export function defaultMilestones(onSiteMinutes: number): MilestoneSpec[] {
  return [
    {
      key: 'hq_dispatch',
      limitMinutes: 15,
      calendar: 'hotline-24x7',
      warnAtPercent: 75,
      pausedByParts: false,
      escalation: ['handler', 'hq_manager'],
      responsibleLevel: 'hq',
    },
    {
      key: 'center_dispatch',
      limitMinutes: 15,
      calendar: 'hotline-24x7',
      warnAtPercent: 75,
      pausedByParts: false,
      escalation: ['handler', 'center_supervisor', 'hq_manager'],
      responsibleLevel: 'center',
    },
    {
      key: 'appointment_contact',
      limitMinutes: 60,
      calendar: 'office',
      warnAtPercent: 75,
      pausedByParts: false,
      escalation: ['handler', 'center_supervisor'],
      responsibleLevel: 'outlet',
    },
    {
      key: 'on_site',
      limitMinutes: onSiteMinutes,
      calendar: 'hotline-24x7',
      warnAtPercent: 75,
      pausedByParts: false,
      escalation: ['handler', 'center_supervisor'],
      responsibleLevel: 'technician',
      useBookedWindow: true,
    },
    {
      key: 'resolved',
      limitMinutes: 3 * WORKDAY_MINUTES,
      calendar: 'office',
      warnAtPercent: 75,
      pausedByParts: true,
      escalation: ['handler', 'center_supervisor', 'hq_manager'],
      responsibleLevel: 'outlet',
    },
    {
      key: 'resolved_cap',
      limitMinutes: 7 * 24 * 60,
      calendar: 'hotline-24x7',
      warnAtPercent: 75,
      pausedByParts: false,
      escalation: ['handler', 'center_supervisor', 'hq_manager'],
      responsibleLevel: 'outlet',
    },
  ];
}

export const DEFAULT_POLICIES = [
  { code: 'default', name: '默认时限', zone: null, milestones: defaultMilestones(24 * 60) },
  { code: 'far', name: '远郊（30公里以外）', zone: 'far' as const, milestones: defaultMilestones(72 * 60) },
];

/** Minutes of working time that a limit's warning fires after. */
export function warnMinutes(limitMinutes: number, percent: number): number {
  return Math.floor((limitMinutes * percent) / 100);
}

/** Late minutes are whole minutes: any part of a minute counts. */
export function wholeMinutesLeft(limitMinutes: number, elapsedMin: number): number {
  return Math.floor(limitMinutes - elapsedMin + 1e-9);
}
