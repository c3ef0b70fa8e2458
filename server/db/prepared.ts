import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbLike } from './client.js';

/*
 * Statements run as named prepared statements (docs/architecture.md, "Data"): PostgreSQL
 * parses and plans a named statement once per connection, where an unnamed one is parsed and
 * planned on every run. For a statement of data-modifying CTEs over jsonb_to_recordset the
 * planning is most of PostgreSQL's work: a stock issue's statement ran 1,033 times a second
 * unnamed and 2,582 named, on the same data with nothing else running (bench/README.md, "Parts").
 * The name is taken from the statement's text, so one text always has one name on every
 * connection; only the parameters vary between runs. PGlite answers the same way without
 * keeping the plan.
 */

const dialect = new PgDialect();
/** Names by statement text; a few shapes per hot statement, so a small bound suffices. */
const names = new Map<string, string>();
const MAX_NAMES = 500;

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= MAX_NAMES) names.clear();
    name = `sb_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** `db.execute(query)` as a named prepared statement: the same rows, planned once per connection. */
export function executePrepared(db: DbLike, query: SQL): Promise<unknown> {
  const built = dialect.sqlToQuery(query);
  return db._.session.prepareQuery(built, undefined, nameOf(built.sql), false).execute();
}
