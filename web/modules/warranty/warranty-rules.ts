import type {
  CaseAction,
  CaseState,
  Coverage,
  Exclusion,
  ExclusionKind,
  Remedies,
  RemedyItem,
} from '../../../server/modules/warranty/contract.js';

/** Yuan as typed (may carry fen) → whole fen for the API; null/empty stays null. */
export function yuanToFen(yuan: number | string | null | undefined): number | null {
  if (yuan === null || yuan === undefined || yuan === '') return null;
  const n = typeof yuan === 'number' ? yuan : Number(yuan);
  if (!Number.isFinite(n)) return null;
  return Math.round(n * 100);
}

/** Fen from the API → yuan for an input. */
export function fenToYuan(fen: number | null | undefined): number | null {
  if (fen === null || fen === undefined) return null;
  return fen / 100;
}

/** 123456 → '¥1,234.56'. */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export const CASE_STATE_COLOR: Record<CaseState, string> = {
  opened: 'blue',
  appraised: 'cyan',
  pending_hq: 'orange',
  approved: 'geekblue',
  executed: 'purple',
  closed: 'green',
  rejected: 'red',
  cancelled: 'default',
};

export const DANGER_CASE_ACTIONS: ReadonlySet<CaseAction> = new Set(['reject', 'cancel']);

export type Verdict = 'covered' | 'partial' | 'contract' | 'paid' | 'unknown';

/** How a coverage line reads at a glance: fully covered, partly paid, by contract, paid, or undecidable. */
export function verdictOf(c: Pick<Coverage, 'covered' | 'rule' | 'labour' | 'parts'>): Verdict {
  if (!c.covered) return c.rule === 'no_policy' || c.rule === 'no_start_date' ? 'unknown' : 'paid';
  if (c.labour === 'customer' || c.parts === 'customer') return 'partial';
  if (c.labour === 'contract' || c.parts === 'contract') return 'contract';
  return 'covered';
}

export const VERDICT_COLOR: Record<Verdict, string> = {
  covered: 'green',
  partial: 'orange',
  contract: 'blue',
  paid: 'red',
  unknown: 'default',
};

export function verdictColor(c: Pick<Coverage, 'covered' | 'rule' | 'labour' | 'parts'>): string {
  return VERDICT_COLOR[verdictOf(c)];
}

/** The remedy items that apply now (for the banner). */
export function eligibleRemedies(r: Remedies | undefined | null): RemedyItem[] {
  return (r?.items ?? []).filter((i) => i.eligible);
}

/** The exclusion for the complete body: only when a kind and a note are given. */
export function exclusionBody(v: {
  kind?: ExclusionKind | null;
  note?: string | null;
  photoIds?: string | null;
}): Exclusion | undefined {
  if (!v.kind) return undefined;
  const note = (v.note ?? '').trim();
  if (!note) return undefined;
  return { kind: v.kind, note, photoIds: splitIds(v.photoIds) };
}

/** Ids typed one a line (or comma separated). */
export function splitIds(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[\s,，]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
