import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalendarSpec, OFFICE_HOURS } from './calendar-math.js';
import {
  applySignal,
  DEFAULT_POLICIES,
  type MilestoneRow,
  type PolicyVersion,
  type SignalCalendar,
  type SignalExtra,
  type SignalResult,
  type SlaSignal,
  type SlaSubject,
} from './rules.js';

/*
 * applySignal without a database: a table of each signal against the states a milestone can be
 * in, then properties over random signal sequences. The database engine (sla.test.ts) and the
 * demo replay (demo-orders.test.ts) check the same function through their callers.
 */

const sh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const MIN = 60_000;
/** Monday morning, 2026-11-23 10:00 Beijing time: the report. */
const T0 = sh('2026-11-23 10:00');
const plus = (min: number) => new Date(T0.getTime() + min * MIN);

const calendars: SignalCalendar[] = [
  {
    id: 'cal-24x7',
    code: 'hotline-24x7',
    spec: {
      kind: '24x7',
      timeZone: 'Asia/Shanghai',
      hours: OFFICE_HOURS,
      overrides: new Map(),
      confirmedYears: new Set(),
    },
  },
  {
    id: 'cal-office',
    code: 'office',
    spec: {
      kind: 'working',
      timeZone: 'Asia/Shanghai',
      hours: OFFICE_HOURS,
      overrides: new Map(),
      confirmedYears: new Set(),
    } satisfies CalendarSpec,
  },
];
const policies: PolicyVersion[] = DEFAULT_POLICIES.map((p) => ({
  id: `pol-${p.code}`,
  code: p.code,
  version: 1,
  effectiveFrom: sh('2026-01-01 00:00'),
  active: true,
  serviceType: null,
  productLineId: null,
  customerKind: null,
  zone: p.zone,
  faultLevel: null,
  provinceGroup: null,
  milestones: p.milestones,
}));

const subject = (over: Partial<SlaSubject> = {}): SlaSubject => ({
  orderId: 'order-1',
  orderCode: 'WO-1',
  orgPath: 'hq/',
  serviceType: 'on_site',
  productLineId: null,
  customerKind: 'individual',
  zone: 'near',
  faultLevel: null,
  provinceCode: '44',
  reportedAt: T0,
  ...over,
});

/** An order's milestones as a caller keeps them: every row, ended ones too. */
interface Order {
  rows: MilestoneRow[];
  subject: SlaSubject;
}

let ids = 0;
/** What a caller does with the result: replace the changed rows, add the started ones. */
function merge(rows: readonly MilestoneRow[], r: SignalResult, at: Date): MilestoneRow[] {
  const byId = new Map(r.updates.map((u) => [u.id, u]));
  return [
    ...rows.map((x) => byId.get(x.id) ?? x),
    ...r.inserts.map((x) => ({ ...x, id: `m${++ids}`, createdAt: at, updatedAt: at })),
  ];
}
const openOf = (o: Order) => o.rows.filter((r) => r.endedAt === null);

function run(o: Order, signal: SlaSignal | 'replan', at: Date, extra?: SignalExtra, over?: Partial<SlaSubject>) {
  const s = { ...o.subject, ...over };
  const result = applySignal(openOf(o), s, signal, at, policies, calendars, extra);
  return { result, order: { rows: merge(o.rows, result, at), subject: s } };
}
/** Signals in turn from a fresh order. */
function order(steps: [SlaSignal, number, SignalExtra?][], over: Partial<SlaSubject> = {}): Order {
  let o: Order = { rows: [], subject: subject(over) };
  for (const [signal, min, extra] of steps) o = run(o, signal, plus(min), extra).order;
  return o;
}
/** The scheduler's breach of one key at its due time. */
function breach(o: Order, key: string): Order {
  return {
    ...o,
    rows: o.rows.map((r) =>
      r.key === key && !r.endedAt
        ? { ...r, breachedAt: r.dueAt, state: 'breached' as const, nextFireAt: null, nextFireKind: null }
        : r,
    ),
  };
}
/** A short line per changed or started row: `key:state[/late]`, `+key`. */
function summary(r: SignalResult): string {
  return [
    ...r.updates.map((u) => `${u.key}:${u.state}${u.lateMinutes === null ? '' : `/${u.lateMinutes}`}`).sort(),
    ...r.inserts.map((i) => `+${i.key}`),
  ].join(' ');
}
const row = (o: Order, key: string) => openOf(o).find((r) => r.key === key)!;

const created = () => order([['created', 0]]);
const atCenter = () =>
  order([
    ['created', 0],
    ['dispatched_center', 5],
  ]);
const atOutlet = () =>
  order([
    ['created', 0],
    ['dispatched_center', 5],
    ['dispatched_outlet', 10],
  ]);
const paused = () =>
  order([
    ['created', 0],
    ['dispatched_outlet', 5],
    ['pause_customer', 30, { reason: 'customer' }],
  ]);
const done = () =>
  order([
    ['created', 0],
    ['dispatched_outlet', 5],
    ['arrived', 600],
    ['completed', 700],
  ]);

describe('applySignal: each signal against each state', () => {
  const cases: [
    what: string,
    state: () => Order,
    signal: SlaSignal | 'replan',
    min: number,
    expected: string,
    extra?: SignalExtra,
    over?: Partial<SlaSubject>,
  ][] = [
    [
      'created on no milestones starts four',
      () => ({ rows: [], subject: subject() }),
      'created',
      0,
      '+hq_dispatch +on_site +resolved +resolved_cap',
    ],
    ['created again while they run starts nothing', created, 'created', 1, ''],
    [
      'dispatched_center in time meets hq_dispatch',
      created,
      'dispatched_center',
      10,
      'hq_dispatch:met/0 +center_dispatch',
    ],
    [
      'dispatched_center late meets it late (breach set)',
      created,
      'dispatched_center',
      20,
      'hq_dispatch:breached/5 +center_dispatch',
    ],
    [
      'dispatched_center after the breach keeps it',
      () => breach(created(), 'hq_dispatch'),
      'dispatched_center',
      16,
      'hq_dispatch:breached/1 +center_dispatch',
    ],
    [
      'dispatched_outlet meets center_dispatch',
      atCenter,
      'dispatched_outlet',
      10,
      'center_dispatch:met/0 +appointment_contact',
    ],
    [
      'dispatched_outlet straight from HQ meets hq_dispatch',
      created,
      'dispatched_outlet',
      3,
      'hq_dispatch:met/0 +appointment_contact',
    ],
    [
      'rejected by the outlet restarts center_dispatch',
      atOutlet,
      'rejected',
      20,
      'appointment_contact:cancelled/0 +center_dispatch',
    ],
    [
      'rejected by the center restarts hq_dispatch',
      atCenter,
      'rejected',
      8,
      'center_dispatch:cancelled/0 +hq_dispatch',
    ],
    ['rejected with nothing to hand back does nothing', created, 'rejected', 8, ''],
    [
      'appointment_booked with a later window lengthens on_site',
      atOutlet,
      'appointment_booked',
      30,
      'appointment_contact:met/0 on_site:running',
      {},
      { bookedWindowEnd: plus(2 * 1440) },
    ],
    [
      'appointment_booked with an earlier window keeps on_site',
      atOutlet,
      'appointment_booked',
      30,
      'appointment_contact:met/0',
      {},
      { bookedWindowEnd: plus(600) },
    ],
    [
      'appointment_booked without a window keeps on_site',
      atOutlet,
      'appointment_booked',
      30,
      'appointment_contact:met/0',
    ],
    [
      'appointment_booked after on_site breached keeps it',
      () => breach(atOutlet(), 'on_site'),
      'appointment_booked',
      30,
      'appointment_contact:met/0',
      {},
      { bookedWindowEnd: plus(3 * 1440) },
    ],
    ['arrived meets on_site', atOutlet, 'arrived', 600, 'on_site:met/0'],
    ['arrived late meets it late', atOutlet, 'arrived', 1440 + 61, 'on_site:breached/61'],
    [
      'arrived when on_site is already met does nothing',
      () =>
        order([
          ['created', 0],
          ['arrived', 60],
        ]),
      'arrived',
      90,
      '',
    ],
    ['completed meets resolved and the cap', atOutlet, 'completed', 700, 'resolved:met/0 resolved_cap:met/0'],
    ['completed while paused ends the pause', paused, 'completed', 700, 'resolved:met/0 resolved_cap:met/0'],
    [
      'completed late, excused, carries the reason',
      atOutlet,
      'completed',
      8 * 1440,
      'resolved:breached/1440 resolved_cap:breached/1440',
      { excused: true, reason: 'weather' },
    ],
    [
      'closed cancels what is open',
      atOutlet,
      'closed',
      60,
      'appointment_contact:cancelled/0 on_site:cancelled/0 resolved:cancelled/0 resolved_cap:cancelled/0',
    ],
    [
      'cancelled while paused cancels and ends the pause',
      paused,
      'cancelled',
      60,
      'appointment_contact:cancelled/0 on_site:cancelled/0 resolved:cancelled/0 resolved_cap:cancelled/0',
    ],
    [
      'cancelled after a breach keeps the late minutes',
      () => breach(created(), 'hq_dispatch'),
      'cancelled',
      30,
      'hq_dispatch:cancelled/15 on_site:cancelled/0 resolved:cancelled/0 resolved_cap:cancelled/0',
    ],
    ['reopened after completion starts a fresh resolved', done, 'reopened', 800, '+resolved'],
    ['reopened while resolved runs does nothing', created, 'reopened', 60, ''],
    [
      'pause_customer pauses every open one',
      atOutlet,
      'pause_customer',
      30,
      'appointment_contact:paused on_site:paused resolved:paused resolved_cap:paused',
      { reason: 'customer' },
    ],
    ['pause_customer while paused does nothing', paused, 'pause_customer', 40, ''],
    ['pause_parts pauses only those parts stop', atOutlet, 'pause_parts', 30, 'resolved:paused'],
    [
      'resume ends the pauses',
      paused,
      'resume',
      90,
      'appointment_contact:running on_site:running resolved:running resolved_cap:running',
    ],
    ['resume while running does nothing', atOutlet, 'resume', 90, ''],
    [
      'resume after a breach while paused keeps the breach',
      () => run(breach(atOutlet(), 'appointment_contact'), 'pause_customer', plus(120)).order,
      'resume',
      150,
      'appointment_contact:breached on_site:running resolved:running resolved_cap:running',
    ],
    ['accepted changes nothing', atOutlet, 'accepted', 20, ''],
    ['en_route changes nothing', atOutlet, 'en_route', 20, ''],
    ['confirmed changes nothing', done, 'confirmed', 900, ''],
    [
      'replan to far moves every open one to the far policy',
      created,
      'replan',
      30,
      'hq_dispatch:running on_site:running resolved:running resolved_cap:running',
      {},
      { zone: 'far' },
    ],
    [
      'replan to far lifts a breach the new limit does not have',
      () =>
        breach(
          order([
            ['created', 0],
            ['dispatched_outlet', 5],
          ]),
          'on_site',
        ),
      'replan',
      1500,
      'appointment_contact:running on_site:running resolved:running resolved_cap:running',
      {},
      { zone: 'far' },
    ],
    [
      'replan keeps a breach the new limit still has',
      () =>
        breach(
          order([
            ['created', 0],
            ['dispatched_outlet', 5],
          ]),
          'on_site',
        ),
      'replan',
      5000,
      'appointment_contact:running on_site:breached resolved:running resolved_cap:running',
      {},
      { zone: 'far' },
    ],
    ['replan to the same policy changes nothing', created, 'replan', 30, ''],
  ];

  it.each(cases)('%s', (_what, state, signal, min, expected, extra, over) => {
    const { result } = run(state(), signal, plus(min), extra, over);
    expect(summary(result)).toBe(expected);
  });

  it('created times the four from the report and carries its backdate; other starts from the signal', () => {
    const backdate = {
      minutes: 30,
      reason: 'late entry',
      byId: null,
      byName: 'hotline',
      recordedAt: plus(30).toISOString(),
    };
    const { result } = run({ rows: [], subject: subject({ backdate }) }, 'created', plus(30));
    expect(result.inserts.map((i) => [i.key, i.startedAt, i.dueAt, i.backdate])).toEqual([
      ['hq_dispatch', T0, plus(15), backdate],
      ['on_site', T0, plus(1440), backdate],
      // 3 working days of office time from Monday 10:00: Thursday 10:00.
      ['resolved', T0, sh('2026-11-26 10:00'), backdate],
      ['resolved_cap', T0, plus(7 * 1440), backdate],
    ]);
    const started = run(order([['created', 0]], { backdate }), 'dispatched_center', plus(40)).result.inserts[0]!;
    expect([started.key, started.startedAt, started.backdate]).toEqual(['center_dispatch', plus(40), null]);
  });

  it('a booked window moves on_site to its end; resume moves due times by the pause', () => {
    const o = atOutlet();
    const booked = run(o, 'appointment_booked', plus(30), {}, { bookedWindowEnd: plus(2 * 1440) }).result;
    const onSite = booked.updates.find((u) => u.key === 'on_site')!;
    expect([onSite.limitMinutes, onSite.baseLimitMinutes, onSite.dueAt]).toEqual([2 * 1440, 1440, plus(2 * 1440)]);
    const p = paused();
    const resumed = run(p, 'resume', plus(90)).result.updates.find((u) => u.key === 'on_site')!;
    expect(resumed.dueAt).toEqual(plus(1440 + 60));
    expect(resumed.pauses).toEqual([
      { from: plus(30).toISOString(), to: plus(90).toISOString(), kind: 'customer', reason: 'customer' },
    ]);
    expect(row(p, 'on_site').dueAt).toBeNull();
  });

  it('excuses only what ends late, with the reason', () => {
    const { result } = run(atOutlet(), 'completed', plus(8 * 1440), { excused: true, reason: 'weather' });
    expect(result.updates.map((u) => [u.key, u.excused, u.excusedReason])).toEqual([
      ['resolved', true, 'weather'],
      ['resolved_cap', true, 'weather'],
    ]);
    const inTime = run(atOutlet(), 'completed', plus(60), { excused: true, reason: 'weather' }).result;
    expect(inTime.updates.every((u) => !u.excused && u.excusedReason === null)).toBe(true);
  });

  it('replan returns what changed for the timeline', () => {
    const { result } = run(created(), 'replan', plus(30), {}, { zone: 'far' });
    expect(result.replanned.map((r) => r.key)).toEqual(['hq_dispatch', 'on_site', 'resolved', 'resolved_cap']);
    expect(result.replanned.filter((r) => r.limitBefore !== r.limitAfter)).toEqual([
      {
        key: 'on_site',
        policyCode: 'far',
        limitBefore: 1440,
        limitAfter: 4320,
        dueBefore: plus(1440).toISOString(),
        dueAfter: plus(4320).toISOString(),
      },
    ]);
    expect(result.updates[1]).toMatchObject({ policyId: 'pol-far', limitMinutes: 4320, baseLimitMinutes: 4320 });
  });

  it('calendar missing: a start on it plans nothing for that key; an open row on it is an error naming it', () => {
    const noOffice = calendars.filter((c) => c.code !== 'office');
    const r = applySignal([], subject(), 'created', T0, policies, noOffice);
    expect(r.inserts.map((i) => i.key)).toEqual(['hq_dispatch', 'on_site', 'resolved_cap']);
    const o = created();
    expect(() => applySignal(openOf(o), o.subject, 'completed', plus(60), policies, noOffice)).toThrow(
      /calendar cal-office of milestone resolved/,
    );
    // Re-plan on a calendar that is gone plans nothing.
    expect(applySignal(openOf(o), subject({ zone: 'far' }), 'replan', plus(30), policies, []).updates).toEqual([]);
  });

  it('policy missing: nothing starts; a booked window without its row policy keeps on_site; replan skips', () => {
    expect(applySignal([], subject(), 'created', T0, [], calendars)).toEqual({
      updates: [],
      inserts: [],
      replanned: [],
    });
    const retired = policies.map((p) => ({ ...p, active: false }));
    expect(applySignal([], subject(), 'created', T0, retired, calendars).inserts).toEqual([]);
    const o = atOutlet();
    const s = subject({ bookedWindowEnd: plus(3 * 1440) });
    const booked = applySignal(openOf(o), s, 'appointment_booked', plus(30), [], calendars);
    expect(summary(booked)).toBe('appointment_contact:met/0');
    expect(applySignal(openOf(o), subject({ zone: 'far' }), 'replan', plus(30), [], calendars).updates).toEqual([]);
  });

  it('a policy not yet in force at the signal starts nothing', () => {
    const later = policies.map((p) => ({ ...p, effectiveFrom: plus(60) }));
    expect(applySignal([], subject(), 'created', T0, later, calendars).inserts).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random histories

const SIGNALS: SlaSignal[] = [
  'created',
  'dispatched_center',
  'dispatched_outlet',
  'accepted',
  'rejected',
  'appointment_booked',
  'en_route',
  'arrived',
  'completed',
  'confirmed',
  'closed',
  'cancelled',
  'reopened',
  'pause_customer',
  'pause_parts',
  'resume',
];

/** A random order history: created, then signals minutes to days apart, in either zone. */
const history = fc.record({
  zone: fc.constantFrom<'near' | 'far'>('near', 'far'),
  window: fc.option(fc.integer({ min: 0, max: 6 * 1440 }), { nil: null }),
  steps: fc.array(fc.tuple(fc.constantFrom(...SIGNALS), fc.integer({ min: 0, max: 3 * 1440 })), { maxLength: 8 }),
  /** The scheduler's breaches between signals, by chance. */
  breaches: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
});

function replay(h: { zone: 'near' | 'far'; window: number | null; steps: [SlaSignal, number][]; breaches: boolean[] }) {
  let o: Order = {
    rows: [],
    subject: subject({ zone: h.zone, bookedWindowEnd: h.window === null ? null : plus(h.window) }),
  };
  let min = 0;
  o = run(o, 'created', T0).order;
  h.steps.forEach(([signal, gap], i) => {
    min += gap;
    if (h.breaches[i]) {
      const due = openOf(o).find((r) => r.dueAt && r.dueAt <= plus(min));
      if (due) o = breach(o, due.key);
    }
    o = run(o, signal, plus(min), signal.startsWith('pause') ? { reason: 'customer' } : {}).order;
  });
  return { order: o, min };
}

const deepFreeze = <T>(x: T): T => {
  if (x && typeof x === 'object' && !(x instanceof Date) && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
};

describe('applySignal: properties', () => {
  it('pause then resume with no time between leaves every due time as it was', () => {
    fc.assert(
      fc.property(
        history,
        fc.constantFrom<SlaSignal>('pause_customer', 'pause_parts'),
        fc.integer({ min: 0, max: 2000 }),
        (h, pause, gap) => {
          const { order: o0, min } = replay(h);
          // From a running state: end any pause first.
          const o = run(o0, 'resume', plus(min)).order;
          const at = plus(min + gap);
          const after = run(run(o, pause, at).order, 'resume', at).order;
          for (const r of openOf(o)) {
            const a = row(after, r.key);
            expect([a.dueAt, a.warnAt, a.limitMinutes, a.state, a.nextFireAt]).toEqual([
              r.dueAt,
              r.warnAt,
              r.limitMinutes,
              r.state,
              r.nextFireAt,
            ]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a meeting signal ends every key it lists, at its time, with late minutes ≥ 0', () => {
    const meets: Record<string, string[]> = {
      dispatched_center: ['hq_dispatch'],
      dispatched_outlet: ['hq_dispatch', 'center_dispatch'],
      appointment_booked: ['appointment_contact'],
      arrived: ['on_site'],
      completed: ['resolved', 'resolved_cap'],
    };
    fc.assert(
      fc.property(
        history,
        fc.constantFrom(...Object.keys(meets)),
        fc.integer({ min: 0, max: 10 * 1440 }),
        (h, signal, gap) => {
          const { order: o, min } = replay(h);
          const at = plus(min + gap);
          const { result } = run(o, signal as SlaSignal, at);
          const listed = openOf(o).filter((r) => meets[signal]!.includes(r.key));
          expect(
            result.updates
              .filter((u) => u.endedAt)
              .map((u) => u.key)
              .sort(),
          ).toEqual(listed.map((r) => r.key).sort());
          for (const u of result.updates.filter((x) => x.endedAt)) {
            expect([u.metAt, u.endedAt, u.nextFireAt]).toEqual([at, at, null]);
            expect(u.lateMinutes).toBeGreaterThanOrEqual(0);
            expect(u.pauses.every((p) => p.to !== null)).toBe(true);
            expect(u.state === 'breached').toBe(u.breachedAt !== null);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never changes its inputs', () => {
    fc.assert(
      fc.property(
        history,
        fc.constantFrom<SlaSignal | 'replan'>(...SIGNALS, 'replan'),
        fc.constantFrom<'near' | 'far'>('near', 'far'),
        (h, signal, zone) => {
          const { order: o, min } = replay(h);
          const open = openOf(o);
          const s = { ...o.subject, zone };
          const before = structuredClone({ open, s, policies, calendars });
          deepFreeze(open);
          deepFreeze(s);
          applySignal(open, s, signal, plus(min + 30), policies, calendars, { reason: 'x', excused: true });
          expect({ open, s, policies, calendars }).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('at most one open milestone per key, whatever the history', () => {
    fc.assert(
      fc.property(history, (h) => {
        const keys = openOf(replay(h).order).map((r) => r.key);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 150 },
    );
  });
});
