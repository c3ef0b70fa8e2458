import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

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

/**
 * The rows of `table` whose `key` is one of `ids`, as a FROM item named `alias`: `unnest($ids) as
 * ids(id) cross join lateral (select * from table where key = ids.id [and also] offset 0) alias`,
 * one index probe per id. With `key = any($ids)`, or a plain join to the unnested ids, the planner
 * counts the share of the table the ids hit and, past a few per cent, scans the whole table
 * instead — for every batch of a month's settlement, so the reads grew with the square of the
 * month (docs/money-statements.md, "Performance"). `offset 0` keeps the subquery from being
 * pulled up into a join it could plan so.
 */
export function rowsOfIds(ids: readonly string[], table: PgTable, key: AnyColumn, alias: string, also?: SQL): SQL {
  return sql`unnest(${uuidArray(ids)}::uuid[]) as ids(id) cross join lateral (select * from ${table} where ${key} = ids.id${also ? sql` and ${also}` : sql``} offset 0) as ${sql.raw(alias)}`;
}
