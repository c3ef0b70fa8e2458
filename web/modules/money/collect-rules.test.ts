import { describe, expect, it } from 'vitest';
import {
  fenToYuanInput,
  leftToCollect,
  needsReference,
  parseSignedYuan,
  parseYuan,
  paymentSteps,
  showsPayment,
} from './collect-rules.js';

describe('yuan typed into fen', () => {
  it('reads whole yuan, one and two decimals, ¥ and thousands commas', () => {
    expect(parseYuan('12')).toBe(1200);
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan('12.05')).toBe(1205);
    expect(parseYuan(' ¥1,234.56 ')).toBe(123456);
    expect(parseYuan('0')).toBe(0);
    expect(parseYuan(80.1)).toBe(8010);
  });

  it('is integer arithmetic: no floating-point drift', () => {
    // 0.29 * 100 = 28.999999999999996 in floating point.
    expect(parseYuan('0.29')).toBe(29);
    expect(parseYuan('1.15')).toBe(115);
    expect(parseYuan('19999999.99')).toBe(1_999_999_999);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', ' ', '-1', '1.234', 'abc', '1e3', '.5', '1.', '12元', null, undefined])
      expect(parseYuan(bad as string)).toBeNull();
  });

  it('shows fen as an input value and back', () => {
    expect(fenToYuanInput(8000)).toBe('80.00');
    expect(fenToYuanInput(5)).toBe('0.05');
    expect(fenToYuanInput(-1250)).toBe('-12.50');
    expect(parseYuan(fenToYuanInput(123456))).toBe(123456);
  });

  it('reads a correction as signed fen, never 0', () => {
    expect(parseSignedYuan('-12.5')).toBe(-1250);
    expect(parseSignedYuan('+3')).toBe(300);
    expect(parseSignedYuan('3')).toBe(300);
    expect(parseSignedYuan('0')).toBeNull();
    expect(parseSignedYuan('-0.00')).toBeNull();
    expect(parseSignedYuan('--1')).toBeNull();
  });
});

describe('which payment steps the order allows', () => {
  const base = { paid: true, quote: null, dueFen: 0, collectedFen: 0, invoiceRequest: null };
  const both = { execute: true, collect: true };
  const quote = (state: 'proposed' | 'agreed' | 'refused') => ({ state }) as never;

  it('paid work without a quote: make the quote, nothing to collect yet', () => {
    expect(paymentSteps(base, both)).toEqual({ quote: true, decide: false, collect: false, invoice: false });
  });

  it('work the warranty covers is not quoted', () => {
    expect(paymentSteps({ ...base, paid: false }, both).quote).toBe(false);
  });

  it('a proposed quote: the customer decides, or it is made again', () => {
    expect(paymentSteps({ ...base, quote: quote('proposed') }, both)).toMatchObject({ quote: true, decide: true });
  });

  it('agreed: collect what is left, then request the invoice', () => {
    const agreed = { ...base, quote: quote('agreed'), dueFen: 15000 };
    expect(paymentSteps(agreed, both)).toEqual({ quote: false, decide: false, collect: true, invoice: false });
    const part = paymentSteps({ ...agreed, collectedFen: 5000 }, both);
    expect(part).toMatchObject({ collect: true, invoice: true });
    const all = paymentSteps({ ...agreed, collectedFen: 15000 }, both);
    expect(all).toMatchObject({ collect: false, invoice: true });
    expect(paymentSteps({ ...agreed, collectedFen: 15000, invoiceRequest: {} as never }, both).invoice).toBe(false);
  });

  it('refused: the call-out charge is collected', () => {
    expect(paymentSteps({ ...base, quote: quote('refused'), dueFen: 3000 }, both)).toMatchObject({
      quote: false,
      decide: false,
      collect: true,
    });
  });

  it('without the rights, nothing is offered', () => {
    const agreed = { ...base, quote: quote('proposed'), dueFen: 15000, collectedFen: 100 };
    expect(paymentSteps(agreed, { execute: false, collect: false })).toEqual({
      quote: false,
      decide: false,
      collect: false,
      invoice: false,
    });
  });

  it('left to collect never goes below zero; non-cash needs a reference', () => {
    expect(leftToCollect({ dueFen: 3000, collectedFen: 5000 })).toBe(0);
    expect(leftToCollect({ dueFen: 3000, collectedFen: 1000 })).toBe(2000);
    expect(needsReference('cash')).toBe(false);
    expect(needsReference('wechat')).toBe(true);
    expect(needsReference('bank_transfer')).toBe(true);
  });

  it('the section shows for paid work or money already on the order', () => {
    expect(showsPayment({ paid: false, quote: null, collections: [] })).toBe(false);
    expect(showsPayment({ paid: true, quote: null, collections: [] })).toBe(true);
    expect(showsPayment({ paid: false, quote: null, collections: [{} as never] })).toBe(true);
  });
});
