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
