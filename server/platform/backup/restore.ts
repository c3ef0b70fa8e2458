import type { Database } from '../../db/client.js';
import { MIGRATIONS_DIR } from '../../paths.js';
import { CACHE_CHANNEL, CACHE_RESET_NOTICE, clearCaches } from '../cache/index.js';
import { BackupError } from './errors.js';
import {
  type BackupHeader,
  type BackupLine,
  incompatible,
  parseHeader,
  parseLine,
  readBackupLines,
  type TableEnd,
  type TableStart,
  type Trailer,
} from './format.js';
import { appliedMigrations, buildMigrations, isMigrationPrefix, migrateTo } from './migrations.js';
import { ident, type SqlSession, setPortableTextFormat, withSession } from './session.js';
import { type BackupTable, backupTables } from './tables.js';

export interface RestoreOptions {
  /** Replace the data of a database that already holds some. */
  force?: boolean;
  migrationsDir?: string;
  tables?: BackupTable[];
  /** A batch is sent when it reaches this many rows or bytes, whichever comes first. */
  batchRows?: number;
  batchBytes?: number;
  onTable?: (table: string, rows: number) => void;
}

export interface RestoreSummary {
  header: BackupHeader;
  rows: number;
  tables: { name: string; rows: number }[];
  /** Migrations of this build applied after loading a backup made by an older one. */
  upgradedBy: number;
}

/**
 * Loads a backup into `database`: checks the file, refuses a target holding data (unless `force`),
 * migrates the target to the backup's migrations, loads every table in one transaction (truncate,
 * insert in the file's parent-first order, reset sequences), then applies this build's newer
 * migrations so an older backup is upgraded exactly as a live database would have been.
 */
export async function restoreDatabase(
  database: Database,
  file: string,
  opts: RestoreOptions = {},
): Promise<RestoreSummary> {
  const dir = opts.migrationsDir ?? MIGRATIONS_DIR;
  const known = buildMigrations(dir);
  const tables = opts.tables ?? backupTables();
  const lines = readBackupLines(file)[Symbol.asyncIterator]();
  try {
    const first = await lines.next();
    const header = parseHeader(first.done ? undefined : first.value);
    if (!isMigrationPrefix(header.migrations, known)) {
      const odd = header.migrations.find((m, i) => m.hash !== known[i]?.hash);
      throw incompatible(
        `made by a newer or different version of Sanbao (${header.app}); migration ${odd?.name ?? odd?.hash.slice(0, 12)} is unknown to this version`,
      );
    }

    const target = await withSession(database, 'plain', async (s) => ({
      applied: await appliedMigrations(s, known),
      withData: await tablesWithData(s, tables),
    }));
    if (!isMigrationPrefix(target.applied, known)) {
      throw new BackupError('backup.schema_mismatch', {
        applied: target.applied.length,
        known: known.length,
        hint: 'the target was migrated by a newer or different version / 目标库由更新或不同的版本迁移过',
      });
    }
    if (target.applied.length > header.migrations.length) {
      throw new BackupError('backup.target_newer', {
        applied: target.applied.length,
        backup: header.migrations.length,
      });
    }
    if (target.withData.length > 0 && !opts.force) {
      throw new BackupError('backup.target_not_empty', { tables: target.withData.join(', ') });
    }
    if (target.applied.length < header.migrations.length) await migrateTo(database, dir, header.migrations.length);

    const loaded = await withSession(database, 'write', async (s) => {
      const r = await loadTables(s, lines, tables, {
        batchRows: opts.batchRows ?? 500,
        batchBytes: opts.batchBytes ?? 1 << 20,
        onTable: opts.onTable,
      });
      // Every cached value (settings, who a session is…) describes the data just replaced: every
      // instance on this database drops all of them when the load commits.
      await s.query('select pg_notify($1, $2)', [CACHE_CHANNEL, CACHE_RESET_NOTICE]);
      return r;
    });
    clearCaches('all');
    const upgradedBy = known.length - header.migrations.length;
    if (upgradedBy > 0) await migrateTo(database, dir);
    return { header, ...loaded, upgradedBy };
  } finally {
    await lines.return?.(undefined);
  }
}

/** Names of the given tables that exist and hold at least one row. */
async function tablesWithData(s: SqlSession, tables: BackupTable[]): Promise<string[]> {
  const existing = await existingTables(s, tables);
  if (existing.length === 0) return [];
  const probe = existing.map((t, i) => `select ${i} where exists (select 1 from ${t.sql})`).join(' union all ');
  return (await s.query(`${probe} order by 1`)).map(([i]) => existing[Number(i)]!.name);
}

async function existingTables(s: SqlSession, tables: BackupTable[]): Promise<BackupTable[]> {
  if (tables.length === 0) return [];
  const rows = await s.query(
    'select i from unnest($1::text[]) with ordinality as t(name, i) where to_regclass(name) is not null',
    [tables.map((t) => t.sql)],
  );
  return rows.map(([i]) => tables[Number(i) - 1]!);
}

interface TargetColumn {
  name: string;
  type: string;
  generated: boolean;
  sequence: string | null;
}

interface OpenTable {
  start: TableStart;
  sql: string;
  insert: string;
  sequences: { column: string; sequence: string }[];
  rows: number;
  batch: string[];
  batchBytes: number;
}

interface DeferredKey {
  table: string;
  name: string;
  definition: string;
}

async function loadTables(
  s: SqlSession,
  lines: AsyncIterator<string>,
  tables: BackupTable[],
  opts: { batchRows: number; batchBytes: number; onTable?: (table: string, rows: number) => void },
): Promise<{ rows: number; tables: { name: string; rows: number }[] }> {
  await setPortableTextFormat(s);
  const existing = await existingTables(s, tables);
  if (existing.length > 0) await s.query(`truncate table ${existing.map((t) => t.sql).join(', ')} restart identity`);

  const loadedOids = new Set<string>();
  const deferred: DeferredKey[] = [];
  const done: { name: string; rows: number }[] = [];
  let open: OpenTable | null = null;
  let total = 0;
  let lineNo = 1;

  const flush = async (t: OpenTable) => {
    if (t.batch.length === 0) return;
    await s.query(t.insert, [`[${t.batch.join(',')}]`]);
    t.batch = [];
    t.batchBytes = 0;
  };

  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    lineNo += 1;
    const text = next.value;
    if (text === '') continue;
    const line: BackupLine = parseLine(text, lineNo);
    if (Array.isArray(line)) {
      if (!open) throw incompatible(`line ${lineNo}: a row outside any table`);
      if (line.length !== open.start.columns.length) {
        throw incompatible(
          `line ${lineNo}: ${line.length} values for ${open.start.columns.length} columns of ${open.start.table}`,
        );
      }
      open.batch.push(text);
      open.batchBytes += text.length;
      open.rows += 1;
      if (open.batch.length >= opts.batchRows || open.batchBytes >= opts.batchBytes) await flush(open);
    } else if ('table' in line) {
      if (open) throw incompatible(`line ${lineNo}: table ${line.table} starts before ${open.start.table} ends`);
      open = await openTable(s, line, loadedOids, deferred);
    } else if ('tableEnd' in line) {
      if (!open || line.tableEnd !== open.start.table)
        throw incompatible(`line ${lineNo}: unexpected end of table ${line.tableEnd}`);
      await closeTable(s, open, line);
      done.push({ name: open.start.table, rows: open.rows });
      total += open.rows;
      opts.onTable?.(open.start.table, open.rows);
      open = null;
    } else if ('complete' in line) {
      checkTrailer(line, open, done.length, total);
      // Keys a parent-first order cannot satisfy (self-references, cycles) are checked here, over all rows.
      for (const k of deferred) await s.query(`alter table ${k.table} add constraint ${ident(k.name)} ${k.definition}`);
      return { rows: total, tables: done };
    } else {
      throw incompatible(`line ${lineNo}: unknown entry`);
    }
  }
  throw incompatible('the file ends early (cut short while copying?)');
}

async function openTable(
  s: SqlSession,
  start: TableStart,
  loadedOids: Set<string>,
  deferred: DeferredKey[],
): Promise<OpenTable> {
  if (typeof start.table !== 'string' || !Array.isArray(start.columns)) throw incompatible('damaged table entry');
  const sql = `${ident(start.schema ?? 'public')}.${ident(start.table)}`;
  const [oidRow] = await s.query('select to_regclass($1::text)::oid::text', [sql]);
  const oid = oidRow?.[0] as string | null;
  if (!oid) throw incompatible(`table ${start.table} does not exist in this database`);
  const columns: TargetColumn[] = (
    await s.query(
      `select a.attname::text, format_type(a.atttypid, a.atttypmod), a.attgenerated::text <> '', pg_get_serial_sequence($1::text, a.attname)
         from pg_attribute a where a.attrelid = $2::text::oid and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      [sql, oid],
    )
  ).map(([name, type, generated, sequence]) => ({
    name: String(name),
    type: String(type),
    generated: generated === true,
    sequence: (sequence as string | null) ?? null,
  }));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const casts = start.columns.map((name, i) => {
    const c = byName.get(name);
    if (!c || c.generated) throw incompatible(`column ${start.table}.${name} does not exist in this database`);
    return `(r->>${i})::${c.type}`;
  });
  const keys = await s.query(
    `select conname::text, conrelid::regclass::text, confrelid::text, pg_get_constraintdef(oid)
       from pg_constraint where contype = 'f' and conrelid = $1::text::oid`,
    [oid],
  );
  for (const [name, table, parentOid, definition] of keys) {
    if (loadedOids.has(String(parentOid))) continue;
    await s.query(`alter table ${String(table)} drop constraint ${ident(String(name))}`);
    deferred.push({ name: String(name), table: String(table), definition: String(definition) });
  }
  loadedOids.add(oid);
  return {
    start,
    sql,
    insert: `insert into ${sql} (${start.columns.map(ident).join(', ')}) overriding system value select ${casts.join(', ')} from json_array_elements($1::text::json) as r`,
    sequences: columns.filter((c) => c.sequence).map((c) => ({ column: c.name, sequence: c.sequence! })),
    rows: 0,
    batch: [],
    batchBytes: 0,
  };
}

async function closeTable(s: SqlSession, t: OpenTable, end: TableEnd): Promise<void> {
  if (t.batch.length > 0) await s.query(t.insert, [`[${t.batch.join(',')}]`]);
  t.batch = [];
  if (end.rows !== t.rows) throw incompatible(`table ${t.start.table}: ${t.rows} rows read, ${end.rows} written`);
  // The next id continues after the highest restored one (events.id is a bigserial).
  for (const q of t.sequences) {
    await s.query(
      `select setval($1::text::regclass, (select coalesce(max(${ident(q.column)}), 0) + 1 from ${t.sql}), false)`,
      [q.sequence],
    );
  }
}

function checkTrailer(line: Trailer, open: OpenTable | null, tables: number, rows: number): void {
  if (open) throw incompatible(`the file ends inside table ${open.start.table}`);
  if (line.tables !== tables || line.rows !== rows) {
    throw incompatible(
      `the end marker counts ${line.tables} tables / ${line.rows} rows, the file holds ${tables} / ${rows}`,
    );
  }
}
