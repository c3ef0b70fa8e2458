import { describe, expect, it } from 'vitest';
import { routeUrl } from '../../api/client.js';
import {
  barActions,
  bookBody,
  byJobTime,
  completeBody,
  createBody,
  isBackdated,
  dispatchBody,
  isTodayJob,
  boardQueues,
  listQuery,
  mapLink,
  nextTechStep,
  QUEUES,
  readMilestones,
  receiveBody,
  slaCountdown,
  splitList,
  suggestedUnit,
  telLink,
} from './order-rules.js';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const min = (n: number) => new Date(NOW + n * 60_000).toISOString();

/** The board's URL, as the page asks for it: the query through the typed client's URL builder. */
const listUrl = (...args: Parameters<typeof listQuery>) => routeUrl('GET /api/orders', { query: listQuery(...args) });

describe('SLA countdown', () => {
  it('is absent without milestones or with only finished ones', () => {
    expect(slaCountdown(readMilestones(undefined), NOW)).toBeNull();
    expect(slaCountdown(readMilestones([]), NOW)).toBeNull();
    expect(slaCountdown(readMilestones([{ key: 'on_site', state: 'met', dueAt: min(10) }]), NOW)).toBeNull();
    expect(readMilestones([null, 3, { state: 'running' }])).toEqual([]);
  });

  it('is green early, orange at 75% of the time used, red when breached or late', () => {
    const at = (startedMinAgo: number, dueInMin: number, state = 'running') =>
      slaCountdown(
        readMilestones([{ key: 'hq_dispatch', state, startedAt: min(-startedMinAgo), dueAt: min(dueInMin) }]),
        NOW,
      );
    expect(at(5, 10)).toMatchObject({ colour: 'green', minutesLeft: 10 });
    expect(at(75, 25)).toMatchObject({ colour: 'orange' });
    expect(at(74, 26)?.colour).toBe('green');
    expect(at(20, -5)).toMatchObject({ colour: 'red', minutesLeft: -5 });
    expect(at(5, 10, 'breached')?.colour).toBe('red');
  });

  it('counts working minutes when the server gives them, and the first due milestone wins', () => {
    const view = slaCountdown(
      readMilestones([
        { key: 'resolved', state: 'running', dueAt: min(3000), limitMinutes: 4320, remainingMinutes: 3000 },
        { key: 'on_site', state: 'paused', dueAt: null, limitMinutes: 1440, remainingMinutes: 200, pausedMinutes: 30 },
      ]),
      NOW,
    );
    expect(view).toMatchObject({ key: 'on_site', paused: true, minutesLeft: 200, colour: 'orange' });
  });

  it('never turns working time into wall time: the server’s figure, with its kind', () => {
    // Friday 21:38 in Beijing, due Monday 10:00 on a 09:00–18:00 calendar: 1 working hour left.
    const friday = Date.parse('2026-12-04T13:38:00Z');
    const resolved = {
      key: 'resolved',
      state: 'running',
      dueAt: '2026-12-07T02:00:00Z',
      limitMinutes: 1440,
      remainingMinutes: 60,
      timeKind: 'working',
    };
    expect(slaCountdown(readMilestones([resolved]), friday)).toMatchObject({ minutesLeft: 60, timeKind: 'working' });
    // Late on a working calendar: the same late figure as the milestone table (lateMinutes), not
    // the wall-clock hours since the due time.
    const late = { ...resolved, state: 'breached', remainingMinutes: -97, lateMinutes: 97 };
    const monday = Date.parse('2026-12-08T01:37:00Z');
    expect(slaCountdown(readMilestones([late]), monday)).toMatchObject({ minutesLeft: -97, colour: 'red' });
    // A 24x7 clock counts on from its due time between refreshes: the same quantity.
    const onSite = { ...resolved, key: 'on_site', remainingMinutes: 60, timeKind: 'calendar', dueAt: min(45) };
    expect(slaCountdown(readMilestones([onSite]), NOW)).toMatchObject({ minutesLeft: 45, timeKind: 'calendar' });
  });
});

describe('actions an order offers', () => {
  const perms = ['orders.read', 'orders.dispatch'];
  it('splits dispatch into a unit dispatch (HQ, center) and a technician assignment (outlet)', () => {
    expect(barActions({ state: 'created', allowedActions: ['dispatch', 'cancel'] }, perms)).toEqual([
      'dispatch_unit',
      'cancel',
    ]);
    expect(barActions({ state: 'accepted', allowedActions: ['dispatch', 'cancel'] }, perms)).toEqual([
      'assign',
      'cancel',
    ]);
    expect(barActions({ state: 'dispatched_outlet', allowedActions: ['reject', 'accept'] }, perms)).toEqual([
      'accept',
      'reject',
    ]);
    // Correcting the address comes after the step that moves the order on.
    expect(
      barActions({ state: 'booked', allowedActions: ['correct_address', 'cancel', 'depart', 'book'] }, perms),
    ).toEqual(['book', 'depart', 'correct_address', 'cancel']);
  });

  it('adds urging and approvals by permission while the order is open', () => {
    const all = ['contacts.create', 'orders.approve'];
    expect(barActions({ state: 'in_repair', allowedActions: ['wait', 'complete'] }, all)).toEqual([
      'complete',
      'wait',
      'urge',
      'approve',
    ]);
    expect(barActions({ state: 'closed', allowedActions: ['reopen'] }, all)).toEqual(['reopen']);
    expect(barActions({ state: 'cancelled', allowedActions: [] }, perms)).toEqual([]);
  });

  it('gives the technician one next step', () => {
    expect(nextTechStep(['depart', 'cancel'])).toBe('depart');
    expect(nextTechStep(['arrive'])).toBe('arrive');
    expect(nextTechStep(['complete', 'wait', 'report_unfixable'])).toBe('complete');
    expect(nextTechStep(['book'])).toBeNull();
  });

  it('lists a queue as its states', () => {
    expect(listUrl({ queue: 'in_progress', q: '张' }, 2, 20)).toBe(
      '/api/orders?state=booked&state=en_route&state=on_site&state=received&state=in_repair&q=%E5%BC%A0&page=2&pageSize=20',
    );
    expect(listUrl({ queue: 'nonsense' }, 1, 50)).toBe('/api/orders?page=1&pageSize=50');
    expect(Object.values(QUEUES).flat()).toHaveLength(15);
  });

  it('shows each unit the queues it works', () => {
    expect(Object.keys(boardQueues('hq'))).toEqual(Object.keys(QUEUES));
    expect(Object.keys(boardQueues('outlet'))).not.toContain('to_center');
    expect(Object.keys(boardQueues('outlet'))).not.toContain('to_outlet');
    expect(Object.keys(boardQueues('center'))[0]).toBe('to_outlet');
    expect(boardQueues('center').to_outlet).toEqual(['created', 'dispatched_center']);
    expect(listUrl({ queue: 'to_center' }, 1, 20, boardQueues('outlet'))).toBe('/api/orders?page=1&pageSize=20');
  });
});

describe('form → body', () => {
  it('creates from a request with only what was given', () => {
    expect(createBody({ serviceRequestId: 'r1', serviceType: 'on_site', faultDescription: '  ' })).toEqual({
      serviceRequestId: 'r1',
      serviceType: 'on_site',
      priority: 2,
    });
    expect(
      createBody({
        customerId: 'c1',
        unitId: 'u1',
        serviceType: 'carry_in',
        priority: 1,
        faultDescription: ' 不制冷 ',
      }),
    ).toEqual({ customerId: 'c1', unitId: 'u1', serviceType: 'carry_in', priority: 1, faultDescription: '不制冷' });
  });

  it('sends a backdated report time with its reason, and asks for the reason past a few minutes', () => {
    const at = '2026-11-23T01:00:00.000Z';
    expect(
      createBody({ customerId: 'c1', serviceType: 'on_site', reportedAt: at, backdateReason: ' 停电补录 ' }),
    ).toEqual({ customerId: 'c1', serviceType: 'on_site', priority: 2, reportedAt: at, backdateReason: '停电补录' });
    // No report time: a reason left in the form is not sent.
    expect(createBody({ customerId: 'c1', serviceType: 'on_site', backdateReason: 'x' })).toEqual({
      customerId: 'c1',
      serviceType: 'on_site',
      priority: 2,
    });
    const now = new Date('2026-11-23T02:00:00Z');
    expect(isBackdated(null, now)).toBe(false);
    expect(isBackdated(new Date(now.getTime() - 4 * 60_000), now)).toBe(false);
    expect(isBackdated(new Date(now.getTime() - 6 * 60_000), now)).toBe(true);
  });

  it('sends the override reason only when the choice differs from the suggestion', () => {
    expect(dispatchBody({ targetId: 'a', reason: 'x' }, 'unit', 'a', 3)).toEqual({ toUnitId: 'a', version: 3 });
    expect(dispatchBody({ targetId: 'b', reason: ' 近 ' }, 'unit', 'a', 3)).toEqual({
      toUnitId: 'b',
      version: 3,
      overrideReason: '近',
    });
    expect(dispatchBody({ targetId: 't', partTime: true }, 'technician', null, 1)).toEqual({
      technicianId: 't',
      version: 1,
      partTime: true,
    });
  });

  it('names the unit the suggestion proposes for the next unit dispatch, if any', () => {
    const unit = (id: string) => ({ unitId: id, name: `U${id}`, distanceKm: null, reasons: [] });
    const s = {
      orderId: 'o',
      center: unit('c'),
      outlet: unit('o'),
      technician: null,
      alternatives: [],
      zone: null,
      nearKm: 30,
      reasons: [],
    };
    expect(suggestedUnit({ ...s, step: 'center' })).toEqual({ id: 'c', name: 'Uc' });
    expect(suggestedUnit({ ...s, step: 'outlet' })).toEqual({ id: 'o', name: 'Uo' });
    expect(suggestedUnit({ ...s, step: 'technician' })).toBeNull();
    expect(suggestedUnit(undefined)).toBeNull();
  });

  it('books, receives and completes', () => {
    const from = new Date('2026-11-24T01:00:00Z');
    const to = new Date('2026-11-24T03:00:00Z');
    expect(bookBody({ window: [from, to], confirmed: true, note: '' }, 2)).toEqual({
      version: 2,
      from: '2026-11-24T01:00:00.000Z',
      to: '2026-11-24T03:00:00.000Z',
      confirmedWithCustomer: true,
    });
    expect(splitList('电源线，遥控器、 说明书\n包装箱,')).toEqual(['电源线', '遥控器', '说明书', '包装箱']);
    expect(receiveBody({ label: ' ', condition: ' 外壳划痕 ', accessories: '电源线' }, 4)).toEqual({
      version: 4,
      condition: '外壳划痕',
      accessories: ['电源线'],
    });
    const body = completeBody(
      {
        diagnosis: ' 主板损坏 ',
        faultCode: '',
        cause: '雷击',
        solution: '更换主板',
        parts: [{ partId: 'p1', qty: 0, oldSerial: ' OLD1 ', newSerial: '' }],
        labourMinutes: 45.4,
        rating: 5,
      },
      { version: 7, signature: 'data:image/png;base64,AAAA' },
    );
    expect(body).toEqual({
      version: 7,
      diagnosis: '主板损坏',
      cause: '雷击',
      solution: '更换主板',
      parts: [{ partId: 'p1', qty: 1, oldSerial: 'OLD1', newSerial: null }],
      labourMinutes: 45,
      photoIds: [],
      signature: 'data:image/png;base64,AAAA',
      rating: 5,
    });
  });
});

describe('technician helpers', () => {
  it('links maps and phones', () => {
    expect(mapLink('杭州市 莫干山路 350 号')).toBe(
      'https://uri.amap.com/search?keyword=%E6%9D%AD%E5%B7%9E%E5%B8%82%20%E8%8E%AB%E5%B9%B2%E5%B1%B1%E8%B7%AF%20350%20%E5%8F%B7',
    );
    expect(telLink('139 1234-5678')).toBe('tel:13912345678');
  });

  it('orders jobs by time and splits today from later', () => {
    const jobs = [
      { id: 'b', bookedFrom: '2026-11-25T01:00:00Z', reportedAt: '2026-11-20T00:00:00Z' },
      { id: 'a', bookedFrom: null, reportedAt: '2026-11-22T00:00:00Z' },
      { id: 'c', bookedFrom: '2026-11-23T02:00:00Z', reportedAt: '2026-11-21T00:00:00Z' },
    ];
    expect(byJobTime(jobs).map((j) => j.id)).toEqual(['a', 'c', 'b']);
    const now = new Date(NOW);
    expect(isTodayJob({ bookedFrom: null }, now)).toBe(true);
    expect(isTodayJob({ bookedFrom: '2026-11-23T11:00:00Z' }, now)).toBe(true);
    expect(isTodayJob({ bookedFrom: '2026-11-26T11:00:00Z' }, now)).toBe(false);
  });
});
