import { type Column, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
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

/** The statement text around the rows' parameter, per table and set of columns: built once. */
const shapes = new Map<string, { head: string; tail: string }>();

function shapeOf(
  table: PgTable,
  columns: [string, Column][],
  select: Record<string, string> = {},
): { head: string; tail: string } {
  const id = `${getTableName(table)}\u0000${columns.map(([key]) => `${key}\u0001${select[key] ?? ''}`).join(',')}`;
  let shape = shapes.get(id);
  if (!shape) {
    const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const names = columns.map(([, col]) => q(col.name));
    shape = {
      head: `insert into ${q(getTableName(table))} (${names.join(', ')}) select ${columns.map(([key], i) => select[key] ?? `r.${names[i]}`).join(', ')} from jsonb_to_recordset(`,
      tail: `::jsonb) as r(${columns.map(([, col]) => `${q(col.name)} ${recordType(col.getSQLType())}`).join(', ')})`,
    };
    shapes.set(id, shape);
  }
  return shape;
}

/**
 * `insert into <table> (<columns>) select <columns> from jsonb_to_recordset($rows) as r(...)`,
 * with an optional filter on the rows (`r.<column>` names them), `on conflict do nothing` and
 * `returning`. The columns are those some row gives a value (every row should give the same
 * keys); a column null in every row is left out when it has no default, so it stays null
 * without being carried, and columns left out take their defaults.
 */
export function insertRowsSql<T extends PgTable>(
  table: T,
  rows: readonly Insert<T>[],
  opts: {
    where?: SQL;
    onConflictDoNothing?: boolean;
    returning?: SQL;
    /**
     * Columns whose value is computed in the statement rather than taken as given: SQL text, in
     * which `r.<column>` still names the row's own value and other parts of a statement of CTEs
     * may be read. Text, not SQL, so the statement's text is built once per shape.
     */
    select?: Partial<Record<keyof Insert<T> & string, string>>;
  } = {},
): SQL {
  const given = rows as readonly Record<string, unknown>[];
  const columns = Object.entries(getTableColumns(table)).filter(([key, col]) => {
    if (opts.select?.[key as keyof Insert<T> & string]) return true;
    let sawNull = false;
    for (const row of given) {
      const v = row[key];
      if (v === undefined) continue;
      if (v !== null) return true;
      sawNull = true;
    }
    // An explicit null must still override a default.
    return sawNull && col.hasDefault;
  });
  const json = given.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, col] of columns) out[col.name] = jsonValue(row[key] ?? null);
    return out;
  });
  const { head, tail } = shapeOf(table, columns, opts.select as Record<string, string> | undefined);
  return sql`${sql.raw(head)}${JSON.stringify(json)}${sql.raw(tail)}${opts.where ? sql` where ${opts.where}` : sql``}${opts.onConflictDoNothing ? sql` on conflict do nothing` : sql``}${opts.returning ? sql` returning ${opts.returning}` : sql``}`;
}

/** A column type usable in a record definition (serial types are their integer types there). */
function recordType(t: string): string {
  if (t === 'bigserial') return 'bigint';
  if (t === 'serial') return 'integer';
  return t;
}

/**
 * `update <table> set <columns> = r.<columns> from jsonb_to_recordset($rows) as r(...) where
 * <table>.id = r.id`: many rows, each with its own values, in one statement. Every row gives
 * `id` and each of `columns` (a null sets null).
 */
export function updateRowsSql<T extends PgTable>(
  table: T,
  rows: readonly Insert<T>[],
  columns: readonly (keyof Insert<T> & string)[],
): SQL {
  const all = getTableColumns(table);
  const used = (['id', ...columns.filter((c) => c !== 'id')] as string[]).map((key): [string, Column] => {
    const col = all[key];
    if (!col) throw new Error(`updateRowsSql: ${getTableName(table)} has no column ${key}`);
    return [key, col];
  });
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const t = q(getTableName(table));
  const json = (rows as readonly Record<string, unknown>[]).map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, col] of used) out[col.name] = jsonValue(row[key] ?? null);
    return out;
  });
  const head = `update ${t} set ${used
    .slice(1)
    .map(([, col]) => `${q(col.name)} = r.${q(col.name)}`)
    .join(', ')} from jsonb_to_recordset(`;
  const tail = `::jsonb) as r(${used.map(([, col]) => `${q(col.name)} ${recordType(col.getSQLType())}`).join(', ')}) where ${t}.${q(used[0]![1].name)} = r.${q(used[0]![1].name)}`;
  return sql`${sql.raw(head)}${JSON.stringify(json)}${sql.raw(tail)}`;
}
