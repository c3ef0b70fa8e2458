import type { Database } from '../../db/client.js';

/** Raw SQL on one connection, rows as arrays: the same shape for PGlite and PostgreSQL. */
export interface SqlSession {
  query(text: string, params?: unknown[]): Promise<unknown[][]>;
}

export type SessionMode = 'plain' | 'read' | 'write';

/**
 * Runs `fn` on one connection. 'read' is a read-only REPEATABLE READ transaction, so a backup of a
 * live PostgreSQL is one consistent snapshot; 'write' is one ordinary transaction (rolled back
 * when `fn` throws). PGlite has a single connection, so its transactions are serial anyway.
 */
export async function withSession<T>(
  database: Database,
  mode: SessionMode,
  fn: (s: SqlSession) => Promise<T>,
): Promise<T> {
  if (database.kind === 'pglite') {
    const lite = database.lite!;
    if (mode === 'plain') {
      return fn({
        query: async (text, params) => (await lite.query<unknown[]>(text, params, { rowMode: 'array' })).rows,
      });
    }
    return lite.transaction((tx) =>
      fn({ query: async (text, params) => (await tx.query<unknown[]>(text, params, { rowMode: 'array' })).rows }),
    );
  }
  const client = await database.pool!.connect();
  const session: SqlSession = {
    query: async (text, params) => (await client.query<unknown[]>({ text, values: params, rowMode: 'array' })).rows,
  };
  try {
    if (mode === 'plain') return await fn(session);
    await client.query(mode === 'read' ? 'begin isolation level repeatable read read only' : 'begin');
    try {
      const result = await fn(session);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    }
  } finally {
    client.release();
  }
}

/**
 * Settings that make PostgreSQL's text form of every value unambiguous and identical on both
 * servers: UTC offsets, ISO dates, shortest exact floats, hex bytea.
 */
export async function setPortableTextFormat(s: SqlSession): Promise<void> {
  for (const stmt of [
    "set local timezone = 'UTC'",
    "set local datestyle = 'ISO, YMD'",
    "set local intervalstyle = 'postgres'",
    'set local extra_float_digits = 1',
    "set local bytea_output = 'hex'",
  ]) {
    await s.query(stmt);
  }
}

/** Double-quotes an identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
