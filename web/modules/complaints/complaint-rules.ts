import {
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATES,
  COMPLAINT_TYPES,
  type ComplaintQuery,
  type ComplaintSeverity,
  type ComplaintState,
  type ComplaintType,
} from '../../../server/modules/complaints/contract.js';
import { parseYuan } from '../statements/statement-rules.js';

/*
 * The complaint screens' pure rules (docs/complaints-screens.md): the deadline countdown, the
 * board's filters as the page's address carries them, and yuan typed by a person → integer fen.
 * What a reader may do with a complaint is the server's answer (`actions`), never decided here.
 */

export interface DeadlineView {
  /** Whole minutes to the deadline; negative: overdue by that many. */
  minutes: number;
  overdue: boolean;
  /** Less than a quarter of an hour left, or overdue: shown in red. */
  urgent: boolean;
}

/** The countdown to a complaint's answer deadline at `now` (ms); null when it has none (answered, closed). */
export function deadlineView(deadlineAt: string | null, now: number): DeadlineView | null {
  if (!deadlineAt) return null;
  const ms = Date.parse(deadlineAt) - now;
  if (Number.isNaN(ms)) return null;
  const minutes = ms >= 0 ? Math.floor(ms / 60_000) : -Math.ceil(-ms / 60_000);
  const overdue = ms < 0;
  return { minutes, overdue, urgent: overdue || minutes < 15 };
}

function pickOf<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return v && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

export interface BoardFilters {
  state?: ComplaintState;
  severity?: ComplaintSeverity;
  type?: ComplaintType;
  level?: 1 | 2 | 3;
  departmentId?: string;
  q?: string;
  /** Closed complaints are left out unless the reader asks for them (or filters on a state). */
  open: boolean;
  page: number;
}

/** The board's filters read from the address (unknown values dropped, so a stale link still opens). */
export function boardFilters(params: URLSearchParams): BoardFilters {
  const level = Number(params.get('level'));
  const q = params.get('q')?.trim();
  const state = pickOf(COMPLAINT_STATES, params.get('state'));
  return {
    state,
    severity: pickOf(COMPLAINT_SEVERITIES, params.get('severity')),
    type: pickOf(COMPLAINT_TYPES, params.get('type')),
    level: level === 1 || level === 2 || level === 3 ? level : undefined,
    departmentId: params.get('departmentId') || undefined,
    q: q ? q.slice(0, 60) : undefined,
    open: !state && params.get('all') !== '1',
    page: Math.max(1, Number(params.get('page') ?? 1) || 1),
  };
}

/** The list query of the board's filters. */
export function boardQuery(f: BoardFilters, pageSize: number): Partial<ComplaintQuery> {
  return {
    state: f.state,
    severity: f.severity,
    type: f.type,
    level: f.level,
    departmentId: f.departmentId,
    q: f.q,
    open: f.open ? 'true' : undefined,
    page: f.page,
    pageSize,
  };
}

export type FenParse = { ok: true; fen: number } | { ok: false; error: 'required' | 'format' | 'range' };

/** Yuan typed by a person → fen, never negative (amounts of a complaint are 0 or more). */
export function yuanToFen(text: string | null | undefined): FenParse {
  const r = parseYuan(text, { allowZero: true });
  if (!r.ok) return { ok: false, error: r.error === 'zero' ? 'format' : r.error };
  if (r.fen < 0) return { ok: false, error: 'format' };
  return r;
}
