import type { CollectionMethod, OrderMoney } from '../../../server/modules/money/collection/contract.js';

/*
 * The pure part of the paid-work screens (docs/money-collection-screens.md): yuan typed by people
 * turned into integer fen without floating point, fen shown as yuan for an input, and which of the
 * payment steps the order's money (the server's answer) allows now.
 */

/** Yuan as typed: digits with at most two decimals, an optional ¥ and thousands commas. */
const YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/**
 * Fen from yuan as typed ("12", "12.5", "¥1,234.56"), by integer arithmetic; null when it is not
 * an amount (a sign, a third decimal, letters, empty). 0 is an amount; whether it is allowed is the
 * caller's rule.
 */
export function parseYuan(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const text = String(input)
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/,/g, '');
  const m = YUAN.exec(text);
  if (!m) return null;
  const cents = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(cents);
}

/** Fen as the yuan an input shows ("12.30"); negative keeps its sign. */
export function fenToYuanInput(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A signed amount in yuan (a correction): an optional minus before an amount; never 0. */
export function parseSignedYuan(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const text = String(input).trim();
  const negative = text.startsWith('-');
  const fen = parseYuan(negative ? text.slice(1) : text.replace(/^\+/, ''));
  if (fen === null || fen === 0) return null;
  return negative ? -fen : fen;
}

/** What is still to collect: never below zero. */
export function leftToCollect(money: Pick<OrderMoney, 'dueFen' | 'collectedFen'>): number {
  return Math.max(0, money.dueFen - money.collectedFen);
}

/** A payment other than cash needs its reference (the transaction number), as the contract says. */
export function needsReference(method: CollectionMethod | undefined): boolean {
  return method !== undefined && method !== 'cash';
}

export interface PaymentSteps {
  /** Price the order now (again, while the last quote is still only proposed). */
  quote: boolean;
  /** The customer agrees (signing) or refuses the proposed quote. */
  decide: boolean;
  /** Take a payment: something is left to collect. */
  collect: boolean;
  /** Record the customer's invoice request: something was collected and none was requested. */
  invoice: boolean;
}

/**
 * Which steps the screen offers, from the server's answer and the reader's rights; the server
 * decides again (states, amounts) and its refusal is shown.
 */
export function paymentSteps(
  money: Pick<OrderMoney, 'paid' | 'quote' | 'dueFen' | 'collectedFen' | 'invoiceRequest'>,
  rights: { execute: boolean; collect: boolean },
): PaymentSteps {
  const state = money.quote?.state;
  return {
    quote: rights.execute && money.paid && (state === undefined || state === 'proposed'),
    decide: rights.execute && state === 'proposed',
    collect: rights.collect && leftToCollect(money) > 0,
    invoice: rights.collect && money.collectedFen > 0 && money.invoiceRequest === null,
  };
}

/** Whether the payment section has anything to show: paid work, or money already on the order. */
export function showsPayment(money: Pick<OrderMoney, 'paid' | 'quote' | 'collections'>): boolean {
  return money.paid || money.quote !== null || money.collections.length > 0;
}
