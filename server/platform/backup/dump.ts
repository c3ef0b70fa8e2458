import type { Database } from '../../db/client.js';
import { MIGRATIONS_DIR } from '../../paths.js';
import { VERSION } from '../../version.js';
import { BackupError } from './errors.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, BackupWriter, type Row } from './format.js';
import { appliedMigrations, buildMigrations } from './migrations.js';
import { ident, setPortableTextFormat, withSession } from './session.js';
import { type BackupTable, backupTables } from './tables.js';

export interface DumpOptions {
  /** Rows fetched per round trip; memory stays at about one batch whatever the database's size. */
  batchSize?: number;
  migrationsDir?: string;
  tables?: BackupTable[];
  onTable?: (table: string, rows: number) => void;
}

export interface DumpSummary {
  file: string;
  bytes: number;
  rows: number;
  tables: { name: string; rows: number }[];
  migrations: number;
}

/**
 * Writes a logical backup of every Sanbao table to `file` (see format.ts), read in one consistent
 * snapshot through a cursor. The database must be at exactly this build's migrations, so that the
 * columns written match the migrations named in the header.
 */
export async function dumpDatabase(database: Database, file: string, opts: DumpOptions = {}): Promise<DumpSummary> {
  const tables = opts.tables ?? backupTables();
  const known = buildMigrations(opts.migrationsDir ?? MIGRATIONS_DIR);
  const batchSize = opts.batchSize ?? 1000;
  const writer = new BackupWriter(file);
  const summary: DumpSummary = { file, bytes: 0, rows: 0, tables: [], migrations: 0 };
  try {
    await withSession(database, 'read', async (s) => {
      await setPortableTextFormat(s);
      const applied = await appliedMigrations(s, known);
      const same = applied.length === known.length && applied.every((m, i) => m.hash === known[i]?.hash);
      if (!same) {
        throw new BackupError('backup.schema_mismatch', {
          applied: applied.length,
          known: known.length,
          hint:
            applied.length < known.length
              ? 'run `sanbao migrate` first / 请先运行 sanbao migrate'
              : 'use the Sanbao version that last migrated it / 请使用最后迁移该库的版本备份',
        });
      }
      summary.migrations = applied.length;
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        app: VERSION,
        db: database.kind,
        migrations: applied,
      };
      await writer.write(header);
      for (const t of tables) {
        await writer.write({ table: t.name, schema: t.schema, columns: t.columns });
        const select = t.columns.map((c) => `${ident(c)}::text`).join(', ');
        await s.query(`declare backup_rows no scroll cursor for select ${select} from ${t.sql}`);
        let rows = 0;
        for (;;) {
          const batch = await s.query(`fetch forward ${batchSize} from backup_rows`);
          for (const row of batch) await writer.write(row as Row);
          rows += batch.length;
          if (batch.length < batchSize) break;
        }
        await s.query('close backup_rows');
        await writer.write({ tableEnd: t.name, rows });
        summary.tables.push({ name: t.name, rows });
        summary.rows += rows;
        opts.onTable?.(t.name, rows);
      }
      await writer.write({ complete: true, tables: tables.length, rows: summary.rows });
    });
    summary.bytes = await writer.close();
    return summary;
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
