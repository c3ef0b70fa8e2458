import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { createBody } from '../work-orders/order-rules.js';
import {
  contactBody,
  type DeskValues,
  deskOrderForm,
  directOrderBlock,
  orderFieldToDesk,
  requestBody,
} from './desk-form.js';

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

describe('the one-step order from the desk', () => {
  const repair: DeskValues = { ...base, class: 'repair', content: ' 不制冷 ', unitId: 'u1' };

  it('is offered for a repair/installation/maintenance call with a customer and unit on file', () => {
    expect(directOrderBlock(repair, { customerId: 'c1' })).toBeNull();
    expect(directOrderBlock({ ...repair, class: 'installation' }, { customerId: 'c1' })).toBeNull();
    expect(directOrderBlock({ ...repair, class: 'complaint' }, { customerId: 'c1' })).toBe('class');
    expect(directOrderBlock(repair, { customerId: null })).toBe('customer');
    expect(directOrderBlock({ ...repair, unitId: undefined }, { customerId: 'c1' })).toBe('unit');
  });

  it('leaves a call with a preferred time to the service request (an order has no place for it)', () => {
    const at = dayjs('2026-11-24T09:00:00+08:00');
    expect(directOrderBlock({ ...repair, preferred: [at, null] }, { customerId: 'c1' })).toBe('preferred');
    expect(directOrderBlock({ ...repair, preferredNote: ' 周末 ' }, { customerId: 'c1' })).toBe('preferred');
    expect(
      directOrderBlock({ ...repair, preferred: [null, null], preferredNote: ' ' }, { customerId: 'c1' }),
    ).toBeNull();
  });

  it("builds the order through the order form's body builder, linked to the saved contact", () => {
    const form = deskOrderForm(
      { ...repair, symptoms: ' E3 报警 ' },
      { customerId: 'c1', contactId: 'k1', addressId: 'a1' },
    );
    expect(createBody(form)).toEqual({
      serviceType: 'on_site',
      priority: 2,
      customerId: 'c1',
      unitId: 'u1',
      addressId: 'a1',
      faultDescription: 'E3 报警',
      contactId: 'k1',
    });
  });

  it("takes the caller's words as the fault when no symptoms are typed, and the class as the type", () => {
    const body = createBody(
      deskOrderForm({ ...repair, class: 'maintenance' }, { customerId: 'c1', contactId: 'k1', addressId: null }),
    );
    expect(body).toEqual({
      serviceType: 'maintenance',
      priority: 2,
      customerId: 'c1',
      unitId: 'u1',
      faultDescription: '不制冷',
      contactId: 'k1',
    });
  });

  it("puts the order's refusals on the desk's fields", () => {
    expect(orderFieldToDesk('faultDescription')).toBe('symptoms');
    expect(orderFieldToDesk('body.faultDescription')).toBe('body.symptoms');
    expect(orderFieldToDesk('serviceType')).toBe('class');
    expect(orderFieldToDesk('unitId')).toBe('unitId');
  });
});
