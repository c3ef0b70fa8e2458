import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../server/modules/planning/contract.js';
import {
  clock,
  hourTicks,
  percentOf,
  placements,
  positionCount,
  progressPercent,
  projection,
  span,
  TECH_PALETTE,
  techColors,
  timelineSpan,
  tomorrow,
} from './planning-rules.js';

describe('clock times of plan minutes', () => {
  it('writes HH:MM, past midnight with +1', () => {
    expect(clock(0)).toBe('00:00');
    expect(clock(540)).toBe('09:00');
    expect(clock(545.4)).toBe('09:05');
    expect(clock(1439)).toBe('23:59');
    expect(clock(1440 + 90)).toBe('01:30+1');
    expect(span(510, 1050)).toBe('08:30–17:30');
  });
});

describe('technician colours', () => {
  it('gives each technician a colour by position, starting over after the palette', () => {
    const techs = Array.from({ length: TECH_PALETTE.length + 1 }, (_, i) => ({ id: `t${i}` }));
    const colors = techColors(techs);
    expect(colors.get('t0')).toBe(TECH_PALETTE[0]);
    expect(colors.get('t1')).toBe(TECH_PALETTE[1]);
    expect(new Set([...colors.values()]).size).toBe(TECH_PALETTE.length);
    expect(colors.get(`t${TECH_PALETTE.length}`)).toBe(TECH_PALETTE[0]);
  });
});

describe('the plain plot projection', () => {
  it('keeps the points inside the box, north up, east right, same scale on both axes', () => {
    const pts = [
      { lat: 30.2, lng: 120.1 },
      { lat: 30.3, lng: 120.3 },
      { lat: 30.25, lng: 120.2 },
    ];
    const p = projection(pts, 400, 300, 10);
    for (const q of pts) {
      const { x, y } = p.toXY(q);
      expect(x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(x).toBeLessThanOrEqual(390 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(y).toBeLessThanOrEqual(290 + 1e-9);
    }
    const sw = p.toXY({ lat: 30.2, lng: 120.1 });
    const ne = p.toXY({ lat: 30.3, lng: 120.3 });
    expect(ne.x).toBeGreaterThan(sw.x);
    expect(ne.y).toBeLessThan(sw.y);
    // 0.2° of longitude at 30.25° N against 0.1° of latitude.
    const ratio = (ne.x - sw.x) / (sw.y - ne.y);
    expect(ratio).toBeCloseTo(2 * Math.cos((30.25 * Math.PI) / 180), 6);
    // The wider axis fills the box.
    expect(ne.x - sw.x).toBeCloseTo(380, 6);
  });

  it('puts a single point or none in the middle', () => {
    expect(projection([], 200, 100).toXY({ lat: 1, lng: 2 })).toEqual({ x: 100, y: 50 });
    expect(projection([{ lat: 1, lng: 2 }], 200, 100).toXY({ lat: 1, lng: 2 })).toEqual({ x: 100, y: 50 });
  });
});

describe('the timeline scale', () => {
  it('spans the shifts and routes in whole hours', () => {
    const range = timelineSpan(
      [{ shift: { start: 510, end: 1050 } }, { shift: { start: 540, end: 1020 } }],
      [{ departure: 500, returnAt: 1075 }],
    );
    expect(range).toEqual({ from: 480, to: 1080 });
    expect(hourTicks(range)).toEqual([480, 540, 600, 660, 720, 780, 840, 900, 960, 1020, 1080]);
    expect(percentOf(780, range)).toBe(50);
    expect(percentOf(0, range)).toBe(0);
    expect(percentOf(2000, range)).toBe(100);
    expect(timelineSpan([])).toEqual({ from: 480, to: 1080 });
  });
});

describe('a visit in a plan', () => {
  const stop = (orderId: string) => ({
    orderId,
    arrival: 0,
    start: 0,
    end: 0,
    travelMinutes: 0,
    locked: false,
    fixed: false,
    lateMinutes: 0,
  });
  const plan = {
    routes: [
      { technicianId: 'a', departure: 0, returnAt: 0, travelMinutes: 0, break: null, stops: [stop('o1'), stop('o2')] },
      { technicianId: 'b', departure: 0, returnAt: 0, travelMinutes: 0, break: null, stops: [stop('o3')] },
    ],
  } satisfies Pick<Plan, 'routes'>;

  it('finds its technician and position', () => {
    const at = placements(plan);
    expect(at.get('o2')).toMatchObject({ technicianId: 'a', position: 1 });
    expect(at.get('o3')).toMatchObject({ technicianId: 'b', position: 0 });
    expect(at.get('o9')).toBeUndefined();
    expect(placements(null).size).toBe(0);
  });

  it('counts the positions a move may choose', () => {
    expect(positionCount(plan.routes[0], 'o9')).toBe(3);
    expect(positionCount(plan.routes[0], 'o1')).toBe(2);
    expect(positionCount(undefined, 'o1')).toBe(1);
  });
});

describe('planning progress', () => {
  it('counts up to the time limit and waits at 99 for the answer', () => {
    expect(progressPercent(0, 5000)).toBe(0);
    expect(progressPercent(2500, 5000)).toBe(50);
    expect(progressPercent(9000, 5000)).toBe(99);
  });
});

describe('the default day', () => {
  it('is tomorrow in the company zone', () => {
    // 2026-12-07 17:00 UTC is already 2026-12-08 01:00 in Shanghai.
    expect(tomorrow(new Date('2026-12-07T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-09');
    expect(tomorrow(new Date('2026-12-31T10:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-01');
  });
});
