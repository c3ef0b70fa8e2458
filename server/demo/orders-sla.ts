import {
  type CalendarSpec,
  choosePolicy,
  elapsed,
  type MilestoneSpec,
  type PauseRecord,
  planMilestoneTimes,
  planSignal,
  type SlaSignal,
  type SlaSubject,
  wholeMinutesLeft,
} from '../modules/sla/index.js';

/*
 * The SLA engine's `applySlaSignal` replayed in memory for the demo orders: the same pure pieces
 * (planSignal, choosePolicy, the calendar arithmetic, the due/warn planning) applied step by step
 * to rows held in an array, so thousands of orders get truthful milestones without thousands of
 * round trips. Between signals the scheduler's work is replayed too (a warning at its time, a
 * breach at the due time), and `settle(now)` marks what would have fired before the load, so the
 * first start does not flood the inbox. demo-orders.test.ts replays a sample through the real
 * engine and compares.
 */

export interface PolicyRow {
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
  milestones: MilestoneSpec[];
}

export interface SlaWorld {
  policies: PolicyRow[];
  /** Calendars by code, with their row id. */
  calendars: Map<string, { id: string; spec: CalendarSpec }>;
}

export interface SimRow {
  id: string;
  key: string;
  policyId: string;
  policyVersion: number;
  calendarId: string;
  calendarCode: string;
  baseLimitMinutes: number;
  limitMinutes: number;
  warnAtPercent: number;
  pausedByParts: boolean;
  escalation: string[];
  responsibleLevel: string;
  useBookedWindow: boolean;
  state: 'pending' | 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
  startedAt: Date;
  dueAt: Date | null;
  warnAt: Date | null;
  provisional: boolean;
  pauses: PauseRecord[];
  metAt: Date | null;
  endedAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  lateMinutes: number | null;
  excused: boolean;
  excusedReason: string | null;
  nextFireAt: Date | null;
  nextFireKind: 'warning' | 'breach' | null;
}

const isOpenPause = (p: PauseRecord) => p.to === null;
const pausesOf = (pauses: PauseRecord[]) => pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));

function stateOf(row: SimRow): SimRow['state'] {
  if (row.state === 'cancelled') return 'cancelled';
  if (row.breachedAt) return 'breached';
  if (row.metAt) return 'met';
  if (row.pauses.some(isOpenPause)) return 'paused';
  return 'running';
}

/** The milestones of one order as the engine keeps them. */
export class OrderSla {
  readonly rows: SimRow[] = [];

  constructor(
    private readonly world: SlaWorld,
    private readonly newId: () => string,
  ) {}

  private open(): SimRow[] {
    return this.rows.filter((r) => r.endedAt === null);
  }

  private cal(row: SimRow): CalendarSpec {
    return this.world.calendars.get(row.calendarCode)!.spec;
  }

  private replan(row: SimRow) {
    Object.assign(row, planMilestoneTimes(row, this.cal(row)));
  }

  /** The scheduler's ticks up to `at`: warnings, then breaches, each at its own time. */
  tick(at: Date): void {
    for (const row of this.open()) {
      for (let i = 0; i < 2 && row.nextFireAt && row.nextFireAt <= at; i++) {
        if (row.nextFireKind === 'warning') {
          row.warnedAt = row.nextFireAt;
          row.nextFireAt = row.dueAt;
          row.nextFireKind = row.dueAt ? 'breach' : null;
        } else if (row.nextFireKind === 'breach') {
          row.breachedAt = row.dueAt ?? row.nextFireAt;
          row.state = 'breached';
          row.nextFireAt = null;
          row.nextFireKind = null;
        } else {
          row.nextFireAt = null;
        }
      }
    }
  }

  /** One order signal at `at` (milestones.ts, applySlaSignal). */
  signal(subject: SlaSubject, signal: SlaSignal, at: Date, extra: { reason?: string; excused?: boolean } = {}): void {
    this.tick(at);
    const byKey = new Map(
      this.open()
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
        .map((r) => [r.key, r]),
    );
    const p = planSignal(signal, new Set(byKey.keys()));
    const iso = at.toISOString();

    const close = (row: SimRow, how: 'met' | 'cancelled') => {
      const pauses = row.pauses.map((x) => (isOpenPause(x) ? { ...x, to: iso } : x));
      const spent = elapsed(row.startedAt, at, this.cal(row), pausesOf(pauses)).minutes;
      const late = Math.max(0, -wholeMinutesLeft(row.limitMinutes, spent));
      const breachedAt = row.breachedAt ?? (late > 0 ? (row.dueAt ?? at) : null);
      Object.assign(row, {
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
      row.state = stateOf(row);
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
      for (const row of byKey.values()) {
        const paused = row.pauses.some(isOpenPause);
        if (p.pause && !paused && (p.pause === 'all' || row.pausedByParts)) {
          row.pauses = [...row.pauses, { from: iso, to: null, kind: p.pause === 'all' ? 'customer' : 'parts', reason: extra.reason ?? null }];
          this.replan(row);
          row.state = stateOf(row);
        } else if (p.resume && paused) {
          row.pauses = row.pauses.map((x) => (isOpenPause(x) ? { ...x, to: iso } : x));
          this.replan(row);
          row.state = stateOf(row);
        }
      }
    }
    if (p.bookedWindow && subject.bookedWindowEnd) {
      const row = byKey.get('on_site');
      if (row?.useBookedWindow && !row.breachedAt) {
        const toWindow = Math.ceil(elapsed(row.startedAt, subject.bookedWindowEnd, this.cal(row), pausesOf(row.pauses)).minutes);
        const limitMinutes = Math.max(row.baseLimitMinutes, toWindow);
        if (limitMinutes !== row.limitMinutes) {
          row.limitMinutes = limitMinutes;
          this.replan(row);
          row.state = stateOf(row);
        }
      }
    }
    const toStart = p.start.filter((k) => !byKey.has(k));
    if (!toStart.length) return;
    const policy = choosePolicy(this.world.policies, subject, at);
    if (!policy) return;
    const startedAt = p.startFrom === 'reported' ? subject.reportedAt : at;
    for (const m of policy.milestones.filter((s) => toStart.includes(s.key))) {
      const cal = this.world.calendars.get(m.calendar);
      if (!cal) continue;
      const row: SimRow = {
        id: this.newId(),
        key: m.key,
        policyId: policy.id,
        policyVersion: policy.version,
        calendarId: cal.id,
        calendarCode: m.calendar,
        baseLimitMinutes: m.limitMinutes,
        limitMinutes: m.limitMinutes,
        warnAtPercent: m.warnAtPercent,
        pausedByParts: m.pausedByParts,
        escalation: m.escalation,
        responsibleLevel: m.responsibleLevel,
        useBookedWindow: !!m.useBookedWindow,
        state: 'running',
        startedAt,
        dueAt: null,
        warnAt: null,
        provisional: false,
        pauses: [],
        metAt: null,
        endedAt: null,
        warnedAt: null,
        breachedAt: null,
        lateMinutes: null,
        excused: false,
        excusedReason: null,
        nextFireAt: null,
        nextFireKind: null,
      };
      this.replan(row);
      this.rows.push(row);
      byKey.set(m.key, row);
    }
  }
}
