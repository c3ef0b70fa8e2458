import { yuan } from '../../../../shared/money.js';
import type { Text } from '../../../../shared/i18n.js';
import type { FeeTotal } from '../contract.js';
import type { QuoteLine } from './contract.js';

/*
 * Paid work, the pure part (docs/money-collection.md): who pays as the quote sees it, the quote's
 * lines, what is due, corrections that may not go below zero, the unified social credit code and
 * the cash reconciliation's arithmetic. No database, no clock.
 */

// ---- Who pays -------------------------------------------------------------------------------

/** The unit's coverage as the warranty module judges it (only what the quote needs). */
export interface UnitCoverage {
  covered: boolean;
  /** Who pays labour: 'customer' means paid work. */
  labour: 'company' | 'contract' | 'customer';
  reasons: Text[];
}

/**
 * Paid work is work the customer pays labour for: out of warranty (expired, no policy, not
 * transferable…) or excluded by the fault's cause. A contract or the company paying is not paid work.
 */
export function isPaidWork(unit: UnitCoverage | null): boolean {
  return unit === null || unit.labour === 'customer';
}

/** The coverage's reasons as one text; an order without a unit on record is paid work. */
export function entitlementText(unit: UnitCoverage | null): Text {
  if (!unit)
    return {
      'zh-CN': '本单没有登记产品，无保修依据，按有偿服务',
      en: 'No unit on record: no warranty applies, paid work',
    };
  if (unit.reasons.length === 0)
    return unit.labour === 'customer'
      ? { 'zh-CN': '不在保修范围内', en: 'Not covered' }
      : { 'zh-CN': '在保修范围内', en: 'Covered' };
  return {
    'zh-CN': unit.reasons.map((r) => r['zh-CN']).join('；'),
    en: unit.reasons.map((r) => r.en).join('; '),
  };
}

// ---- The quote's lines ----------------------------------------------------------------------

/** A part of the order the warranty still covers (its own term): listed at 0, never charged. */
export interface CoveredPart {
  partId: string;
  name: string;
  quantity: number;
  reasons: Text[];
}

/**
 * The quote's lines from the priced order: each schedule line named by its rule's label (a part by
 * its name), and each covered part as a line at 0 saying why. The total is the sum of the lines.
 */
export function quoteLines(
  priced: FeeTotal,
  labels: ReadonlyMap<string, string>,
  partNames: ReadonlyMap<string, string>,
  covered: readonly CoveredPart[],
): { lines: QuoteLine[]; totalFen: number } {
  const lines: QuoteLine[] = priced.lines.map((l) => ({
    item: l.item === 'service_fee' ? 'labour' : l.item,
    label: (l.ruleId ? labels.get(l.ruleId) : undefined) ?? (l.partId ? (partNames.get(l.partId) ?? l.partId) : l.item),
    amountFen: l.amountFen,
    quantity: l.quantity,
    explanation: l.explanation,
  }));
  for (const p of covered) {
    const why = entitlementText({ covered: true, labour: 'company', reasons: p.reasons });
    lines.push({
      item: 'part',
      label: p.name,
      amountFen: 0,
      quantity: p.quantity,
      explanation: {
        'zh-CN': `配件「${p.name}」×${p.quantity}在保修期内，不收费：${why['zh-CN']}`,
        en: `Part "${p.name}" ×${p.quantity} is covered, no charge: ${why.en}`,
      },
    });
  }
  return { lines, totalFen: lines.reduce((s, l) => s + l.amountFen, 0) };
}

// ---- What is due ----------------------------------------------------------------------------

export type QuoteDecision = { state: 'proposed' | 'agreed' | 'refused'; totalFen: number; calloutFen: number };

/** Due: the agreed quote's total; a refused quote's call-out charge; nothing before a decision. */
export function dueOf(quote: QuoteDecision | null): number {
  if (!quote) return 0;
  if (quote.state === 'agreed') return quote.totalFen;
  if (quote.state === 'refused') return quote.calloutFen;
  return 0;
}

/** How much more may be collected: never more than is left of what is due. */
export function leftToCollect(dueFen: number, collectedFen: number): number {
  return Math.max(0, dueFen - collectedFen);
}

/** An entry and its corrections must not come below zero (a correction takes back at most what was entered). */
export function netAfterCorrection(entryFen: number, correctionsFen: readonly number[], newFen: number): number {
  return entryFen + correctionsFen.reduce((s, n) => s + n, 0) + newFen;
}

// ---- The unified social credit code (GB 32100-2015) -----------------------------------------

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * The 18-character unified social credit code (统一社会信用代码, GB 32100-2015): digits and capital
 * letters without I, O, Z, S, V; the 18th character a check character = 31 − (Σ value × weight mod
 * 31), 31 being 0.
 */
export function creditCodeProblem(code: string): Text | null {
  if (code.length !== 18)
    return { 'zh-CN': `应为18位，实为${code.length}位`, en: `it must have 18 characters, not ${code.length}` };
  const bad = [...code].find((c) => !CODE_CHARS.includes(c));
  if (bad !== undefined)
    return {
      'zh-CN': `含有不允许的字符「${bad}」（只用数字和除I、O、Z、S、V外的大写字母）`,
      en: `it holds "${bad}" (only digits and capital letters but I, O, Z, S, V)`,
    };
  const sum = WEIGHTS.reduce((s, w, i) => s + CODE_CHARS.indexOf(code[i]!) * w, 0);
  const expected = CODE_CHARS[(31 - (sum % 31)) % 31]!;
  if (code[17] !== expected)
    return {
      'zh-CN': `校验位应为${expected}，不是${code[17]}`,
      en: `its check character should be ${expected}, not ${code[17]}`,
    };
  return null;
}

// ---- Cash reconciliation --------------------------------------------------------------------

/** One technician's cash on one day: collected in cash and handed over (corrections on their days). */
export interface CashDay {
  technicianId: string;
  day: string;
  collectedCashFen: number;
  handedOverFen: number;
}

export interface CashRow extends CashDay {
  /** Everything collected in cash up to this day's end − everything handed over: still with the technician. */
  differenceFen: number;
}

/**
 * A row per technician and day with cash collected or handed over; `differenceFen` is cumulative:
 * the opening difference (all days before the period) plus each day's collected − handed over, up to
 * and including the row's day. A technician is reconciled when it comes to 0; `onlyOpen` keeps the rows
 * whose difference is not 0. Rows by day, then technician.
 */
export function reconciliationRows(
  opening: ReadonlyMap<string, number>,
  days: readonly CashDay[],
  onlyOpen = false,
): CashRow[] {
  const sorted = [...days].sort((a, b) =>
    a.technicianId === b.technicianId ? a.day.localeCompare(b.day) : a.technicianId.localeCompare(b.technicianId),
  );
  const running = new Map(opening);
  const rows: CashRow[] = [];
  for (const d of sorted) {
    const diff = (running.get(d.technicianId) ?? 0) + d.collectedCashFen - d.handedOverFen;
    running.set(d.technicianId, diff);
    rows.push({ ...d, differenceFen: diff });
  }
  return rows
    .filter((r) => !onlyOpen || r.differenceFen !== 0)
    .sort((a, b) => (a.day === b.day ? a.technicianId.localeCompare(b.technicianId) : a.day.localeCompare(b.day)));
}

/** Fen as text for refusals (45.50). */
export function yuanNumber(fen: number): string {
  return yuan(fen).en.replace('¥', '');
}
