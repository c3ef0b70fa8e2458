import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../server/platform/events/contract.js';
import { customerBody, divisionCodes, duplicateHit, formErrorPath, mergeHistory, onePrimary } from './customer-form.js';

describe('onePrimary', () => {
  it('keeps the first marked row primary and clears the others', () => {
    const rows = onePrimary([{ isPrimary: false }, { isPrimary: true }, { isPrimary: true }]);
    expect(rows.map((r) => r.isPrimary)).toEqual([false, true, false]);
  });
  it('makes the first row primary when none is marked', () => {
    expect(onePrimary([{}, {}]).map((r) => r.isPrimary)).toEqual([true, false]);
  });
});

describe('divisionCodes', () => {
  it('maps the cascader path to the three levels', () => {
    expect(divisionCodes(['440000', '440100', '440106'])).toEqual({
      provinceCode: '440000',
      cityCode: '440100',
      districtCode: '440106',
    });
    expect(divisionCodes(['440000'])).toEqual({ provinceCode: '440000', cityCode: null, districtCode: null });
  });
});

describe('customerBody', () => {
  it('drops empty rows, trims, and blanks company for individuals', () => {
    const body = customerBody({
      kind: 'individual',
      name: ' 张三 ',
      companyName: '某公司',
      phones: [{ number: ' 138 0013 8000 ' }, { number: '  ' }],
      addresses: [{ divisions: ['440000', '440100', '440106'], detail: ' 天河路1号 ', lat: 23.1, lng: null }],
      tags: ['VIP', ' VIP ', ''],
      email: ' ',
    });
    expect(body.name).toBe('张三');
    expect(body.companyName).toBeNull();
    expect(body.email).toBeNull();
    expect(body.phones).toEqual([{ number: '138 0013 8000', label: null, isPrimary: true }]);
    expect(body.addresses?.[0]).toMatchObject({
      provinceCode: '440000',
      districtCode: '440106',
      detail: '天河路1号',
      lat: 23.1,
      lng: null,
      isPrimary: true,
    });
    expect(body.tags).toEqual(['VIP']);
    expect(body.consentMessages).toBe(false);
  });
  it('keeps address ids so units keep pointing at them', () => {
    const body = customerBody({
      kind: 'business',
      name: '李四',
      companyName: '某某酒店',
      phones: [],
      addresses: [{ id: 'a1', divisions: ['110000', '110100', '110101'], detail: 'x' }],
    });
    expect(body.companyName).toBe('某某酒店');
    expect(body.addresses?.[0]?.id).toBe('a1');
  });
});

describe('duplicateHit', () => {
  it('reads the other customer from the problem params', () => {
    expect(
      duplicateHit({ number: '138 0013 8000', customer: '王五（C1）', id: 'u', code: 'C1', name: '王五' }),
    ).toEqual({
      number: '138 0013 8000',
      label: '王五（C1）',
      id: 'u',
      code: 'C1',
      name: '王五',
    });
    expect(duplicateHit({ number: 'n', customer: '（其他区域的客户）' }).id).toBeUndefined();
  });
});

function ev(id: number, action: string, changes: AuditEvent['changes'], at: string): AuditEvent {
  return {
    id,
    at,
    actorId: null,
    actorName: '管理员',
    entity: 'customer',
    entityId: 'c',
    action,
    changes,
    reason: null,
    requestId: null,
  };
}

describe('mergeHistory', () => {
  it('lists merges newest first and marks undone ones', () => {
    const events = [
      ev(3, 'customer.merge_undone', { mergeId: { before: null, after: 'm1' } }, '2026-01-03T00:00:00Z'),
      ev(
        2,
        'customer.merged',
        { mergeId: { before: null, after: 'm2' }, mergedFrom: { before: null, after: 'C3' } },
        '2026-01-02T00:00:00Z',
      ),
      ev(
        1,
        'customer.merged',
        { mergeId: { before: null, after: 'm1' }, mergedFrom: { before: null, after: 'C2' } },
        '2026-01-01T00:00:00Z',
      ),
      ev(0, 'customer.updated', {}, '2025-12-01T00:00:00Z'),
    ];
    expect(mergeHistory(events).map((m) => [m.mergeId, m.mergedCode, m.undone])).toEqual([
      ['m2', 'C3', false],
      ['m1', 'C2', true],
    ]);
  });
});

describe('formErrorPath', () => {
  it('puts division code errors on the cascader and leaves others alone', () => {
    expect(formErrorPath('addresses.1.districtCode')).toBe('addresses.1.divisions');
    expect(formErrorPath('body.addresses.0.provinceCode')).toBe('body.addresses.0.divisions');
    expect(formErrorPath('phones.0.number')).toBe('phones.0.number');
  });
});
