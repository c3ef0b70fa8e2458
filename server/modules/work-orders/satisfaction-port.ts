import type { DbLike } from '../../db/client.js';
import type { Bilingual } from './contract.js';
import type { RoutingResult } from './routing.js';

/*
 * The callbacks' satisfaction of outlets and technicians, shown on the dispatch suggestion
 * (docs/callbacks.md, "Scores"). The callbacks module sits above this one: it provides the read
 * when its routes are registered (`provideSatisfaction`). The figures are shown beside the
 * routing's own reasons; they do not change the pick (coverage, distance, certification, load
 * and the booked window decide, routing.ts) — the dispatcher weighs them.
 */

export interface Satisfaction {
  /** Answered callbacks behind the figure. */
  callbacks: number;
  /** Share of answers with the fault fixed and every score 4 or 5, in percent. */
  satisfaction: number;
  /** Complaints held against them in the same window (their responsibility), and of those with a penalty. */
  complaints?: number;
  penalties?: number;
  /** Satisfaction less the complaints' deductions; null without callbacks. */
  score?: number | null;
}

export interface SatisfactionFigures {
  /** The rolling window, in days up to now. */
  days: number;
  outlets: Map<string, Satisfaction>;
  technicians: Map<string, Satisfaction>;
}

export type SatisfactionOf = (
  db: DbLike,
  q: { outletIds: string[]; technicianIds: string[]; now: Date },
) => Promise<SatisfactionFigures>;

let reader: SatisfactionOf | null = null;

export function provideSatisfaction(fn: SatisfactionOf): void {
  reader = fn;
}

function line(s: Satisfaction | undefined, days: number): Bilingual {
  const base: Bilingual =
    !s || s.callbacks === 0
      ? { 'zh-CN': `近${days}天无回访评分`, en: `no callback scores in the last ${days} days` }
      : {
          'zh-CN': `近${days}天回访满意率${s.satisfaction}%（${s.callbacks}次回访）`,
          en: `callback satisfaction ${s.satisfaction}% over the last ${days} days (${s.callbacks} callbacks)`,
        };
  if (!s?.complaints) return base;
  const penalties = s.penalties ?? 0;
  const score = s.score === null || s.score === undefined ? null : s.score;
  return {
    'zh-CN': `${base['zh-CN']}；有责投诉${s.complaints}起${penalties ? `（处罚${penalties}起）` : ''}${score === null ? '' : `，评分${score}`}`,
    en: `${base.en}; ${s.complaints} complaint${s.complaints === 1 ? '' : 's'} held against them${penalties ? ` (${penalties} with a penalty)` : ''}${score === null ? '' : `, score ${score}`}`,
  };
}

/** The suggestion with a satisfaction line added to its outlet's and each technician's reasons. */
export async function withSatisfaction(db: DbLike, r: RoutingResult, now: Date): Promise<RoutingResult> {
  if (!reader) return r;
  const techs = [r.technician, ...r.alternatives].filter((t) => t !== null);
  if (!r.outlet && techs.length === 0) return r;
  const f = await reader(db, {
    outletIds: r.outlet ? [r.outlet.unitId] : [],
    technicianIds: techs.map((t) => t.userId),
    now,
  });
  const tech = <T extends { userId: string; reasons: Bilingual[] }>(t: T): T => ({
    ...t,
    reasons: [...t.reasons, line(f.technicians.get(t.userId), f.days)],
  });
  return {
    ...r,
    outlet: r.outlet
      ? { ...r.outlet, reasons: [...r.outlet.reasons, line(f.outlets.get(r.outlet.unitId), f.days)] }
      : null,
    technician: r.technician ? tech(r.technician) : null,
    alternatives: r.alternatives.map(tech),
  };
}
