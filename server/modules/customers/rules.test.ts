import { describe, expect, it } from 'vitest';
import { checkDivisions, divisionName, divisionPath, hasDistricts } from '../../../shared/divisions.js';
import { formatPhone, maskPhone, normalisePhone, phoneKind } from '../../../shared/phone.js';
import {
  addressesProblem,
  archiveStatus,
  customerCode,
  customerCodePrefix,
  maskAddressDetail,
  type ContactViewer,
  type ServingOrder,
  seesFullContact,
  servesOrder,
  mergedFields,
  preparePhones,
  primaryIndex,
  searchTerms,
} from './rules.js';

describe('normalisePhone', () => {
  const cases: [string, ReturnType<typeof normalisePhone>][] = [
    // Mobiles
    ['13800138000', { number: '13800138000', kind: 'mobile' }],
    ['138 0013 8000', { number: '13800138000', kind: 'mobile' }],
    ['138-0013-8000', { number: '13800138000', kind: 'mobile' }],
    ['+86 138 0013 8000', { number: '13800138000', kind: 'mobile' }],
    ['+8613800138000', { number: '13800138000', kind: 'mobile' }],
    ['0086 13800138000', { number: '13800138000', kind: 'mobile' }],
    ['8613800138000', { number: '13800138000', kind: 'mobile' }],
    ['(+86) 199-1234-5678', { number: '19912345678', kind: 'mobile' }],
    ['１３８００１３８０００', { number: '13800138000', kind: 'mobile' }],
    ['013800138000', { number: '13800138000', kind: 'mobile' }],
    ['  15012345678  ', { number: '15012345678', kind: 'mobile' }],
    // Landlines: area code kept with its trunk 0
    ['020-8888 6666', { number: '02088886666', kind: 'landline' }],
    ['(0755)86001234', { number: '075586001234', kind: 'landline' }],
    ['（0755）8600-1234', { number: '075586001234', kind: 'landline' }],
    ['+86 10 6552 9988', { number: '01065529988', kind: 'landline' }],
    ['+86-755-8600-1234', { number: '075586001234', kind: 'landline' }],
    ['0086 20 88886666', { number: '02088886666', kind: 'landline' }],
    ['010-65529988', { number: '01065529988', kind: 'landline' }],
    ['0571-8765432', { number: '05718765432', kind: 'landline' }],
    ['0898.6677.8899', { number: '089866778899', kind: 'landline' }],
    // Extensions
    ['020-8888 6666 转 123', { number: '02088886666', kind: 'landline', extension: '123' }],
    ['020-88886666转8001', { number: '02088886666', kind: 'landline', extension: '8001' }],
    ['010-65529988-123', { number: '01065529988', kind: 'landline', extension: '123' }],
    ['010 6552 9988 ext 45', { number: '01065529988', kind: 'landline', extension: '45' }],
    ['010 6552 9988 ext.45', { number: '01065529988', kind: 'landline', extension: '45' }],
    ['0755-86001234 分机 2', { number: '075586001234', kind: 'landline', extension: '2' }],
    ['0755-8600-1234-66', { number: '075586001234', kind: 'landline', extension: '66' }],
    ['400-800-1234 转 2', { number: '4008001234', kind: 'service400', extension: '2' }],
    // 400 / 800 service numbers
    ['4008001234', { number: '4008001234', kind: 'service400' }],
    ['400-800-1234', { number: '4008001234', kind: 'service400' }],
    ['400 820 8820', { number: '4008208820', kind: 'service400' }],
    ['800-810-8888', { number: '8008108888', kind: 'service400' }],
    // Not mainland numbers, or not numbers
    ['', null],
    ['   ', null],
    ['12345678901', null], // 12x is not a mobile prefix
    ['1380013800', null], // 10 digits
    ['138001380001', null], // 12 digits
    ['88886666', null], // local number without its area code
    ['020-1234567', null], // local numbers do not start with 1
    ['01012345678', null],
    ['0200-8888666', null],
    ['13800138000 转 1', null], // mobiles have no extensions
    ['+1 415 555 0100', null],
    ['+852 2123 4567', null],
    ['138OO138OOO', null], // letters O for zeros
    ['tel:13800138000', null],
    ['400-800-123', null],
    ['020-8888 6666-1234567', null], // extension too long
    ['1'.repeat(50), null],
  ];
  it.each(cases)('%j → %j', (raw, expected) => {
    expect(normalisePhone(raw)).toEqual(expected);
  });

  it('is idempotent on its own output', () => {
    for (const [, expected] of cases) {
      if (expected) expect(normalisePhone(expected.number)?.number).toBe(expected.number);
    }
  });

  it('names the kind of a normal form only', () => {
    expect(phoneKind('13800138000')).toBe('mobile');
    expect(phoneKind('02088886666')).toBe('landline');
    expect(phoneKind('4008001234')).toBe('service400');
    expect(phoneKind('013800138000')).toBeNull();
    expect(phoneKind('138 0013 8000')).toBeNull();
  });
});

describe('formatPhone and maskPhone', () => {
  it.each([
    ['13800138000', undefined, '138 0013 8000', '138****8000'],
    ['02088886666', undefined, '020-8888 6666', '020-****6666'],
    ['01065529988', '123', '010-6552 9988 转 123', '010-****9988'],
    ['075586001234', undefined, '0755-8600 1234', '0755-****1234'],
    ['05718765432', undefined, '0571-876 5432', '0571-****5432'],
    ['4008001234', undefined, '400-800-1234', '400-800-1234'],
    ['12345', undefined, '12345', '****2345'],
    ['123', undefined, '123', '****'],
  ])('%s', (number, ext, display, masked) => {
    expect(formatPhone(number, ext)).toBe(display);
    expect(maskPhone(number)).toBe(masked);
  });
});

describe('divisions', () => {
  it('names codes of every level', () => {
    expect(divisionName('440000')).toBe('广东省');
    expect(divisionName('440100')).toBe('广州市');
    expect(divisionName('440106')).toBe('天河区');
    expect(divisionName('999999')).toBeNull();
    expect(divisionName(null)).toBeNull();
    expect(divisionPath({ provinceCode: '440000', cityCode: '441900', districtCode: '441900' })).toBe('广东省 东莞市');
  });

  it.each([
    [{ provinceCode: '440000', cityCode: '440100', districtCode: '440106' }, null],
    [{ provinceCode: '440000' }, null],
    [{ provinceCode: '440000', cityCode: '440300', districtCode: null }, null],
    [{ provinceCode: '110000', cityCode: '110100', districtCode: '110105' }, null],
    // 东莞 has no districts: none, the city itself, or one of its towns
    [{ provinceCode: '440000', cityCode: '441900', districtCode: null }, null],
    [{ provinceCode: '440000', cityCode: '441900', districtCode: '441900' }, null],
    [{ provinceCode: '440000', cityCode: '441900', districtCode: '441903' }, null],
    [{ provinceCode: '440100' }, { field: 'provinceCode', reason: 'unknown' }],
    [{ provinceCode: '990000' }, { field: 'provinceCode', reason: 'unknown' }],
    [
      { provinceCode: '440000', cityCode: '440199' },
      { field: 'cityCode', reason: 'unknown' },
    ],
    [
      { provinceCode: '440000', cityCode: '330100' },
      { field: 'cityCode', reason: 'not_in_province' },
    ],
    [
      { provinceCode: '440000', cityCode: '440100', districtCode: '440305' },
      { field: 'districtCode', reason: 'not_in_city' },
    ],
    [
      { provinceCode: '440000', cityCode: '440100', districtCode: '440100' },
      { field: 'districtCode', reason: 'unknown' },
    ],
    [
      { provinceCode: '440000', cityCode: '440100', districtCode: '440199' },
      { field: 'districtCode', reason: 'unknown' },
    ],
    [
      { provinceCode: '440000', districtCode: '440106' },
      { field: 'cityCode', reason: 'city_required' },
    ],
  ])('%j → %j', (codes, problem) => {
    expect(checkDivisions(codes)).toEqual(problem);
  });

  it('knows the cities without districts', () => {
    expect(hasDistricts('441900')).toBe(false);
    expect(hasDistricts('442000')).toBe(false);
    expect(hasDistricts('440100')).toBe(true);
  });
});

describe('searchTerms', () => {
  it.each([
    ['138 0013 8000', { phone: '13800138000' }],
    ['+86 10 6552 9988', { phone: '01065529988' }],
    ['8000', { suffix: '8000' }],
    ['尾号 8000', { suffix: '8000' }],
    ['8888-6666', { suffix: '88886666' }],
    ['123', { text: '123' }],
    ['C2611230001', { code: 'C2611230001', text: 'C2611230001' }],
    ['c2611230001', { code: 'C2611230001', text: 'c2611230001' }],
    ['王', { text: '王' }],
    ['广州某某电器', { text: '广州某某电器' }],
    ['  ', {}],
  ])('%j → %j', (q, terms) => {
    expect(searchTerms(q)).toEqual(terms);
  });
});

describe('customer codes', () => {
  it('uses the day in the company time zone', () => {
    // 2026-11-23 17:30 UTC is already the 24th in Shanghai.
    expect(customerCodePrefix(new Date('2026-11-23T17:30:00Z'), 'Asia/Shanghai')).toBe('C261124');
    expect(customerCodePrefix(new Date('2026-11-23T15:59:59Z'), 'Asia/Shanghai')).toBe('C261123');
    expect(customerCodePrefix(new Date('2026-01-05T00:00:00Z'), 'UTC')).toBe('C260105');
    expect(customerCode('C261123', 1)).toBe('C2611230001');
    expect(customerCode('C261123', 10_000)).toBe('C26112310000');
  });
});

describe('phones and addresses of a request', () => {
  it('normalises, takes the first as primary by default, and names the failing item', () => {
    const ok = preparePhones([{ number: '020-8888 6666' }, { number: '138 0013 8000', label: '手机' }]);
    expect(ok).toEqual({
      phones: [
        { number: '02088886666', kind: 'landline', label: null, isPrimary: true },
        { number: '13800138000', kind: 'mobile', label: '手机', isPrimary: false },
      ],
    });
    const second = preparePhones([{ number: '020-8888 6666' }, { number: '138 0013 8000', isPrimary: true }]);
    expect('phones' in second && second.phones.map((p) => p.isPrimary)).toEqual([false, true]);
    expect(preparePhones([{ number: '13800138000' }, { number: '12345' }])).toEqual({
      problem: { path: 'phones.1.number', code: 'customer.invalid_phone', params: { value: '12345' } },
    });
    expect(preparePhones([{ number: '13800138000' }, { number: '+86 138-0013-8000' }])).toEqual({
      problem: { path: 'phones.1.number', code: 'customer.phone_repeated', params: { number: '13800138000' } },
    });
    expect(
      preparePhones([
        { number: '13800138000', isPrimary: true },
        { number: '13900139000', isPrimary: true },
      ]),
    ).toEqual({ problem: { path: 'phones.1.isPrimary', code: 'customer.primary_count', params: { what: 'phone' } } });
    expect(preparePhones([])).toEqual({ phones: [] });
    expect(primaryIndex([{}, { isPrimary: true }])).toBe(1);
    expect(primaryIndex([])).toBe(0);
  });

  it('checks every address and names the field', () => {
    expect(addressesProblem([{ provinceCode: '440000', cityCode: '440100', districtCode: '440106' }])).toBeNull();
    expect(
      addressesProblem([
        { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
        { provinceCode: '440000', cityCode: '330100' },
      ]),
    ).toEqual({
      path: 'addresses.1.cityCode',
      code: 'customer.invalid_division',
      params: { code: '330100', reason: 'not_in_province' },
    });
    expect(
      addressesProblem([
        { provinceCode: '440000', isPrimary: true },
        { provinceCode: '440000', isPrimary: true },
      ])?.path,
    ).toBe('addresses.1.isPrimary');
  });
});

describe('archiveStatus (seed 001: archive within 2 days of first contact)', () => {
  const complete = {
    name: '张三',
    hasPrimaryPhone: true,
    primaryAddress: { cityCode: '440100', districtCode: '440106' },
    unitCount: 1,
    firstContactAt: new Date('2026-11-20T10:00:00Z'),
  };
  const now = new Date('2026-11-22T10:00:00Z');

  it('is complete with name, primary phone, address to the district, and a unit', () => {
    expect(archiveStatus(complete, 2, now)).toEqual({
      complete: true,
      missing: [],
      dueAt: new Date('2026-11-22T10:00:00Z'),
      overdue: false,
    });
  });

  it('lists what is missing', () => {
    expect(
      archiveStatus({ ...complete, name: ' ', hasPrimaryPhone: false, primaryAddress: null, unitCount: 0 }, 2, now)
        .missing,
    ).toEqual(['name', 'phone', 'address', 'unit']);
    expect(
      archiveStatus({ ...complete, primaryAddress: { cityCode: '440100', districtCode: null } }, 2, now).missing,
    ).toEqual(['address']);
    expect(
      archiveStatus({ ...complete, primaryAddress: { cityCode: null, districtCode: null } }, 2, now).missing,
    ).toEqual(['address']);
    // 东莞 has no districts: the city is enough.
    expect(
      archiveStatus({ ...complete, primaryAddress: { cityCode: '441900', districtCode: null } }, 2, now).complete,
    ).toBe(true);
  });

  it('is overdue only after the due time, and never before a first contact', () => {
    const incomplete = { ...complete, unitCount: 0 };
    expect(archiveStatus(incomplete, 2, now).overdue).toBe(false); // exactly at the due time
    expect(archiveStatus(incomplete, 2, new Date(now.getTime() + 1)).overdue).toBe(true);
    expect(archiveStatus(incomplete, 3, new Date(now.getTime() + 1)).overdue).toBe(false);
    expect(archiveStatus({ ...incomplete, firstContactAt: null }, 2, now)).toMatchObject({
      dueAt: null,
      overdue: false,
    });
  });
});

describe('mergedFields', () => {
  const base = {
    companyName: null,
    email: null,
    wechatId: 'wx1',
    notes: null,
    preferredContactTime: null,
    tags: ['vip'],
    firstContactAt: new Date('2026-11-20T00:00:00Z'),
  };
  it('fills empty fields, unites tags, keeps the earlier first contact, and returns only changes', () => {
    expect(
      mergedFields(base, {
        ...base,
        email: 'a@example.com',
        wechatId: 'wx2',
        tags: ['vip', '商用'],
        firstContactAt: new Date('2026-11-01T00:00:00Z'),
      }),
    ).toEqual({ email: 'a@example.com', tags: ['vip', '商用'], firstContactAt: new Date('2026-11-01T00:00:00Z') });
    expect(mergedFields(base, { ...base, firstContactAt: null })).toEqual({});
  });
});

describe('maskAddressDetail', () => {
  it.each([
    ['天河路 100 号 3 栋 501', '天河路****'],
    ['南海大道2163号', '南海大道****'],
    ['１号楼', '１号****'],
    ['某某小区', '某某****'],
  ])('%s → %s', (detail, masked) => {
    expect(maskAddressDetail(detail)).toBe(masked);
  });
});

describe('who sees a customer’s full phone and street (DOMAIN.md, Privacy)', () => {
  const OUTLET = 'hq/gd/gd01/';
  const tech: ContactViewer = { id: 'tech1', orgPath: OUTLET, keepsArchive: false, dispatches: false };
  const otherTech: ContactViewer = { ...tech, id: 'tech2' };
  const manager: ContactViewer = { id: 'mgr', orgPath: OUTLET, keepsArchive: false, dispatches: true };
  const centerDispatcher: ContactViewer = {
    id: 'gd.dispatch',
    orgPath: 'hq/gd/',
    keepsArchive: false,
    dispatches: true,
  };
  const agent: ContactViewer = { id: 'agent', orgPath: 'hq/', keepsArchive: true, dispatches: false };
  const open: ServingOrder = { technicianId: 'tech1', orgPath: OUTLET, completedAt: null, closedAt: null };
  // Completed 2026-12-04 10:00 in Shanghai (02:00 UTC).
  const completed: ServingOrder = { ...open, completedAt: new Date('2026-12-04T02:00:00Z') };
  const cancelled: ServingOrder = { ...open, closedAt: new Date('2026-12-04T02:00:00Z') };
  const atCenter: ServingOrder = { technicianId: null, orgPath: 'hq/gd/', completedAt: null, closedAt: null };
  const clock = (now: string, daysAfterEnd = 7) => ({ now: new Date(now), timeZone: 'Asia/Shanghai', daysAfterEnd });
  const DURING = '2026-12-03T08:00:00Z';

  it.each<[string, ContactViewer, ServingOrder, string, number, boolean]>([
    ['the assigned technician, order open', tech, open, DURING, 7, true],
    ['another technician of the outlet', otherTech, open, DURING, 7, false],
    ['the holding outlet’s manager', manager, open, DURING, 7, true],
    ['a center dispatcher once the outlet holds it', centerDispatcher, open, DURING, 7, false],
    ['a center dispatcher while the center holds it', centerDispatcher, atCenter, DURING, 7, true],
    ['a technician not assigned while the center holds it', tech, atCenter, DURING, 7, false],
    // Civil Code art. 201: the 7 days start on 12-05; art. 203: they end at 24:00 on 12-11 (Shanghai).
    ['the technician on the last day after completion', tech, completed, '2026-12-11T15:59:59Z', 7, true],
    ['the technician the day after the last day', tech, completed, '2026-12-11T16:00:00Z', 7, false],
    ['the manager on the last day after completion', manager, completed, '2026-12-11T15:59:59Z', 7, true],
    ['the manager after the days', manager, completed, '2026-12-12T00:00:00Z', 7, false],
    ['a cancelled order counts from its closing', tech, cancelled, '2026-12-11T15:00:00Z', 7, true],
    ['no days after: hidden the moment it ends', tech, completed, '2026-12-04T02:00:01Z', 0, false],
    ['one day after: through the next day', tech, completed, '2026-12-05T15:59:59Z', 1, true],
  ])('%s', (_name, viewer, order, now, days, expected) => {
    expect(servesOrder(viewer, order, clock(now, days))).toBe(expected);
    expect(seesFullContact(viewer, [order], clock(now, days))).toBe(expected);
  });

  it('archive keepers see every customer; others need one order they serve', () => {
    expect(seesFullContact(agent, [], clock(DURING))).toBe(true);
    expect(seesFullContact(tech, [], clock(DURING))).toBe(false);
    expect(seesFullContact(otherTech, [open, completed], clock(DURING))).toBe(false);
    expect(seesFullContact(tech, [{ ...open, technicianId: 'tech2' }, completed], clock('2026-12-10T00:00:00Z'))).toBe(
      true,
    );
  });
});
