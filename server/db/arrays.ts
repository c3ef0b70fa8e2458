import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/*
 * Many ids as one array parameter. `inArray(column, ids)` sends one parameter per id: a set read
 * of 5,000 orders then builds, binds and plans 5,000 parameters (measured in the settlement
 * draft's profile: docs/money-statements.md, "Performance"); an array is one.
 */

/** `{id,id,…}`: ids as a PostgreSQL array literal (uuids need no quoting). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

/** `column = any($ids::uuid[])`. */
export function inUuids(column: AnyColumn | SQL, ids: readonly string[]): SQL {
  return sql`${column} = any(${uuidArray(ids)}::uuid[])`;
}

/*
 * `offsetZero`: reading the rows of many ids from a large table, `from unnest($ids) as o(id)
 * cross join lateral (select … where t.key = o.id offset 0) t` makes one index probe per id. With
 * `t.key = any($ids)`, or a plain join to the unnested ids, the planner counts the share of the
 * table the ids hit and, past a few per cent, scans the whole table instead — for every batch of a
 * month's settlement, so the reads grew with the square of the month (docs/money-statements.md,
 * "Performance"). `offset 0` keeps the subquery from being pulled up into a join it could plan so.
 */
