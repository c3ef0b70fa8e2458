import type { Lang } from '../../../shared/i18n.js';
import { requirePermission, withinScope } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { statementTotals } from '../money/index.js';
import type { MoneyQuery, MoneyReport, MoneyRow } from './contract.js';
import { unitsOf } from './queries.js';
import { monthSpan } from './rules.js';

/*
 * Money per month (docs/reports.md, "Money"): the monthly settlement statements of outlets and
 * centers in the reader's scope, their lines summed as fees, bonuses, penalties and adjustments —
 * per month or per unit. Read from money's statements (statementTotals), never recomputed here:
 * the figures are the statements' own, drafts included and counted.
 */

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);

const FEES = new Set(['service_fee', 'parts_reimbursement']);
const PENALTIES = new Set(['late_completion', 'over_cap', 'late_dispatch', 'withheld_old_part', 'complaint_penalty']);
const ADJUSTMENTS = new Set(['adjustment', 'dispute_correction']);

export async function moneyReport(ctx: Ctx, q: MoneyQuery): Promise<MoneyReport> {
  requirePermission(ctx.actor, 'reports.read');
  requirePermission(ctx.actor, 'settlement.read');
  const span = monthSpan(q.from, q.to);
  if (span < 1 || span > 36) throw fieldError('querystring.to', 'report.period_invalid', { from: q.from, to: q.to });
  const totals = await statementTotals(ctx.db, { fromMonth: q.from, toMonth: q.to, unitId: q.unitId }, (path) =>
    withinScope(ctx.actor, path),
  );
  type Acc = MoneyRow & { ids: Set<string>; draftIds: Set<string> };
  const groups = new Map<string, Acc>();
  const acc = (key: string): Acc => {
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        name: key,
        statements: 0,
        drafts: 0,
        feesFen: 0,
        bonusesFen: 0,
        penaltiesFen: 0,
        adjustmentsFen: 0,
        totalFen: 0,
        ids: new Set(),
        draftIds: new Set(),
      };
      groups.set(key, g);
    }
    return g;
  };
  for (const r of totals) {
    const g = acc(q.by === 'month' ? r.month : r.unitId);
    const statement = `${r.month}|${r.unitId}|${r.statementKind}`;
    g.ids.add(statement);
    if (r.state === 'draft') g.draftIds.add(statement);
    if (FEES.has(r.lineKind)) g.feesFen += r.amountFen;
    else if (PENALTIES.has(r.lineKind)) g.penaltiesFen += r.amountFen;
    else if (ADJUSTMENTS.has(r.lineKind)) g.adjustmentsFen += r.amountFen;
    else if (r.lineKind === 'timeliness_bonus') g.bonusesFen += r.amountFen;
    else if (r.lineKind === 'center_bonus') {
      if (r.amountFen >= 0) g.bonusesFen += r.amountFen;
      else g.penaltiesFen += r.amountFen;
    }
    g.totalFen += r.amountFen;
  }
  const names = q.by === 'unit' ? await unitsOf(ctx.db, [...groups.keys()]) : new Map();
  const items: MoneyRow[] = [...groups.values()]
    .map(({ ids, draftIds, ...row }) => ({
      ...row,
      name: q.by === 'unit' ? (names.get(row.key)?.name ?? row.key) : row.key,
      statements: ids.size,
      drafts: draftIds.size,
    }))
    .sort((a, b) => (q.by === 'month' ? a.key.localeCompare(b.key) : a.name.localeCompare(b.name, 'zh-CN')));
  const add = (
    k: 'statements' | 'drafts' | 'feesFen' | 'bonusesFen' | 'penaltiesFen' | 'adjustmentsFen' | 'totalFen',
  ) => items.reduce((s, r) => s + r[k], 0);
  const sum: MoneyRow = {
    key: 'sum',
    name: t(ctx.lang, '合计', 'Total'),
    statements: add('statements'),
    drafts: add('drafts'),
    feesFen: add('feesFen'),
    bonusesFen: add('bonusesFen'),
    penaltiesFen: add('penaltiesFen'),
    adjustmentsFen: add('adjustmentsFen'),
    totalFen: add('totalFen'),
  };
  return { items, total: items.length, from: q.from, to: q.to, by: q.by, sum };
}
