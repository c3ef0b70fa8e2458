import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../warranty/index.js';
import {
  attributeWait,
  expectedArrival,
  promisedDaysFor,
  receiveLines,
  shipmentLateness,
  type WaitFacts,
} from './shipment-rules.js';

const TZ = 'Asia/Shanghai';
const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** A Shanghai local time as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

describe('expectedArrival', () => {
  it('counts calendar days from the day after shipment (Civil Code art. 201)', () => {
    expect(expectedArrival('2026-03-01', 3)).toBe('2026-03-04');
    expect(expectedArrival('2026-02-27', 3)).toBe('2026-03-02');
    expect(expectedArrival('2024-02-27', 3)).toBe('2024-03-01'); // leap year: 02-28, 02-29, 03-01
    expect(expectedArrival('2026-12-30', 3)).toBe('2027-01-02');
    expect(expectedArrival('2026-03-01', 0)).toBe('2026-03-01');
  });

  it('is the shipped day + n, the shipped day not counted (property)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (d, n) => {
        const e = expectedArrival(d, n);
        expect(daysBetween(d, e)).toBe(n);
        expect(e).toBe(addDays(d, n));
      }),
    );
  });
});

describe('promisedDaysFor', () => {
  // H ships to the province C1 (hq/c1/) in 2 days, to its outlet O1 (hq/c1/o1/) in 1 day.
  const routes = [
    { id: 'r1', from: 'H', toPath: 'hq/c1/', promisedDays: 2 },
    { id: 'r2', from: 'H', toPath: 'hq/c1/o1/', promisedDays: 1 },
    { id: 'r3', from: 'C1', toPath: 'hq/c1/', promisedDays: 4 },
  ];

  it('takes the most specific route from the shipping depot covering the destination', () => {
    expect(promisedDaysFor({ from: 'H', toPath: 'hq/c1/o1/' }, routes, 3)).toEqual({
      promisedDays: 1,
      route: routes[1],
    });
    expect(promisedDaysFor({ from: 'H', toPath: 'hq/c1/o2/' }, routes, 3)).toMatchObject({
      promisedDays: 2,
      route: { id: 'r1' },
    });
    expect(promisedDaysFor({ from: 'C1', toPath: 'hq/c1/o1/' }, routes, 3).promisedDays).toBe(4);
  });

  it('else the default: another depot, or a destination outside every route', () => {
    expect(promisedDaysFor({ from: 'C2', toPath: 'hq/c1/o1/' }, routes, 3)).toEqual({ promisedDays: 3, route: null });
    expect(promisedDaysFor({ from: 'H', toPath: 'hq/c2/o9/' }, routes, 3)).toEqual({ promisedDays: 3, route: null });
    expect(promisedDaysFor({ from: 'H', toPath: 'hq/' }, routes, 3).route).toBeNull();
    expect(promisedDaysFor({ from: 'H', toPath: 'hq/c1/o1/' }, [], 5)).toEqual({ promisedDays: 5, route: null });
  });

  it('a route of 0 days is a promise too (same-day delivery), not the default', () => {
    const same = [{ from: 'H', toPath: 'hq/', promisedDays: 0 }];
    expect(promisedDaysFor({ from: 'H', toPath: 'hq/c1/' }, same, 3).promisedDays).toBe(0);
  });
});

describe('shipmentLateness', () => {
  it('is on time through the whole expected day, in the company zone', () => {
    // Shipped 03-01 23:30 in Shanghai (15:30 UTC): the shipped day is 03-01, due by 03-04.
    const shipped = at('2026-03-01T23:30:00');
    const onTime = shipmentLateness(shipped, at('2026-03-04T23:59:00'), at('2026-03-10T00:00:00'), 3, TZ);
    expect(onTime).toMatchObject({ expectedDay: '2026-03-04', day: '2026-03-04', daysLate: 0, received: true });
    expect(onTime.explanation['zh-CN']).toBe('2026-03-01发货，承诺2026-03-04前到货，按时到货');
    const late = shipmentLateness(shipped, at('2026-03-06T08:00:00'), at('2026-03-10T00:00:00'), 3, TZ);
    expect(late.daysLate).toBe(2);
    expect(late.explanation.en).toBe('Shipped 2026-03-01, due by 2026-03-04: arrived 2026-03-06, 2 days late');
  });

  it('runs to now while not received', () => {
    const s = shipmentLateness(at('2026-03-01T10:00:00'), null, at('2026-03-05T00:10:00'), 3, TZ);
    expect(s).toMatchObject({ received: false, day: '2026-03-05', daysLate: 1 });
    expect(shipmentLateness(at('2026-03-01T10:00:00'), null, at('2026-03-02T10:00:00'), 3, TZ).daysLate).toBe(0);
  });

  it('early arrival is 0 days late; lateness is arrival − expected otherwise (property)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 60 }), (d, n, k) => {
        const arrived = addDays(d, k);
        const l = shipmentLateness(at(`${d}T12:00:00`), at(`${arrived}T12:00:00`), new Date(0), n, TZ);
        expect(l.daysLate).toBe(Math.max(0, k - n));
      }),
    );
  });
});

describe('receiveLines', () => {
  it('records ok, short, over and wrong parts', () => {
    const r = receiveLines(
      [
        { partId: 'a', quantity: 2 },
        { partId: 'b', quantity: 3 },
        { partId: 'c', quantity: 1 },
        { partId: 'd', quantity: 1 },
        { partId: 'a', quantity: 1 },
      ],
      [
        { partId: 'a', quantity: 3 },
        { partId: 'b', quantity: 1 },
        { partId: 'c', quantity: 2 },
        { partId: 'x', quantity: 1 },
      ],
    );
    expect(r.map((l) => [l.partId, l.status, l.shipped, l.received])).toEqual([
      ['a', 'ok', 3, 3],
      ['b', 'short', 3, 1],
      ['c', 'over', 1, 2],
      ['d', 'short', 1, 0],
      ['x', 'wrong_part', 0, 1],
    ]);
    expect(r[1]).toMatchObject({ short: 2 });
    expect(r[1]!.explanation['zh-CN']).toBe('发3件，收1件，短少2件');
    expect(r[4]!.explanation.en).toBe('1 received that were not shipped (wrong part)');
  });

  it('every part shipped or received appears once and the differences add up (property)', () => {
    const lines = fc.array(
      fc.record({ partId: fc.constantFrom('a', 'b', 'c'), quantity: fc.integer({ min: 1, max: 5 }) }),
    );
    fc.assert(
      fc.property(lines, lines, (s, r) => {
        const out = receiveLines(s, r);
        const ids = new Set([...s, ...r].map((l) => l.partId));
        expect(out.map((l) => l.partId).sort()).toEqual([...ids].sort());
        for (const l of out) {
          const diff = l.received - l.shipped;
          if (l.status === 'ok') expect(diff).toBe(0);
          if (l.status === 'short') expect(l.short).toBe(-diff);
          if (l.status === 'over') expect(l.over).toBe(diff);
          if (l.status === 'wrong_part') expect(l.shipped).toBe(0);
        }
      }),
    );
  });
});

describe('attributeWait', () => {
  const facts = (f: Partial<WaitFacts>): WaitFacts => ({
    requestedDay: '2026-03-01',
    source: 'hq',
    unavailableAtHq: false,
    shippedDay: '2026-03-02',
    arrivedDay: '2026-03-05',
    promisedDays: 3,
    today: '2026-03-20',
    ...f,
  });

  it('a part from the own depot or the center is theirs', () => {
    expect(attributeWait(facts({ source: 'outlet' }))).toMatchObject({
      party: 'outlet',
      total: 4,
      days: { outlet: 4 },
    });
    expect(attributeWait(facts({ source: 'center' }))).toMatchObject({ party: 'center', days: { center: 4, hq: 0 } });
  });

  it('an on-time HQ shipment of a part HQ held is the center’s wait (the center lacked it)', () => {
    const w = attributeWait(facts({}));
    expect(w).toMatchObject({ party: 'center', total: 4, days: { hq: 0, center: 4, outlet: 0 } });
    expect(w.explanation['zh-CN']).toBe('等待配件4天：服务中心4天');
  });

  it('a late HQ shipment: the days past the expected arrival are HQ’s', () => {
    const w = attributeWait(facts({ arrivedDay: '2026-03-09' })); // expected 03-05
    expect(w.days).toEqual({ hq: 4, center: 4, outlet: 0 });
    expect(w.party).toBe('hq'); // a tie never lands on the outlet, and HQ comes first
  });

  it('slow dispatch at HQ beyond a day is HQ’s', () => {
    const w = attributeWait(facts({ shippedDay: '2026-03-06', arrivedDay: '2026-03-09' })); // 5 days to ship
    expect(w.days).toEqual({ hq: 4, center: 4, outlet: 0 });
  });

  it('a backorder at HQ: everything before shipment is HQ’s', () => {
    const w = attributeWait(facts({ unavailableAtHq: true, shippedDay: '2026-03-11', arrivedDay: '2026-03-13' }));
    expect(w.days).toEqual({ hq: 10, center: 2, outlet: 0 });
    expect(w.party).toBe('hq');
    const pending = attributeWait(facts({ source: null, unavailableAtHq: true, shippedDay: null, arrivedDay: null }));
    expect(pending).toMatchObject({ party: 'hq', total: 19, days: { hq: 19 } });
    expect(pending.explanation.en).toBe('Waited 19 days for parts: HQ 19');
  });

  it('no wait at all', () => {
    const w = attributeWait(facts({ source: 'outlet', arrivedDay: '2026-03-01' }));
    expect(w).toMatchObject({ total: 0, party: 'hq', days: { hq: 0, center: 0, outlet: 0 } });
    expect(w.explanation['zh-CN']).toBe('未等待配件');
  });

  it('the days add up to the wait, and an HQ-supplied wait is never the outlet’s (property)', () => {
    fc.assert(
      fc.property(
        day,
        fc.constantFrom('outlet' as const, 'center' as const, 'hq' as const, null),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 80 }),
        (requestedDay, source, unavailableAtHq, ship, transit, promisedDays, todayAfter) => {
          const shippedDay = ship === null ? null : addDays(requestedDay, ship);
          const arrivedDay = shippedDay === null || transit === null ? null : addDays(shippedDay, transit);
          const w = attributeWait({
            requestedDay,
            source,
            unavailableAtHq,
            shippedDay,
            arrivedDay,
            promisedDays,
            today: addDays(requestedDay, todayAfter),
          });
          expect(w.days.hq + w.days.center + w.days.outlet).toBe(w.total);
          for (const v of Object.values(w.days)) expect(v).toBeGreaterThanOrEqual(0);
          if (source !== 'outlet') expect(w.days.outlet).toBe(0);
          expect(w.days[w.party]).toBe(Math.max(w.days.hq, w.days.center, w.days.outlet));
        },
      ),
    );
  });
});
