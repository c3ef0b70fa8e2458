import { and, asc, eq } from 'drizzle-orm';
import type { Ctx } from '../platform/context.js';
import { orgUnits } from '../platform/identity/tables.js';
import {
  acceptStatement,
  companyToday,
  disputeLine,
  draftMonth,
  getStatement,
  lockStatement,
  sendStatement,
  settlementStatements,
} from '../modules/money/index.js';
import { actingAs } from './acting-as.js';

/*
 * Demo settlement statements (docs/money-statements.md, "Demo"): last month's statements of every
 * demo outlet with completed orders and of every center, drafted by `draftMonth` from the demo
 * orders' real facts, then moved through the commands by the people who would act: O-GD-01's sent
 * just now by the Guangdong center (within its response days, so a browser test can dispute a
 * line), O-GD-02's sent and disputed by its manager, the Zhejiang center's outlets sent, accepted
 * and locked; the rest stay drafts. Each step carries its audit event.
 */

export interface DemoStatementsResult {
  month: string;
  drafted: number;
  byState: Record<string, number>;
  /** Centers whose staff lose the monthly bonus on last month's figures (center_bonus line). */
  bonusLost: string[];
  ms: number;
}

const MINUTE = 60_000;

function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export async function loadDemoStatements(ctx: Ctx): Promise<DemoStatementsResult> {
  const started = Date.now();
  const month = previousMonth(await companyToday(ctx.db, ctx.now));
  const drafted = await draftMonth(ctx.db, ctx, month);

  const as = actingAs(ctx, 'statement');
  const rows = await ctx.db
    .select({ id: settlementStatements.id, kind: settlementStatements.kind, unitCode: orgUnits.code })
    .from(settlementStatements)
    .innerJoin(orgUnits, eq(orgUnits.id, settlementStatements.unitId))
    .where(and(eq(settlementStatements.month, month)))
    .orderBy(asc(orgUnits.code));
  const byUnit = new Map(rows.map((r) => [r.unitCode, r]));
  const at = (minutesAgo: number) => new Date(ctx.now.getTime() - minutesAgo * MINUTE);
  const manager = (code: string) => `${code.slice(2).replace('-', '').toLowerCase()}.manager`;

  // O-GD-01: sent a few minutes ago; the outlet may accept or dispute for money.statementResponseDays.
  const gd01 = byUnit.get('O-GD-01');
  if (gd01) await sendStatement(await as('gd.center', at(5)), gd01.id);

  // O-GD-02: sent an hour ago and disputed by its manager on its first line.
  const gd02 = byUnit.get('O-GD-02');
  if (gd02) {
    await sendStatement(await as('gd.center', at(60)), gd02.id);
    const s = await getStatement(await as('gd.center', at(50)), gd02.id);
    const line = s.lines.find((l) => l.kind === 'service_fee') ?? s.lines[0];
    if (line)
      await disputeLine(await as(manager('O-GD-02'), at(40)), gd02.id, line.id, {
        reason: '该单上门距离超过30公里，服务费应按远区标准计算',
      });
  }

  // The Zhejiang outlets: sent, accepted by each outlet, locked by the center.
  for (const r of rows.filter((x) => x.kind === 'outlet' && x.unitCode.startsWith('O-ZJ-'))) {
    await sendStatement(await as('zj.center', at(180)), r.id);
    await acceptStatement(await as(manager(r.unitCode), at(120)), r.id);
    await lockStatement(await as('zj.center', at(60)), r.id);
  }

  const final = await ctx.db
    .select({ state: settlementStatements.state })
    .from(settlementStatements)
    .where(eq(settlementStatements.month, month));
  const byState: Record<string, number> = {};
  for (const f of final) byState[f.state] = (byState[f.state] ?? 0) + 1;
  const bonusLost: string[] = [];
  for (const r of rows.filter((x) => x.kind === 'center')) {
    const s = await getStatement(ctx, r.id);
    if (s.lines.some((l) => l.kind === 'center_bonus' && l.explanation.en.startsWith('Monthly bonus: lost')))
      bonusLost.push(r.unitCode);
  }
  return { month, drafted: drafted.drafted, byState, bonusLost, ms: Date.now() - started };
}
