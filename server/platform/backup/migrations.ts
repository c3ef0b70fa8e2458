import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migrateLite } from 'drizzle-orm/pglite/migrator';
import type { Database } from '../../db/client.js';
import { MIGRATIONS_DIR } from '../../paths.js';
import type { SqlSession } from './session.js';

/** A migration as drizzle records it: the file's sha256 and the journal's `when`. */
export interface MigrationRef {
  name: string | null;
  hash: string;
  when: number;
}

interface Journal {
  entries: { tag: string; when: number }[];
}

function readJournal(dir: string): Journal {
  return JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** The migrations this build ships, in order, hashed the way drizzle's migrator hashes them. */
export function buildMigrations(dir: string = MIGRATIONS_DIR): MigrationRef[] {
  return readJournal(dir).entries.map((e) => ({
    name: e.tag,
    hash: createHash('sha256')
      .update(readFileSync(join(dir, `${e.tag}.sql`)))
      .digest('hex'),
    when: e.when,
  }));
}

/** What the database has applied (empty when it was never migrated), named from `known` where possible. */
export async function appliedMigrations(s: SqlSession, known: MigrationRef[]): Promise<MigrationRef[]> {
  const [exists] = await s.query(`select to_regclass('drizzle.__drizzle_migrations') is not null`);
  if (!exists?.[0]) return [];
  const rows = await s.query('select hash, created_at::text from drizzle.__drizzle_migrations order by created_at, id');
  return rows.map(([hash, when]) => ({
    name: known.find((k) => k.hash === hash)?.name ?? null,
    hash: String(hash),
    when: Number(when),
  }));
}

/** True when `a` is `b` or an earlier state of it (same migrations, same order). */
export function isMigrationPrefix(a: MigrationRef[], b: MigrationRef[]): boolean {
  return a.length <= b.length && a.every((m, i) => m.hash === b[i]?.hash);
}

/** Same key as server/db/migrate.ts, so a restore never migrates alongside a starting instance. */
const MIGRATION_LOCK = 727_3301;

/**
 * Applies the first `count` migrations of `dir` (all when omitted). A partial run copies the
 * journal's first entries into a temporary folder, because drizzle's migrator takes a folder.
 */
export async function migrateTo(database: Database, dir: string = MIGRATIONS_DIR, count?: number): Promise<void> {
  let folder = dir;
  const journal = readJournal(dir);
  if (count !== undefined && count < journal.entries.length) {
    folder = mkdtempSync(join(tmpdir(), 'sanbao-migrations-'));
    mkdirSync(join(folder, 'meta'));
    const entries = journal.entries.slice(0, count);
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const e of entries) copyFileSync(join(dir, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  }
  try {
    if (database.kind === 'pglite') {
      await migrateLite(database.db as never, { migrationsFolder: folder });
      return;
    }
    const client = await database.pool!.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const { drizzle } = await import('drizzle-orm/node-postgres');
      await migratePg(drizzle(client), { migrationsFolder: folder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      client.release();
    }
  } finally {
    if (folder !== dir) rmSync(folder, { recursive: true, force: true });
  }
}
