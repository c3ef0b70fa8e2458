import { type SQL, sql } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { rowsOf } from '../../../db/rows.js';
import type { LineKind, StatementKind, StatementState } from './contract.js';
import { settlementLines, settlementStatements } from './tables.js';

/*
 * What the reports read of the settlement (docs/reports.md, "Money"): the lines of the statements
 * of some months summed per month, unit and line kind, in one grouped statement. The caller passes
 * its data scope as a condition on the statement's org path.
 */

export interface StatementTotal {
  month: string;
  unitId: string;
  statementKind: StatementKind;
  state: StatementState;
  lineKind: LineKind;
  amountFen: number;
  lines: number;
}

export async function statementTotals(
  db: DbLike,
  q: { fromMonth: string; toMonth: string; unitId?: string | undefined },
  scope: (pathColumn: SQL) => SQL,
): Promise<StatementTotal[]> {
  const rows = rowsOf<{
    month: string;
    unit_id: string;
    kind: StatementKind;
    state: StatementState;
    line_kind: LineKind;
    amount: number | string;
    lines: number;
  }>(
    await db.execute(sql`
      select s.month, s.unit_id, s.kind, s.state, l.kind as line_kind, sum(l.amount_fen)::bigint as amount,
        count(*)::int as lines
      from ${settlementStatements} s join ${settlementLines} l on l.statement_id = s.id
      where ${scope(sql`s.org_path`)} and s.month between ${q.fromMonth} and ${q.toMonth}
        ${q.unitId ? sql`and s.unit_id = ${q.unitId}::uuid` : sql``}
      group by 1, 2, 3, 4, 5`),
  );
  return rows.map((r) => ({
    month: r.month,
    unitId: r.unit_id,
    statementKind: r.kind,
    state: r.state,
    lineKind: r.line_kind,
    amountFen: Number(r.amount),
    lines: Number(r.lines),
  }));
}
