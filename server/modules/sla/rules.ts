import type { MilestoneKey, MilestoneSpec } from './contract.js';

/*
 * Pure rules of the time-limit module: which policy applies to an order, what each order signal
 * does to its milestones, and the defaults seeded at setup (DOMAIN.md, Time limits). The
 * working-time arithmetic is in calendar-math.ts.
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
