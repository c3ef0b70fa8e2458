import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween } from '../warranty/index.js';
import {
  APPRAISAL_OUTCOMES,
  type CompletionReturnFacts,
  obligationStatus,
  returnObligations,
  settlementEffect,
} from './return-rules.js';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

const completion = (f: Partial<CompletionReturnFacts> = {}): CompletionReturnFacts => ({
  orderId: 'o1',
  technicianId: 't1',
  outletId: 'n1',
  completedAt: at('2026-03-01T22:00:00'),
  replaced: [
    { partId: 'motor', quantity: 1, serial: 'M-1' },
    { partId: 'belt', quantity: 2 },
    { partId: 'knob', quantity: 1 },
  ],
  decisions: [
    { subject: 'unit', partId: null, parts: 'company' },
    { subject: 'part', partId: 'motor', parts: 'company' },
    { subject: 'part', partId: 'belt', parts: 'contract' },
    { subject: 'part', partId: 'knob', parts: 'customer' },
  ],
  ...f,
});

describe('returnObligations', () => {
  it('one per part the company or a contract paid for, due 30 days after the completion day (not counted)', () => {
    const { obligations, undecided } = returnObligations(completion(), 30, TZ);
    expect(undecided).toEqual([]);
    expect(obligations).toEqual([
      {
        orderId: 'o1',
        technicianId: 't1',
        outletId: 'n1',
        partId: 'motor',
        serial: 'M-1',
        quantity: 1,
        paidBy: 'company',
        dueDay: '2026-03-31',
      },
      {
        orderId: 'o1',
        technicianId: 't1',
        outletId: 'n1',
        partId: 'belt',
        serial: null,
        quantity: 2,
        paidBy: 'contract',
        dueDay: '2026-03-31',
      },
    ]);
  });

  it('the completion day is the company-zone day', () => {
    // 2026-01-31 17:00 UTC is 02-01 01:00 in Shanghai.
    const { obligations } = returnObligations(completion({ completedAt: new Date('2026-01-31T17:00:00Z') }), 30, TZ);
    expect(obligations[0]!.dueDay).toBe('2026-03-03');
    const leap = returnObligations(completion({ completedAt: at('2024-02-01T10:00:00') }), 30, TZ);
    expect(leap.obligations[0]!.dueDay).toBe('2024-03-02');
  });

  it('none for customer-paid parts; a part without a stored decision is reported, not guessed', () => {
    const r = returnObligations(
      completion({
        replaced: [
          { partId: 'knob', quantity: 1 },
          { partId: 'door', quantity: 1 },
          { partId: 'door', quantity: 1 },
          { partId: 'motor', quantity: 0 },
        ],
      }),
      30,
      TZ,
    );
    expect(r).toEqual({ obligations: [], undecided: ['door'] });
  });

  it('due day is completion day + n days (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 365 }),
        (completedAt, n) => {
          const { obligations } = returnObligations(completion({ completedAt }), n, TZ);
          const local = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(completedAt);
          expect(daysBetween(local, obligations[0]!.dueDay)).toBe(n);
        },
      ),
    );
  });
});

describe('obligationStatus', () => {
  const ob = { dueDay: '2026-03-31', shippedAt: null, receivedAt: null };

  it('due through the due day, overdue after it', () => {
    expect(obligationStatus(ob, at('2026-03-31T23:59:00'), TZ)).toMatchObject({ status: 'due', daysOverdue: 0 });
    const late = obligationStatus(ob, at('2026-04-02T00:01:00'), TZ);
    expect(late).toMatchObject({ status: 'overdue', daysOverdue: 2 });
    expect(late.explanation['zh-CN']).toBe('旧件应于2026-03-31前返还，已逾期2天');
  });

  it('shipped and received, keeping a late shipment visible', () => {
    const shipped = obligationStatus({ ...ob, shippedAt: at('2026-04-03T09:00:00') }, at('2026-05-01T00:00:00'), TZ);
    expect(shipped).toMatchObject({ status: 'shipped', daysOverdue: 3 });
    expect(shipped.explanation.en).toBe('Old part sent back on 2026-04-03, 3 day(s) late');
    expect(
      obligationStatus(
        { ...ob, shippedAt: at('2026-03-10T09:00:00'), receivedAt: at('2026-03-12T09:00:00') },
        at('2026-05-01T00:00:00'),
        TZ,
      ),
    ).toMatchObject({ status: 'received', daysOverdue: 0 });
  });
});

describe('settlementEffect', () => {
  it('withholds the line’s warranty amount unless the fault is confirmed', () => {
    expect(settlementEffect('faulty_confirmed', 12_000)).toMatchObject({ withheldFen: 0 });
    expect(settlementEffect('no_fault_found', 12_000)).toMatchObject({ withheldFen: 12_000 });
    expect(settlementEffect('wrong_part', 12_000)).toMatchObject({ withheldFen: 12_000 });
    const m = settlementEffect('missing', 12_000);
    expect(m.withheldFen).toBe(12_000);
    expect(m.explanation).toEqual({
      'zh-CN': '旧件未返还，扣回120.00元',
      en: 'The old part was not returned: ¥120.00 withheld',
    });
  });

  it('withholds between 0 and the amount, never from a bad amount (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...APPRAISAL_OUTCOMES), fc.oneof(fc.integer(), fc.double()), (o, amount) => {
        const e = settlementEffect(o, amount);
        expect(e.withheldFen).toBeGreaterThanOrEqual(0);
        expect(Number.isSafeInteger(e.withheldFen)).toBe(true);
        if (Number.isSafeInteger(amount) && amount > 0) expect(e.withheldFen).toBeLessThanOrEqual(amount);
        else expect(e.withheldFen).toBe(0);
      }),
    );
  });
});
