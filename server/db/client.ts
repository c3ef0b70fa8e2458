import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleLite } from 'drizzle-orm/pglite';
import pg from 'pg';
/**
 * The typed client every command and query receives; the same type for PGlite and PostgreSQL.
 * Built without the schema: nothing uses drizzle's relational queries (`db.query.…`), and with
 * a schema every transaction builds one query builder per table on opening (bench/README.md,
 * "Parts").
 */
export type Db = PgDatabase<PgQueryResultHKT>;
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
  /** PostgreSQL: how long a request waits for a free pooled connection before it is refused as busy (ms). */
  connectTimeoutMs?: number;
  /** PGlite on disk: how often to look at the WAL written since the last checkpoint (ms). */
  checkpointEveryMs?: number;
  /** PGlite on disk: checkpoint once this much WAL was written since the last one (bytes). */
  checkpointWalBytes?: number;
  /** PGlite in memory: start from this dumped data folder (`dumpDataDir`) instead of an empty one. */
  loadDataDir?: Blob;
}

/*
 * PGlite runs PostgreSQL in single-user mode: there is no checkpointer process, and neither
 * checkpoint_timeout nor max_wal_size starts a checkpoint there (both are requests to the
 * checkpointer). Without one, the WAL since the last clean start grows for the whole uptime, and
 * after a crash (kill -9, power loss) the next start replays all of it: restarts grew slower with
 * every crash-and-write cycle (measured: 73 MB of WAL added 3–5 s to a restart). So an open data
 * folder is checkpointed from here once a segment's worth of WAL (16 MB) has piled up, looked at
 * every 30 s; a crash replays at most that much plus 30 s of writes. Recovery itself ends with a
 * checkpoint, and a clean close writes one. In memory there is nothing to replay.
 */
const CHECKPOINT_EVERY_MS = 30_000;
const CHECKPOINT_WAL_BYTES = 16 * 1024 * 1024;

/** Checkpoints `lite` whenever the WAL since the last checkpoint passes `walBytes`; returns the stop. */
function startCheckpoints(lite: PGlite, everyMs: number, walBytes: number): () => Promise<void> {
  let running: Promise<void> | null = null;
  const check = async () => {
    // Queries wait for an open transaction on the one connection, so this never lands inside one.
    const res = await lite.query<{ behind: string }>(
      'select pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::text as behind from pg_control_checkpoint()',
    );
    if (Number(res.rows[0]?.behind ?? 0) >= walBytes) await lite.exec('checkpoint');
  };
  const timer = setInterval(() => {
    if (running) return;
    running = check()
      .catch(() => {})
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

export async function openDatabase(opts: DbOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    });
    // An idle client losing its server must not crash the process; health reports it instead.
    pool.on('error', () => {});
    const db = drizzlePg(pool) as unknown as Db;
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
  const onDisk = !dir.startsWith('memory://');
  const lite = await PGlite.create(onDisk ? dir : undefined, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  const db = drizzleLite(lite) as unknown as Db;
  const stopCheckpoints = onDisk
    ? startCheckpoints(
        lite,
        opts.checkpointEveryMs ?? CHECKPOINT_EVERY_MS,
        opts.checkpointWalBytes ?? CHECKPOINT_WAL_BYTES,
      )
    : async () => {};
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
    close: async () => {
      await stopCheckpoints();
      await lite.close();
    },
  };
}
