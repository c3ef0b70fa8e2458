import type { ErrorCode } from '../../../../shared/errors.js';
import type { MovementInput, StockGrade } from '../rules.js';
import type { StocktakeStatus } from './contract.js';

/*
 * The pure rules of a stocktake (盘点; docs/parts.md, "Stocktake"): the variance of a line from
 * what was counted and the book, the adjustments a posting writes, whether a sheet may be
 * submitted or posted, what a reader may do next, and reading counts off an uploaded count sheet.
 */

export interface LineFacts {
  id: string;
  partId: string;
  partCode: string;
  grade: StockGrade;
  serialTracked: boolean;
  bookQty: number;
  bookSerials: string[] | null;
  countedQty: number | null;
  countedSerials: string[] | null;
}

export interface Variance {
  /** counted − book; null while not counted. */
  variance: number | null;
  /** Serial-tracked: book serials not found (they go out) and found serials not in the book (they come in). */
  missing: string[];
  extra: string[];
}

/** A line's variance. For serial-tracked parts the serials decide: a swapped serial is one out and one in. */
export function lineVariance(l: LineFacts): Variance {
  if (l.countedQty === null) return { variance: null, missing: [], extra: [] };
  if (!l.serialTracked) return { variance: l.countedQty - l.bookQty, missing: [], extra: [] };
  const book = new Set(l.bookSerials ?? []);
  const found = new Set(l.countedSerials ?? []);
  return {
    variance: l.countedQty - l.bookQty,
    missing: [...book].filter((s) => !found.has(s)).sort(),
    extra: [...found].filter((s) => !book.has(s)).sort(),
  };
}

/**
 * The `adjust` movements a posting writes (docs/parts.md: adjust is on hand ± n, signed, never 0):
 * one per line with a variance; a serial-tracked line writes its missing serials out (−) and its
 * extra serials in (+), so even a swap with no net variance is booked serial by serial.
 */
export function adjustmentsOf(
  depotId: string,
  stocktake: { id: string; code: string },
  lines: readonly LineFacts[],
): MovementInput[] {
  const out: MovementInput[] = [];
  const base = (l: LineFacts) => ({
    kind: 'adjust' as const,
    depotId,
    partId: l.partId,
    grade: l.grade,
    document: { kind: 'stocktake', id: stocktake.id },
    note: stocktake.code,
  });
  for (const l of lines) {
    const v = lineVariance(l);
    if (v.variance === null) continue;
    if (l.serialTracked) {
      if (v.missing.length) out.push({ ...base(l), quantity: -v.missing.length, serials: v.missing });
      if (v.extra.length) out.push({ ...base(l), quantity: v.extra.length, serials: v.extra });
    } else if (v.variance !== 0) {
      out.push({ ...base(l), quantity: v.variance });
    }
  }
  return out;
}

export interface Refusal {
  code: ErrorCode;
  field: string;
  params: Record<string, unknown>;
}

/** Every line must be counted before the sheet is submitted (a line left blank is not a count of 0). */
export function submitRefusal(lines: readonly LineFacts[]): Refusal | null {
  const i = lines.findIndex((l) => l.countedQty === null);
  if (i < 0) return null;
  const uncounted = lines.filter((l) => l.countedQty === null).length;
  return {
    code: 'stocktake.uncounted',
    field: `lines.${i}.countedQty`,
    params: { part: lines[i]!.partCode, uncounted },
  };
}

/**
 * Posting is allowed only while no line's book has moved since its snapshot: the count was made
 * against that book, and a variance against a different one would book the movement twice (or
 * undo it). The moved lines are named so they can be recounted. (We refuse rather than freeze
 * the depot: a freeze would stop issues and receipts for the whole count, which an outlet that
 * repairs while it counts cannot afford.)
 */
export function postRefusal(lines: readonly LineFacts[], moved: ReadonlySet<string>): Refusal | null {
  const unc = submitRefusal(lines);
  if (unc) return unc;
  const i = lines.findIndex((l) => moved.has(l.id));
  if (i < 0) return null;
  const parts = lines.filter((l) => moved.has(l.id)).map((l) => l.partCode);
  return {
    code: 'stocktake.book_moved',
    field: `lines.${i}`,
    params: { parts: parts.join(', '), count: parts.length },
  };
}

export type StocktakeAction = 'count' | 'addLine' | 'recount' | 'submit' | 'approve' | 'reject' | 'cancel';

/** What a reader may do: the keeper (parts.manage) counts, submits and cancels; the approver posts or rejects. */
export function allowedActions(status: StocktakeStatus, may: { manage: boolean; approve: boolean }): StocktakeAction[] {
  const out: StocktakeAction[] = [];
  if (status === 'counting' && may.manage) out.push('count', 'addLine', 'recount', 'submit', 'cancel');
  if (status === 'submitted') {
    if (may.manage) out.push('recount');
    if (may.approve) out.push('approve', 'reject');
    if (may.manage) out.push('cancel');
  }
  return out;
}

/** Whether a status takes the action (permissions aside): the commands' guard. */
export function statusAllows(status: StocktakeStatus, action: StocktakeAction): boolean {
  return allowedActions(status, { manage: true, approve: true }).includes(action);
}

/** A count entered for one line, checked against the line's kind. */
export function countOf(
  line: Pick<LineFacts, 'serialTracked'>,
  input: { countedQty?: number | null; serials?: string[] },
): { ok: true; countedQty: number | null; serials: string[] | null } | { ok: false; code: ErrorCode; field: string } {
  if (line.serialTracked) {
    if (input.serials === undefined) {
      if (input.countedQty === null) return { ok: true, countedQty: null, serials: null };
      return { ok: false, code: 'stocktake.serials_required', field: 'serials' };
    }
    const serials = [...new Set(input.serials.map((s) => s.trim()).filter(Boolean))].sort();
    if (serials.length !== input.serials.length) return { ok: false, code: 'stock.serials_count', field: 'serials' };
    if (input.countedQty != null && input.countedQty !== serials.length)
      return { ok: false, code: 'stock.serials_count', field: 'serials' };
    return { ok: true, countedQty: serials.length, serials };
  }
  if (input.serials?.length) return { ok: false, code: 'stock.serials_not_tracked', field: 'serials' };
  return { ok: true, countedQty: input.countedQty ?? null, serials: null };
}

/* ---------- the count sheet (XLSX) ---------- */

/** Column headers of the count sheet, in both languages (an upload is read in either). */
export const SHEET_HEADERS = {
  partCode: ['配件编码', 'Part code'],
  partName: ['配件名称', 'Part name'],
  grade: ['品质', 'Grade'],
  book: ['账面数量', 'Book quantity'],
  counted: ['实盘数量', 'Counted'],
  serials: ['实盘序列号', 'Serials found'],
} as const;
export const GRADE_LABELS: Record<StockGrade, readonly string[]> = {
  good: ['良品', 'good'],
  defective: ['坏件', 'defective'],
};

export interface SheetRows {
  headers: string[];
  rows: { row: number; cells: string[] }[];
}

export interface SheetProblem {
  row: number;
  reason: { 'zh-CN': string; en: string };
}

export interface SheetCount {
  lineId: string;
  countedQty?: number | null;
  serials?: string[];
}

/**
 * The counts on an uploaded count sheet: each row is matched to its line by part code and grade;
 * a blank counted cell leaves the line as it is. All-or-nothing: the first bad row is refused
 * with its row number (a part not on the sheet, a count that is not a whole number ≥ 0, a line
 * twice). Serial-tracked lines read their serials (separated by commas, spaces or new lines).
 */
export function countsFromSheet(
  sheet: SheetRows,
  lines: readonly Pick<LineFacts, 'id' | 'partCode' | 'grade' | 'serialTracked'>[],
): { counts: SheetCount[] } | { problem: SheetProblem } {
  const col = (names: readonly string[]) =>
    sheet.headers.findIndex((h) => names.some((n) => n.toLowerCase() === h.trim().toLowerCase()));
  const code = col(SHEET_HEADERS.partCode);
  const grade = col(SHEET_HEADERS.grade);
  const counted = col(SHEET_HEADERS.counted);
  const serials = col(SHEET_HEADERS.serials);
  if (code < 0 || counted < 0)
    return {
      problem: {
        row: 1,
        reason: {
          'zh-CN': `表头须有“${SHEET_HEADERS.partCode[0]}”和“${SHEET_HEADERS.counted[0]}”列`,
          en: `the header needs the columns "${SHEET_HEADERS.partCode[1]}" and "${SHEET_HEADERS.counted[1]}"`,
        },
      },
    };
  const byKey = new Map(lines.map((l) => [`${l.partCode.toUpperCase()}|${l.grade}`, l]));
  const seen = new Set<string>();
  const counts: SheetCount[] = [];
  for (const r of sheet.rows) {
    const partCode = (r.cells[code] ?? '').trim().toUpperCase();
    const gradeText = grade >= 0 ? (r.cells[grade] ?? '').trim().toLowerCase() : '';
    const g = (Object.keys(GRADE_LABELS) as StockGrade[]).find(
      (k) => k === gradeText || GRADE_LABELS[k].some((label) => label.toLowerCase() === gradeText),
    );
    if (gradeText && !g)
      return {
        problem: {
          row: r.row,
          reason: { 'zh-CN': `品质“${gradeText}”无法识别`, en: `grade "${gradeText}" is unknown` },
        },
      };
    const line = byKey.get(`${partCode}|${g ?? 'good'}`);
    if (!line)
      return {
        problem: {
          row: r.row,
          reason: {
            'zh-CN': `配件${partCode}不在本盘点单上，请先在盘点单中添加该配件`,
            en: `part ${partCode} is not on this count sheet; add it to the sheet first`,
          },
        },
      };
    if (seen.has(line.id))
      return {
        problem: {
          row: r.row,
          reason: { 'zh-CN': `配件${partCode}重复出现`, en: `part ${partCode} appears twice` },
        },
      };
    seen.add(line.id);
    const qtyText = (r.cells[counted] ?? '').trim();
    const serialText = serials >= 0 ? (r.cells[serials] ?? '').trim() : '';
    if (line.serialTracked && serialText) {
      counts.push({ lineId: line.id, serials: serialText.split(/[\s,，;；]+/).filter(Boolean) });
      continue;
    }
    if (qtyText === '') continue;
    const qty = Number(qtyText);
    if (!Number.isInteger(qty) || qty < 0)
      return {
        problem: {
          row: r.row,
          reason: {
            'zh-CN': `实盘数量“${qtyText}”须为不小于0的整数`,
            en: `the counted quantity "${qtyText}" must be a whole number of at least 0`,
          },
        },
      };
    if (line.serialTracked && qty > 0)
      return {
        problem: {
          row: r.row,
          reason: {
            'zh-CN': `配件${partCode}按序列号管理，请填写实盘序列号`,
            en: `part ${partCode} is serial-tracked; list the serials found`,
          },
        },
      };
    counts.push(line.serialTracked ? { lineId: line.id, serials: [] } : { lineId: line.id, countedQty: qty });
  }
  return { counts };
}
