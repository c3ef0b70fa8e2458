import {
  applySignal,
  type CalendarSpec,
  type MilestoneRow,
  type MilestoneSpec,
  type SignalCalendar,
  type SlaSignal,
  type SlaSubject,
} from '../modules/sla/index.js';

/*
 * The SLA engine's `applySlaSignal` replayed in memory for the demo orders: the same pure
 * function (rules.ts, applySignal) applied to rows held in an array, so thousands of orders get
 * truthful milestones without thousands of round trips. Between signals the scheduler's work is
 * replayed too (a warning at its time, a breach at the due time), and `tick(now)` marks what
 * would have fired before the load, so the first start does not flood the inbox.
 * demo-orders.test.ts replays a sample through the real engine and compares.
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

/** A milestone row as the engine keeps it. */
export type SimRow = MilestoneRow;

/** The milestones of one order as the engine keeps them. */
export class OrderSla {
  readonly rows: SimRow[] = [];
  private readonly calendars: SignalCalendar[];

  constructor(
    private readonly world: SlaWorld,
    private readonly newId: () => string,
  ) {
    this.calendars = [...world.calendars].map(([code, c]) => ({ id: c.id, code, spec: c.spec }));
  }

  private open(): SimRow[] {
    return this.rows.filter((r) => r.endedAt === null);
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

  /** One order signal at `at` (milestones.ts, applySlaSignal: the same applySignal). */
  signal(subject: SlaSubject, signal: SlaSignal, at: Date, extra: { reason?: string; excused?: boolean } = {}): void {
    this.tick(at);
    const { updates, inserts } = applySignal(
      this.open(),
      subject,
      signal,
      at,
      this.world.policies,
      this.calendars,
      extra,
    );
    for (const next of updates) {
      const i = this.rows.findIndex((r) => r.id === next.id);
      this.rows[i] = { ...next, updatedAt: at };
    }
    for (const row of inserts) this.rows.push({ ...row, id: this.newId(), createdAt: at, updatedAt: at });
  }
}
