import { describe, expect, it } from 'vitest';
import {
  contactCode,
  dayStamp,
  declaredTypeFits,
  hashOtp,
  initialContactStatus,
  lastSequence,
  lookupKeys,
  otpMatches,
  otpProblem,
  otpWaitSeconds,
  requestCode,
  sniffImage,
  trackStage,
  trackTimeline,
} from './rules.js';

describe('codes', () => {
  it('dates codes by the company day, not the UTC day', () => {
    // 16:30 UTC on the 23rd is 00:30 on the 24th in Shanghai.
    expect(dayStamp(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toBe('261124');
    expect(dayStamp(new Date('2026-11-23T15:59:59Z'), 'Asia/Shanghai')).toBe('261123');
    expect(dayStamp(new Date('2026-12-31T23:00:00Z'), 'UTC')).toBe('261231');
  });

  it.each([
    [1, 'T2611230001', 'SR261123-0001'],
    [42, 'T2611230042', 'SR261123-0042'],
    [9999, 'T2611239999', 'SR261123-9999'],
    [10000, 'T26112310000', 'SR261123-10000'],
  ])('sequence %i → %s / %s', (seq, contact, request) => {
    expect(contactCode('261123', seq)).toBe(contact);
    expect(requestCode('261123', seq)).toBe(request);
  });

  it('reads the last sequence of a day back', () => {
    expect(lastSequence('SR261123-0042', 'SR261123-')).toBe(42);
    expect(lastSequence('T26112310000', 'T261123')).toBe(10000);
    expect(lastSequence(null, 'T261123')).toBe(0);
    expect(lastSequence('T2611220009', 'T261123')).toBe(0);
    expect(lastSequence('SR261123-x', 'SR261123-')).toBe(0);
  });
});

describe('lookup keys', () => {
  const kinds = (q: string, phone: string | null = null) => lookupKeys(q, phone).map((k) => `${k.kind}:${k.value}`);

  it.each([
    ['SR261123-0042', null, ['request_code:SR261123-0042']],
    ['sr2611230042', null, ['request_code:SR261123-0042']],
    ['T2611230001', null, ['contact_code:T2611230001']],
    ['138 0013 8000', '13800138000', ['phone:13800138000']],
    ['8000', null, ['phone_suffix:8000', 'serial:8000']],
    ['123', null, []],
    ['C2611230001', null, ['customer_code:C2611230001', 'serial:C2611230001']],
    ['XQB80-2024A001', null, ['serial:XQB80-2024A001', 'name:XQB80-2024A001']],
    ['张', null, ['name:张']],
    ['张三', null, ['name:张三']],
  ])('%s → %j', (q, phone, expected) => {
    expect(kinds(q, phone)).toEqual(expected);
  });
});

describe('one-time codes', () => {
  const now = new Date('2026-11-23T02:00:00Z');
  const row = (o: Partial<{ expiresAt: Date; consumedAt: Date | null; attempts: number }> = {}) => ({
    expiresAt: new Date(now.getTime() + 600_000),
    consumedAt: null,
    attempts: 0,
    ...o,
  });

  it('stores a salted hash that matches only the code', () => {
    const stored = hashOtp('123456', 'salt1');
    expect(stored).not.toContain('123456');
    expect(otpMatches('123456', stored)).toBe(true);
    expect(otpMatches('123457', stored)).toBe(false);
    expect(hashOtp('123456', 'salt2')).not.toBe(stored);
  });

  it.each([
    ['valid', row(), null],
    ['none sent', null, 'missing'],
    ['one ms before expiry', row({ expiresAt: new Date(now.getTime() + 1) }), null],
    ['at expiry', row({ expiresAt: now }), 'expired'],
    ['used', row({ consumedAt: now }), 'consumed'],
    ['4 wrong attempts', row({ attempts: 4 }), null],
    ['5 wrong attempts', row({ attempts: 5 }), 'attempts'],
  ] as const)('%s → %s', (_name, r, problem) => {
    expect(otpProblem(r, now, 5)).toBe(problem);
  });

  const limits = { intervalSeconds: 60, perPhonePerHour: 5, perIpPerHour: 20, perPhonePerDay: 10, perIpPerDay: 50 };
  const zero = { n: 0, oldest: null };
  const none = { lastForPhoneAt: null, phoneLastHour: zero, phoneLastDay: zero, ipLastHour: zero, ipLastDay: zero };
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  const sent = (n: number, oldestSecondsAgo: number) => ({ n, oldest: ago(oldestSecondsAgo) });

  it.each([
    ['first code', none, 0],
    ['59 s after the last', { ...none, lastForPhoneAt: ago(59), phoneLastHour: sent(1, 59) }, 1],
    ['60 s after the last', { ...none, lastForPhoneAt: ago(60), phoneLastHour: sent(1, 60) }, 0],
    ['5th of the hour', { ...none, lastForPhoneAt: ago(120), phoneLastHour: sent(4, 1000) }, 0],
    ['6th of the hour', { ...none, lastForPhoneAt: ago(120), phoneLastHour: sent(5, 1000) }, 2600],
    ['21st from one IP', { ...none, ipLastHour: sent(20, 3000) }, 600],
    ['11th of the day to one phone', { ...none, lastForPhoneAt: ago(4000), phoneLastDay: sent(10, 80_000) }, 6400],
    ['51st of the day from one IP', { ...none, ipLastHour: sent(3, 100), ipLastDay: sent(50, 86_000) }, 400],
  ])('%s → wait %i s', (_name, history, wait) => {
    expect(otpWaitSeconds(history, limits, now)).toBe(wait);
  });
});

describe('image sniffing', () => {
  const bytes = (...b: (number | string)[]) =>
    Uint8Array.from(b.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));

  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    ['heic', bytes(0, 0, 0, 0x18, 'ftypheic', 0, 0, 0, 0), 'image/heic'],
    ['heif (mif1)', bytes(0, 0, 0, 0x18, 'ftypmif1'), 'image/heic'],
    ['mp4 is not heic', bytes(0, 0, 0, 0x18, 'ftypisom'), null],
    ['gif', bytes('GIF89a'), null],
    ['pdf', bytes('%PDF-1.7'), null],
    ['text', bytes('hello world!'), null],
    ['empty', bytes(), null],
    ['truncated png', bytes(0x89, 'PNG'), null],
  ])('%s', (_name, b, type) => {
    expect(sniffImage(b)).toBe(type);
  });

  it('trusts the declared type only when the bytes agree', () => {
    expect(declaredTypeFits('image/jpeg', 'image/jpeg')).toBe(true);
    expect(declaredTypeFits('image/jpg', 'image/jpeg')).toBe(true);
    expect(declaredTypeFits('image/heif', 'image/heic')).toBe(true);
    expect(declaredTypeFits('application/octet-stream', 'image/png')).toBe(true);
    expect(declaredTypeFits('image/png', 'image/jpeg')).toBe(false);
    expect(declaredTypeFits('application/pdf', 'image/jpeg')).toBe(false);
  });
});

describe('contacts and requests', () => {
  it('answers only consultations on the spot', () => {
    expect(initialContactStatus('consultation', true)).toBe('answered');
    expect(initialContactStatus('consultation', false)).toBe('open');
    expect(initialContactStatus('repair', false)).toBe('open');
    expect(initialContactStatus('complaint', true)).toBeNull();
  });

  it('tracks the request steps in time order and nothing else', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 2, m));
    expect(
      trackTimeline([
        { action: 'service_request.converted', at: at(30) },
        { action: 'service_request.created', at: at(0) },
        { action: 'contact.created', at: at(0) },
        { action: 'service_request.accepted', at: at(10) },
      ]),
    ).toEqual([
      { step: 'created', at: at(0).toISOString() },
      { step: 'accepted', at: at(10).toISOString() },
      { step: 'converted', at: at(30).toISOString() },
    ]);
  });

  it('follows the order a request became by its states: routing to a center is not yet "dispatched"', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 2, m));
    const steps = trackTimeline([
      { action: 'service_request.created', at: at(0) },
      { action: 'service_request.converted', at: at(1) },
      { action: 'work_order.created', at: at(1), state: null },
      { action: 'work_order.dispatch', at: at(5), state: 'dispatched_center' },
      { action: 'work_order.dispatch', at: at(9), state: 'dispatched_outlet' },
      { action: 'work_order.accept', at: at(12), state: 'accepted' },
      { action: 'work_order.dispatch', at: at(14), state: 'assigned' },
      { action: 'work_order.book', at: at(20), state: 'booked' },
      { action: 'work_order.urged', at: at(30), state: null },
      { action: 'work_order.depart', at: at(40), state: 'en_route' },
      { action: 'work_order.arrive', at: at(55), state: 'on_site' },
      { action: 'work_order.start', at: at(56), state: 'in_repair' },
      { action: 'work_order.complete', at: at(59), state: 'completed' },
      { action: 'work_order.confirm', at: at(70), state: 'confirmed' },
      { action: 'work_order.close', at: at(90), state: 'closed' },
    ]);
    expect(steps.map((s) => s.step)).toEqual([
      'created',
      'converted',
      'order_dispatched',
      'order_booked',
      'order_en_route',
      'order_on_site',
      'order_in_repair',
      'order_completed',
      'order_closed',
    ]);
    // The first time the outlet held it, not the center's dispatch.
    expect(steps[2]!.at).toBe(at(9).toISOString());
    expect(
      trackTimeline([
        { action: 'service_request.converted', at: at(1) },
        { action: 'work_order.dispatch', at: at(5), state: 'dispatched_center' },
      ]).map((s) => s.step),
    ).toEqual(['converted']);
  });

  const order = (state: string, booked = false) => ({
    state,
    bookedFrom: booked ? new Date('2026-11-24T01:00:00Z') : null,
    bookedTo: booked ? new Date('2026-11-24T03:00:00Z') : null,
    bookedConfirmed: booked,
  });
  it.each([
    ['new', null, 'created'],
    ['accepted', null, 'accepted'],
    ['cancelled', null, 'cancelled'],
    ['converted', order('created'), 'converted'],
    ['converted', order('dispatched_center'), 'converted'],
    ['converted', order('dispatched_outlet'), 'order_dispatched'],
    ['converted', order('accepted'), 'order_dispatched'],
    ['converted', order('assigned'), 'order_dispatched'],
    ['converted', order('booked', true), 'order_booked'],
    ['converted', order('en_route', true), 'order_en_route'],
    ['converted', order('on_site', true), 'order_on_site'],
    ['converted', order('received'), 'order_received'],
    ['converted', order('in_repair', true), 'order_in_repair'],
    ['converted', order('waiting'), 'order_waiting'],
    ['converted', order('completed', true), 'order_completed'],
    ['converted', order('confirmed'), 'order_completed'],
    ['converted', order('closed'), 'order_closed'],
    ['converted', order('cancelled'), 'order_cancelled'],
  ] as const)('request %s, order %o → stage %s', (status, o, stage) => {
    expect(trackStage(status, o).stage).toBe(stage);
  });

  it('shows the booked window while the visit is ahead, and only then', () => {
    const window = { from: '2026-11-24T01:00:00.000Z', to: '2026-11-24T03:00:00.000Z', confirmed: true };
    expect(trackStage('converted', order('booked', true)).appointment).toEqual(window);
    expect(trackStage('converted', order('en_route', true)).appointment).toEqual(window);
    expect(trackStage('converted', order('on_site', true)).appointment).toBeNull();
    expect(trackStage('converted', order('completed', true)).appointment).toBeNull();
    expect(trackStage('converted', order('assigned')).appointment).toBeNull();
  });
});
