import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { contactBody, type DeskValues, requestBody } from './desk-form.js';

const span = { startedAt: '2026-11-23T02:00:00.000Z', endedAt: '2026-11-23T02:03:10.000Z' };
const base: DeskValues = {
  channel: 'phone',
  direction: 'inbound',
  class: 'consultation',
  content: ' E3? ',
  handling: 'answer',
};

describe('desk form bodies', () => {
  it('sends a consultation answered on the spot for the chosen customer', () => {
    const body = contactBody(
      { ...base, answer: ' 关门 ', unitId: 'u1' },
      { customerId: 'c1', creating: false, from: '13912345678' },
      span,
    );
    expect(body).toEqual({
      channel: 'phone',
      direction: 'inbound',
      class: 'consultation',
      content: 'E3?',
      customerId: 'c1',
      unitId: 'u1',
      answer: '关门',
      fromAddress: '13912345678',
      ...span,
    });
  });

  it('leaves the answer out when escalating, and out of every other class', () => {
    expect(
      contactBody({ ...base, handling: 'escalate', answer: 'x' }, { customerId: null, creating: false }, span).answer,
    ).toBeUndefined();
    expect(
      contactBody({ ...base, class: 'repair', answer: 'x' }, { customerId: null, creating: false }, span).answer,
    ).toBeUndefined();
  });

  it('creates the customer inline with the area codes, and no unit', () => {
    const body = contactBody(
      {
        ...base,
        class: 'repair',
        unitId: 'u1',
        newCustomer: {
          kind: 'individual',
          name: ' 孙新客 ',
          phone: '137 0000 1111',
          address: { area: ['330000', '330100', '330106'], detail: ' 天目山路88号 ' },
        },
      },
      { customerId: 'ignored', creating: true },
      span,
    );
    expect(body.customerId).toBeUndefined();
    expect(body.unitId).toBeUndefined();
    expect(body.newCustomer).toEqual({
      kind: 'individual',
      name: '孙新客',
      companyName: null,
      phone: '137 0000 1111',
      address: { provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '天目山路88号' },
    });
  });

  it('opens a request only for repair, installation and maintenance', () => {
    const ids = { customerId: 'c1', contactId: 't1', addressId: 'a1', unitId: null };
    expect(requestBody(base, ids)).toBeNull();
    const from = dayjs('2026-11-24T09:00:00+08:00');
    const body = requestBody(
      { ...base, class: 'installation', preferred: [from, null], modelId: 'm1', serialNo: ' SN1 ' },
      ids,
    );
    expect(body).toEqual({
      kind: 'installation',
      customerId: 'c1',
      contactId: 't1',
      addressId: 'a1',
      symptoms: 'E3?',
      modelId: 'm1',
      serialNo: 'SN1',
      preferredFrom: from.toISOString(),
    });
    expect(
      requestBody({ ...base, class: 'repair', symptoms: '不脱水', modelId: 'm1' }, { ...ids, unitId: 'u1' }),
    ).toMatchObject({
      symptoms: '不脱水',
      unitId: 'u1',
    });
    expect(requestBody({ ...base, class: 'repair', modelId: 'm1' }, { ...ids, unitId: 'u1' })!.modelId).toBeUndefined();
  });
});
