import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleLite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The typed client every command and query receives; the same type for PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; commands take `Db | Tx` where they may run inside one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbLike = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Raw SQL for the few places that need it (migrations, backup, health). */
  exec(text: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Present for PGlite only: the single in-process connection. */
  lite?: PGlite;
  pool?: pg.Pool;
}

export interface DbOptions {
  /** postgres://… for a server; otherwise PGlite in `dataDir` (or in memory when dataDir is 'memory://'). */
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(opts: DbOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    });
    // An idle client losing its server must not crash the process; health reports it instead.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      pool,
      exec: async (text) => {
        await pool.query(text);
      },
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
  }
  const dir = opts.dataDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create(dir.startsWith('memory://') ? undefined : dir);
  const db = drizzleLite(lite, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    lite,
    exec: async (text) => {
      await lite.exec(text);
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => lite.close(),
  };
}
