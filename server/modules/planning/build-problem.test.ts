import { describe, expect, it } from 'vitest';
import { buildProblem } from './build-problem.js';
import type { BoardTechnician, BoardVisit } from './contract.js';

/* Re-planning during the day (docs/planning-board.md, Re-planning): nothing still to do before now. */

const here = { lat: 23.13, lng: 113.32 };
const tech: BoardTechnician = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'T',
  working: true,
  shift: { start: 510, end: 1050 },
  break: null,
  start: here,
  end: here,
  startAt: 'outlet',
  maxJobs: null,
  certifications: [],
  stock: [],
};
const visit = (n: number, over: Partial<BoardVisit>): BoardVisit => ({
  orderId: `00000000-0000-4000-8000-00000000010${n}`,
  code: `FW${n}`,
  state: 'accepted',
  serviceType: 'on_site',
  priority: 2,
  customerName: 'C',
  address: 'A',
  location: here,
  productLine: null,
  window: { start: 510, end: 1050 },
  booked: false,
  confirmed: false,
  dueAt: null,
  duration: 60,
  parts: [],
  technicianId: null,
  fixed: false,
  pooled: false,
  ...over,
});
const travel = { roadFactor: 1.3, speedKmh: 25 };

describe('buildProblem during the day', () => {
  const passed = visit(1, { booked: true, window: { start: 480, end: 540 } });
  const open = visit(2, { window: { start: 540, end: 720 } });
  const onTheWay = visit(3, {
    state: 'en_route',
    fixed: true,
    technicianId: tech.id,
    window: { start: 540, end: 600 },
  });
  const fixedStarts = new Map([[onTheWay.orderId, 560]]);

  it('plans a day still to come as it is', () => {
    const { problem, excluded } = buildProblem({
      day: '2026-12-08',
      technicians: [tech],
      visits: [passed, open, onTheWay],
      travel,
      fixedStarts,
    });
    expect(excluded).toEqual([]);
    expect(problem.jobs.find((j) => j.id === open.orderId)!.window).toEqual({ start: 540, end: 720 });
    expect(problem.jobs.find((j) => j.id === onTheWay.orderId)!.pinned).toEqual({ vehicleId: tech.id, start: 560 });
  });

  it('at 10:00: a passed window is unreachable, nothing starts before now, a late technician arrives from now', () => {
    const { problem, excluded } = buildProblem({
      day: '2026-12-08',
      technicians: [tech],
      visits: [passed, open, onTheWay],
      travel,
      fixedStarts,
      now: 600,
    });
    expect(excluded).toEqual([{ orderId: passed.orderId, reason: 'window_unreachable' }]);
    expect(problem.jobs.find((j) => j.id === open.orderId)!.window).toEqual({ start: 600, end: 720 });
    const late = problem.jobs.find((j) => j.id === onTheWay.orderId)!;
    expect(late.pinned).toEqual({ vehicleId: tech.id, start: 600 });
    expect(late.window).toEqual({ start: 540, end: 600 });
  });
});
