import type { Permission } from '../../../shared/permissions.js';
import type { StatementState } from '../../../server/modules/money/statements/contract.js';

/*
 * The statement screens' pure rules (docs/money-statements-screens.md): which actions a statement's
 * state and the reader's permissions allow, the month a list opens on, the days left to respond,
 * and yuan typed by a person → integer fen. The server decides again on every request; these only
 * choose what the screen offers.
 */

/** What the screen needs of a statement to choose its actions. */
export interface StatementFacts {
  state: StatementState;
  /** Lines in dispute not yet resolved. */
  disputedCount: number;
  /** Last day to accept or dispute, 'YYYY-MM-DD' (company time zone); null before sending. */
  respondBy: string | null;
}

export interface StatementActions {
  recompute: boolean;
  send: boolean;
  accept: boolean;
  lock: boolean;
  adjust: boolean;
  /** A line may be disputed (each line once, never a correction line: the line decides that). */
  dispute: boolean;
  /** An open dispute may be resolved. */
  resolve: boolean;
}

/** Still within the response days: today (company zone) up to and including respond-by. */
export function withinRespondBy(respondBy: string | null, today: string): boolean {
  return respondBy !== null && today <= respondBy;
}

/**
 * The actions a statement offers to a reader holding `permissions` on `today` (YYYY-MM-DD, company
 * zone), as the server's rules (docs/money-statements.md): a draft is recomputed and sent by the
 * center; the unit accepts a sent statement, or a disputed one with no dispute open, and disputes
 * lines until its respond-by day; the center resolves open disputes and locks a statement that is
 * accepted, disputed with every dispute resolved, or sent and past its respond-by day; a locked
 * statement is corrected by an adjustment carried into the next month.
 */
export function statementActions(s: StatementFacts, permissions: readonly string[], today: string): StatementActions {
  const manage = permissions.includes('settlement.manage' satisfies Permission);
  const respond = permissions.includes('settlement.respond' satisfies Permission);
  const answerable = s.state === 'sent' || s.state === 'disputed';
  const open = withinRespondBy(s.respondBy, today);
  const lockable =
    s.disputedCount === 0 && (s.state === 'accepted' || s.state === 'disputed' || (s.state === 'sent' && !open));
  return {
    recompute: manage && s.state === 'draft',
    send: manage && s.state === 'draft',
    accept: respond && answerable && s.disputedCount === 0 && open,
    lock: manage && lockable,
    adjust: manage && s.state === 'locked',
    dispute: respond && answerable && open,
    resolve: manage && s.state === 'disputed',
  };
}

/** Whole days from `today` to `day` (both YYYY-MM-DD): 0 on the day itself, negative once past. */
export function daysUntil(day: string, today: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The month before the one `today` (YYYY-MM-DD) is in, as YYYY-MM: the month a list opens on. */
export function previousMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** A month as the page's address may carry it: YYYY-MM with a month 01–12, else null. */
export function parseMonth(v: string | null | undefined): string | null {
  return v && /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? v : null;
}

/** Amounts a statement can carry (the contract's bounds), in fen. */
export const MAX_ABS_FEN = 2_000_000_000;

export type YuanParse = { ok: true; fen: number } | { ok: false; error: 'required' | 'format' | 'range' | 'zero' };

/**
 * Yuan as a person types it → integer fen, by string arithmetic (never through a float): an
 * optional sign, digits with optional thousands commas, at most 2 decimals; "¥" and spaces are
 * ignored. `allowZero: false` refuses 0 (an adjustment of nothing).
 */
export function parseYuan(text: string | null | undefined, opts: { allowZero?: boolean } = {}): YuanParse {
  const raw = (text ?? '').replace(/[\s¥￥]/g, '').replace(/^元|元$/g, '');
  if (raw === '') return { ok: false, error: 'required' };
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(raw) ?? /^([+-]?)()\.(\d{1,2})$/.exec(raw);
  if (!m) return { ok: false, error: 'format' };
  const whole = (m[2] ?? '').replaceAll(',', '') || '0';
  if (whole.length > 11) return { ok: false, error: 'range' };
  const cents = (m[3] ?? '').padEnd(2, '0');
  const abs = Number(whole) * 100 + Number(cents);
  if (abs > MAX_ABS_FEN) return { ok: false, error: 'range' };
  if (abs === 0 && opts.allowZero === false) return { ok: false, error: 'zero' };
  return { ok: true, fen: m[1] === '-' && abs !== 0 ? -abs : abs };
}

/** Fen → the text an amount field starts with ("-12.50"), by integer arithmetic. */
export function fenToYuanText(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
