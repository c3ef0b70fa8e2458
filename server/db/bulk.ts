import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/*
 * Many rows of a table in one statement, as one jsonb parameter read back with
 * jsonb_to_recordset. Hot paths (order creation in groups) use it to write several tables in one
 * statement of data-modifying CTEs: one round trip and one commit for the lot, where a
 * statement per row and table would cost each its own (docs/architecture.md, Hot writes).
 */

type Insert<T extends PgTable> = T['$inferInsert'];

function jsonValue(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

/**
 * `insert into <table> (<columns>) select <columns> from jsonb_to_recordset($rows) as r(...)`,
 * with an optional filter on the rows (`r.<column>` names them), `on conflict do nothing` and
 * `returning`. The columns are the keys of the first row that are not undefined (every row
 * must give the same ones); columns left out take their defaults.
 */
export function insertRowsSql<T extends PgTable>(
  table: T,
  rows: readonly Insert<T>[],
  opts: { where?: SQL; onConflictDoNothing?: boolean; returning?: SQL } = {},
): SQL {
  const columns = Object.entries(getTableColumns(table)).filter(
    ([key]) => rows[0] && (rows[0] as Record<string, unknown>)[key] !== undefined,
  );
  const json = rows.map((row) =>
    Object.fromEntries(
      columns.map(([key, col]) => [col.name, jsonValue((row as Record<string, unknown>)[key] ?? null)]),
    ),
  );
  const names = sql.join(
    columns.map(([, col]) => sql.identifier(col.name)),
    sql`, `,
  );
  const defs = sql.join(
    columns.map(([, col]) => sql`${sql.identifier(col.name)} ${sql.raw(recordType(col.getSQLType()))}`),
    sql`, `,
  );
  const picked = sql.join(
    columns.map(([, col]) => sql`r.${sql.identifier(col.name)}`),
    sql`, `,
  );
  return sql`insert into ${sql.identifier(getTableName(table))} (${names}) select ${picked} from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as r(${defs})${opts.where ? sql` where ${opts.where}` : sql``}${opts.onConflictDoNothing ? sql` on conflict do nothing` : sql``}${opts.returning ? sql` returning ${opts.returning}` : sql``}`;
}

/** A column type usable in a record definition (serial types are their integer types there). */
function recordType(t: string): string {
  if (t === 'bigserial') return 'bigint';
  if (t === 'serial') return 'integer';
  return t;
}
