import { describe, expect, it } from 'vitest';
import {
  isValidSerial,
  mayReplace,
  maskName,
  normaliseSerial,
  portalReportUrl,
  STATUS_TRANSITIONS,
  statusChangeProblem,
  UNIT_STATUS_LIST,
  type UnitDates,
  type UnitStatus,
  unitDateProblems,
  usageAllowed,
} from './rules.js';

describe('normaliseSerial', () => {
  it.each([
    ['SN0001', 'SN0001'],
    ['  sn0001  ', 'SN0001'],
    ['sn 00 01', 'SN0001'],
    ['sn\t0001\n', 'SN0001'],
    // Full-width letters and digits from a Chinese input method, and an ideographic space.
    ['ＳＮ００１', 'SN001'],
    ['SN\u3000001', 'SN001'],
    ['xqb80-1508/a.b_c', 'XQB80-1508/A.B_C'],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseSerial(raw)).toBe(expected);
  });

  it('is idempotent and never leaves spaces or lower case', () => {
    for (const s of ['', ' a b ', 'ａｂｃ　１２', 'x\u00a0y', 'ß-1', 'ﬁ2', 'Ⅻ', '\t\n', 'sn-01/02']) {
      const n = normaliseSerial(s);
      expect(normaliseSerial(n)).toBe(n);
      expect(/\s/.test(n)).toBe(false);
      expect(n).toBe(n.toUpperCase());
    }
  });
});

describe('isValidSerial', () => {
  it.each([
    ['SN0001', true],
    ['A', true],
    ['XQB80-1508/A.B_C', true],
    ['', false],
    ['-SN1', false],
    ['SN#1', false],
    ['序列号1', false],
    ['A'.repeat(64), true],
    ['A'.repeat(65), false],
  ])('%j → %s', (serial, ok) => {
    expect(isValidSerial(serial)).toBe(ok);
  });
});

describe('unitDateProblems', () => {
  const today = '2026-11-24';
  it.each<[string, UnitDates, [string, string][]]>([
    ['no dates', {}, []],
    ['all on one day', { purchaseDate: today, invoiceDate: today, installedOn: today, acceptedOn: today }, []],
    [
      'a usual sequence',
      { purchaseDate: '2026-03-01', invoiceDate: '2026-03-02', installedOn: '2026-03-05', acceptedOn: '2026-03-06' },
      [],
    ],
    ['tomorrow', { purchaseDate: '2026-11-25' }, [['purchaseDate', 'unit.date_in_future']]],
    [
      'every date tomorrow',
      { purchaseDate: '2026-11-25', invoiceDate: '2026-11-25', installedOn: '2026-11-25', acceptedOn: '2026-11-25' },
      [
        ['purchaseDate', 'unit.date_in_future'],
        ['invoiceDate', 'unit.date_in_future'],
        ['installedOn', 'unit.date_in_future'],
        ['acceptedOn', 'unit.date_in_future'],
      ],
    ],
    [
      'invoice before purchase',
      { purchaseDate: '2026-03-02', invoiceDate: '2026-03-01' },
      [['invoiceDate', 'unit.date_order']],
    ],
    [
      'installed before purchase',
      { purchaseDate: '2026-03-02', installedOn: '2026-03-01' },
      [['installedOn', 'unit.date_order']],
    ],
    [
      'accepted before installation',
      { installedOn: '2026-03-05', acceptedOn: '2026-03-04' },
      [['acceptedOn', 'unit.date_order']],
    ],
    // Nobody installed it: acceptance is judged against the purchase.
    [
      'accepted before purchase',
      { purchaseDate: '2026-03-05', acceptedOn: '2026-03-04' },
      [['acceptedOn', 'unit.date_order']],
    ],
    ['installed without a purchase date', { installedOn: '2026-01-01' }, []],
    [
      'a future date is not also out of order',
      { purchaseDate: '2026-03-01', installedOn: '2027-01-01', acceptedOn: '2026-12-01' },
      [
        ['installedOn', 'unit.date_in_future'],
        ['acceptedOn', 'unit.date_in_future'],
      ],
    ],
    [
      'nulls are absent dates',
      { purchaseDate: null, invoiceDate: null, installedOn: '2026-01-01', acceptedOn: null },
      [],
    ],
  ])('%s', (_name, dates, expected) => {
    expect(unitDateProblems(dates, today).map((p) => [p.field, p.code])).toEqual(expected);
  });
});

describe('usageAllowed', () => {
  it.each([
    ['household', ['household'], true],
    ['commercial', ['household'], false],
    ['commercial', ['household', 'commercial'], true],
    ['household', ['commercial'], false],
  ] as const)('%s for %j → %s', (usage, kinds, ok) => {
    expect(usageAllowed(usage, kinds)).toBe(ok);
  });
});

describe('status transitions', () => {
  const allowed: [UnitStatus, UnitStatus][] = [
    ['active', 'returned'],
    ['active', 'recalled'],
    ['active', 'scrapped'],
    ['recalled', 'active'],
    ['recalled', 'returned'],
    ['recalled', 'scrapped'],
  ];
  const all = UNIT_STATUS_LIST.flatMap((from) => UNIT_STATUS_LIST.map((to) => [from, to] as [UnitStatus, UnitStatus]));

  it.each(all)('%s → %s', (from, to) => {
    const ok = allowed.some(([f, t]) => f === from && t === to);
    const viaReplace = to === 'replaced' && (from === 'active' || from === 'recalled');
    expect(statusChangeProblem(from, to)).toBe(
      ok ? null : viaReplace ? 'unit.replace_via_exchange' : 'unit.status_transition',
    );
  });

  it('keeps returned, replaced and scrapped units final, and exchanges only units with the customer', () => {
    for (const s of ['returned', 'replaced', 'scrapped'] as const) expect(STATUS_TRANSITIONS[s]).toEqual([]);
    expect(UNIT_STATUS_LIST.filter(mayReplace)).toEqual(['active', 'recalled']);
  });
});

describe('labels', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张**'],
    ['欧阳娜娜', '欧***'],
    ['王', '王*'],
    [' Li Lei ', 'L*****'],
    ['', ''],
  ])('masks %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('builds the portal link with model and serial encoded', () => {
    expect(portalReportUrl('https://sb.example.cn/', 'XQB80-1508', 'SN/01 A')).toBe(
      'https://sb.example.cn/portal/report?model=XQB80-1508&serial=SN%2F01+A',
    );
  });
});
