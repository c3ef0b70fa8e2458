import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkWindows,
  lowScoreComplaintType,
  DEFAULT_CHECK_DAYS,
  rollingFrom,
  addDays,
  afterFailedAttempt,
  aggregateScores,
  countComplaints,
  deductedScore,
  scoreRows,
  attemptTooEarly,
  choosePlan,
  dueStatus,
  firstWindow,
  isLowScore,
  isSampled,
  type Plan,
  planAnswer,
  planKey,
  sampleDraw,
  secondWindow,
} from './rules.js';

const SH = 'Asia/Shanghai';
const plan = (p: Partial<Plan> = {}): Plan => ({
  serviceType: null,
  productLineCode: null,
  kind: 'first',
  sharePercent: 100,
  firstAfterDays: [3, 7],
  secondWithinDays: null,
  ...p,
});

describe('windows (Civil Code art. 201: the start day is not counted; art. 203: a day ends at 24时)', () => {
  it('first callback: from the start of completion day + 3 to the end of completion day + 7, company zone', () => {
    // 2026-11-23 10:00 in Shanghai.
    const w = firstWindow(new Date('2026-11-23T02:00:00Z'), [3, 7], SH);
    expect(w.dueFrom.toISOString()).toBe('2026-11-25T16:00:00.000Z'); // 11-26 00:00 +08
    expect(w.dueBy.toISOString()).toBe('2026-11-30T15:59:59.999Z'); // 11-30 24:00 +08
  });

  it('the completion day is the company zone’s: 23:30 UTC is already the next day in Shanghai', () => {
    const w = firstWindow(new Date('2026-11-22T23:30:00Z'), [3, 7], SH);
    expect(w.dueFrom.toISOString()).toBe('2026-11-25T16:00:00.000Z');
    // One minute before midnight in Shanghai is still the 22nd.
    const before = firstWindow(new Date('2026-11-22T15:59:00Z'), [3, 7], SH);
    expect(before.dueFrom.toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('decoration checks: day 30, 100, 200 and 300 after acceptance, a week each, across the year end', () => {
    // Accepted (completed) 2026-11-23 10:00 in Shanghai: day 30 is 12-23, day 100 is 2027-03-03,
    // day 200 is 2027-06-11, day 300 is 2027-09-19 (the acceptance day not counted).
    const ws = checkWindows(new Date('2026-11-23T02:00:00Z'), DEFAULT_CHECK_DAYS, SH);
    expect(ws.map((w) => [w.dueFrom.toISOString(), w.dueBy.toISOString()])).toEqual([
      ['2026-12-22T16:00:00.000Z', '2026-12-29T15:59:59.999Z'],
      ['2027-03-02T16:00:00.000Z', '2027-03-09T15:59:59.999Z'],
      ['2027-06-10T16:00:00.000Z', '2027-06-17T15:59:59.999Z'],
      ['2027-09-18T16:00:00.000Z', '2027-09-25T15:59:59.999Z'],
    ]);
    // Over a leap day: accepted 2028-02-01, day 30 is 2028-03-02.
    const [leap] = checkWindows(new Date('2028-02-01T02:00:00Z'), [30], SH);
    expect(leap!.dueFrom.toISOString()).toBe('2028-03-01T16:00:00.000Z');
  });

  it('rolls over month and year ends, and leap days', () => {
    const endJan = firstWindow(new Date('2027-01-29T04:00:00Z'), [3, 7], SH);
    expect(endJan.dueFrom.toISOString()).toBe('2027-01-31T16:00:00.000Z'); // 02-01
    expect(endJan.dueBy.toISOString()).toBe('2027-02-05T15:59:59.999Z'); // 02-05 24:00
    const endYear = firstWindow(new Date('2026-12-28T04:00:00Z'), [3, 7], SH);
    expect(endYear.dueBy.toISOString()).toBe('2027-01-04T15:59:59.999Z');
    expect(addDays('2028-02-27', 2)).toBe('2028-02-29');
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
  });

  it('an installation window from the completion itself to the end of day + 7', () => {
    const at = new Date('2026-11-23T02:00:00Z');
    const w = firstWindow(at, [0, 7], SH);
    expect(w.dueFrom).toEqual(at);
    expect(w.dueBy.toISOString()).toBe('2026-11-30T15:59:59.999Z');
  });

  it('second callback: opens at the first answer, ends 7 days later (end of day)', () => {
    const at = new Date('2026-11-27T07:00:00Z');
    const w = secondWindow(at, 7, SH);
    expect(w.dueFrom).toEqual(at);
    expect(w.dueBy.toISOString()).toBe('2026-12-04T15:59:59.999Z');
  });

  it('due status: upcoming before the window’s day, today while open, overdue after', () => {
    const w = firstWindow(new Date('2026-11-23T02:00:00Z'), [3, 7], SH);
    expect(dueStatus(w, new Date('2026-11-24T02:00:00Z'), SH)).toBe('upcoming');
    // 11-25 10:00 Shanghai: the window opens at midnight, not today → upcoming.
    expect(dueStatus(w, new Date('2026-11-25T02:00:00Z'), SH)).toBe('upcoming');
    expect(dueStatus(w, new Date('2026-11-26T02:00:00Z'), SH)).toBe('today');
    expect(dueStatus(w, new Date('2026-11-30T15:59:00Z'), SH)).toBe('today');
    expect(dueStatus(w, new Date('2026-11-30T16:00:00Z'), SH)).toBe('overdue');
  });
});

describe('plans and sampling', () => {
  it('the most specific plan applies: service type over product line over the catch-all', () => {
    const plans = [
      plan(),
      plan({ productLineCode: 'WM-AUTO', sharePercent: 50 }),
      plan({ serviceType: 'installation', kind: 'installation', firstAfterDays: [0, 7] }),
      plan({ serviceType: 'installation', productLineCode: 'AC', kind: 'installation', sharePercent: 20 }),
    ];
    expect(choosePlan(plans, 'on_site', null)).toBe(plans[0]);
    expect(choosePlan(plans, 'on_site', 'WM-AUTO')).toBe(plans[1]);
    expect(choosePlan(plans, 'installation', 'WM-AUTO')).toBe(plans[2]);
    expect(choosePlan(plans, 'installation', 'AC')).toBe(plans[3]);
    expect(choosePlan([plan({ serviceType: 'installation' })], 'on_site', null)).toBeNull();
  });

  it('sampling is reproducible: the same order and plan always draw the same', () => {
    const id = '7d3f6a2e-1b4c-4e5f-9a8b-0c1d2e3f4a5b';
    const key = planKey(plan({ sharePercent: 30 }));
    expect(sampleDraw(id, key)).toBe(sampleDraw(id, key));
    expect(sampleDraw(id, key)).toBeGreaterThanOrEqual(0);
    expect(sampleDraw(id, key)).toBeLessThan(1);
    // Another plan draws independently.
    expect(sampleDraw(id, key)).not.toBe(sampleDraw(id, planKey(plan({ productLineCode: 'AC' }))));
    expect(isSampled(id, plan({ sharePercent: 100 }))).toBe(true);
    expect(isSampled(id, plan({ sharePercent: 0 }))).toBe(false);
  });

  it('sampling is unbiased: over 10,000 random orders the share is within a tight band, uniform across deciles', () => {
    const ids = Array.from({ length: 10_000 }, () => randomUUID());
    for (const share of [10, 30, 50, 85]) {
      const n = ids.filter((id) => isSampled(id, plan({ sharePercent: share }))).length;
      // 4 standard deviations of a binomial(10 000, p): fails by chance about once in 15 000 runs.
      const sd = Math.sqrt(10_000 * (share / 100) * (1 - share / 100));
      expect(Math.abs(n - share * 100)).toBeLessThan(4 * sd);
    }
    const deciles = new Array(10).fill(0);
    for (const id of ids) deciles[Math.floor(sampleDraw(id, 'k') * 10)]++;
    for (const d of deciles) expect(Math.abs(d - 1000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.1 * 0.9));
  });
});

describe('attempts', () => {
  const now = new Date('2026-11-26T02:00:00Z');
  it('a failed attempt waits the retry interval; the last allowed one closes as unreachable', () => {
    const one = afterFailedAttempt({ attempts: 0, nextAttemptAt: null }, now, 3, 240);
    expect(one).toEqual({ attempts: 1, state: 'open', nextAttemptAt: new Date('2026-11-26T06:00:00Z') });
    expect(afterFailedAttempt({ attempts: 2, nextAttemptAt: null }, now, 3, 240)).toEqual({
      attempts: 3,
      state: 'unreachable',
      nextAttemptAt: null,
    });
  });
  it('an attempt before the next attempt time is too early', () => {
    const next = new Date('2026-11-26T06:00:00Z');
    expect(attemptTooEarly({ attempts: 1, nextAttemptAt: next }, now)).toEqual(next);
    expect(attemptTooEarly({ attempts: 1, nextAttemptAt: next }, next)).toBeNull();
    expect(attemptTooEarly({ attempts: 0, nextAttemptAt: null }, now)).toBeNull();
  });
});

describe('answers', () => {
  const good = { fixed: true, feeAsRecorded: true, attitude: 5, quality: 5, timeliness: 5 };
  const completed = { state: 'completed', reopenedAsId: null };

  it('low score: any of attitude, quality, timeliness at or below the threshold', () => {
    expect(isLowScore({ attitude: 3, quality: 3, timeliness: 3 }, 2)).toBe(false);
    expect(isLowScore({ attitude: 5, quality: 2, timeliness: 5 }, 2)).toBe(true);
    expect(isLowScore({ attitude: 5, quality: 5, timeliness: 3 }, 3)).toBe(true);
  });

  it('what an answer leads to', () => {
    expect(planAnswer(good, completed, 2)).toEqual({
      confirm: true,
      reopen: false,
      notPossible: null,
      feeComplaint: false,
      lowScore: false,
    });
    expect(planAnswer({ ...good, fixed: false }, completed, 2)).toMatchObject({ confirm: false, reopen: true });
    expect(planAnswer({ ...good, feeAsRecorded: false }, completed, 2)).toMatchObject({
      confirm: false,
      feeComplaint: true,
      notPossible: null,
    });
    expect(planAnswer({ ...good, attitude: 1 }, completed, 2)).toMatchObject({ confirm: true, lowScore: true });
    // The order moved on: recorded only.
    expect(planAnswer(good, { state: 'closed', reopenedAsId: null }, 2)).toMatchObject({
      confirm: false,
      notPossible: 'confirm',
    });
    expect(planAnswer({ ...good, fixed: false }, { state: 'confirmed', reopenedAsId: 'x' }, 2)).toMatchObject({
      reopen: false,
      notPossible: 'reopen',
    });
    expect(planAnswer({ ...good, fixed: false }, { state: 'cancelled', reopenedAsId: null }, 2)).toMatchObject({
      reopen: false,
      notPossible: 'reopen',
    });
  });
});

describe('scores', () => {
  it('averages to two decimals, NPS over those who gave one, satisfaction share, and the count behind them', () => {
    const row = (id: string, a: number, q: number, t: number, nps: number | null, fixed = true) => ({
      id,
      name: id === 'o1' ? '天河网点' : '越秀网点',
      attitude: a,
      quality: q,
      timeliness: t,
      nps,
      fixed,
    });
    const out = aggregateScores([
      row('o1', 5, 4, 4, 10),
      row('o1', 4, 4, 5, 9),
      row('o1', 3, 5, 4, 3),
      row('o1', 5, 5, 5, null, false),
      row('o2', 2, 2, 1, null),
    ]);
    expect(out).toEqual([
      {
        id: 'o1',
        name: '天河网点',
        callbacks: 4,
        attitude: 4.25,
        quality: 4.5,
        timeliness: 4.5,
        // 2 promoters, 1 detractor of 3 answers: (2 − 1) / 3.
        nps: 33.33,
        // Fixed with every score ≥ 4: 2 of 4.
        satisfaction: 50,
      },
      { id: 'o2', name: '越秀网点', callbacks: 1, attitude: 2, quality: 2, timeliness: 1, nps: null, satisfaction: 0 },
    ]);
    expect(aggregateScores([])).toEqual([]);
  });
});

describe('complaints in the scores', () => {
  const d = { complaint: 5, penalty: 10 };
  const now = new Date('2026-11-23T02:00:00Z');
  const from = rollingFrom(now, 90, 'Asia/Shanghai');
  const at = (iso: string) => new Date(iso);

  it('counts the complaints held against each of them within the window, and those with a penalty', () => {
    const counts = countComplaints(
      [
        { id: 'o1', at: at('2026-11-20T03:00:00Z'), penalty: true },
        { id: 'o1', at: at('2026-09-01T03:00:00Z'), penalty: false },
        // The window's first instant counts; before it does not; nor after now.
        { id: 'o1', at: from, penalty: false },
        { id: 'o1', at: new Date(from.getTime() - 1), penalty: true },
        { id: 'o2', at: new Date(now.getTime() + 1), penalty: true },
        { id: 'o3', at: now, penalty: true },
      ],
      { from, until: now },
    );
    expect(Object.fromEntries(counts)).toEqual({
      o1: { complaints: 3, penalties: 1 },
      o3: { complaints: 1, penalties: 1 },
    });
    expect(countComplaints([], { from, until: now }).size).toBe(0);
  });

  it('deducts per complaint and more per penalty from satisfaction, never below 0; none without callbacks', () => {
    expect(deductedScore(95, undefined, d)).toBe(95);
    expect(deductedScore(95, { complaints: 0, penalties: 0 }, d)).toBe(95);
    expect(deductedScore(95, { complaints: 1, penalties: 0 }, d)).toBe(90);
    expect(deductedScore(95, { complaints: 2, penalties: 1 }, d)).toBe(75);
    expect(deductedScore(33.33, { complaints: 1, penalties: 1 }, { complaint: 2.5, penalty: 0.25 })).toBe(30.58);
    expect(deductedScore(20, { complaints: 3, penalties: 3 }, d)).toBe(0);
    expect(deductedScore(null, { complaints: 3, penalties: 1 }, d)).toBeNull();
    expect(deductedScore(80, { complaints: 4, penalties: 4 }, { complaint: 0, penalty: 0 })).toBe(80);
  });

  it('rows for those with callbacks and for those with complaints only, sorted by name', () => {
    const scores = aggregateScores([
      { id: 'o1', name: '天河网点', attitude: 5, quality: 5, timeliness: 5, nps: 10, fixed: true },
      { id: 'o2', name: '越秀网点', attitude: 5, quality: 5, timeliness: 5, nps: null, fixed: true },
    ]);
    const counts = new Map([
      ['o1', { complaints: 1, penalties: 1 }],
      ['o9', { complaints: 2, penalties: 0 }],
    ]);
    const rows = scoreRows(scores, counts, new Map([['o9', '白云网点']]), d);
    expect(rows.map((r) => [r.name, r.callbacks, r.satisfaction, r.complaints, r.penalties, r.score])).toEqual([
      ['白云网点', 0, null, 2, 0, null],
      ['天河网点', 1, 100, 1, 1, 85],
      ['越秀网点', 1, 100, 0, 0, 100],
    ]);
    expect(rows[0]).toMatchObject({ attitude: null, quality: null, timeliness: null, nps: null });
  });
});

describe('the rolling window of the scores', () => {
  it('is the last n company-zone days, today included', () => {
    // 2026-11-23 10:00 in Shanghai; 90 days back to 2026-08-26 00:00 there.
    const now = new Date('2026-11-23T02:00:00Z');
    expect(rollingFrom(now, 90, 'Asia/Shanghai').toISOString()).toBe('2026-08-25T16:00:00.000Z');
    expect(rollingFrom(now, 1, 'Asia/Shanghai').toISOString()).toBe('2026-11-22T16:00:00.000Z');
    // Just after midnight in Shanghai (still the day before in UTC): the local day counts.
    expect(rollingFrom(new Date('2026-11-22T16:30:00Z'), 1, 'Asia/Shanghai').toISOString()).toBe(
      '2026-11-22T16:00:00.000Z',
    );
  });
});

describe('the complaint a low score opens', () => {
  it('is typed by the lowest score: attitude, then quality, then timeliness on a tie', () => {
    expect(lowScoreComplaintType({ attitude: 2, quality: 4, timeliness: 5 })).toBe('attitude');
    expect(lowScoreComplaintType({ attitude: 4, quality: 1, timeliness: 2 })).toBe('quality');
    expect(lowScoreComplaintType({ attitude: 5, quality: 5, timeliness: 1 })).toBe('timeliness');
    expect(lowScoreComplaintType({ attitude: 2, quality: 2, timeliness: 2 })).toBe('attitude');
    expect(lowScoreComplaintType({ attitude: 3, quality: 2, timeliness: 2 })).toBe('quality');
  });
});
