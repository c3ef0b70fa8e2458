import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { runSetup } from '../../modules/system/index.js';
import { MIGRATIONS_DIR } from '../../paths.js';
import { createTestDatabase } from '../../test/database.js';
import { systemCtx } from '../context.js';
import { AppError } from '../errors.js';
import { BackupError, backupTables, buildMigrations, dumpDatabase, restoreDatabase } from './index.js';

const PG = process.env.TEST_DATABASE_URL;
const work = mkdtempSync(join(tmpdir(), 'sanbao-backup-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function rows<T = Record<string, unknown>>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** A migrated PGlite in memory, never touched by TEST_DATABASE_URL. */
async function liteDatabase(migrated = true): Promise<Database> {
  const database = await openDatabase({ dataDir: 'memory://' });
  if (migrated) await migrateDatabase(database);
  return database;
}

/** Setup with the demo organisation, plus values that lose precision in a careless copy. */
async function fill(database: Database): Promise<void> {
  await runSetup(
    systemCtx(database.db, { name: 'test' }),
    {
      company: '备份测试电器',
      timeZone: 'Asia/Shanghai',
      admin: { username: 'admin', password: 'Admin12345' },
      demo: true,
      // The organisation only: the customers and 5,000 orders would make every batch-size case slow
      // without adding a column type the organisation and the trail do not already carry.
    },
    { demoCustomers: false },
  );
  await database.db.execute(
    sql`insert into events (at, actor_name, entity, entity_id, action, changes, reason)
        values ('2026-03-01 08:30:15.123456+08', '系统', 'probe', 'p1', 'probe.precise',
                '{"big": 12345678901234567890, "zh": "空调外机漏水", "nested": {"a": [1, 2.5, null]}}', E'line\\nbreak "quoted" \\\\ tab\\t')`,
  );
  await database.db.execute(sql`update org_units set lat = 0.1 + 0.2::float8, lng = 113.264385 where code = 'HQ'`);
}

/** Every table's rows as PostgreSQL text, sorted: what "the same data" means, independent of drivers. */
async function snapshot(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of backupTables()) {
    const res = await database.db.execute(sql.raw(`select row_to_json(x)::text as j from ${t.sql} x`));
    const rows = (res as unknown as { rows: { j: string }[] }).rows.map((r) => r.j);
    out[t.name] = rows.sort();
  }
  return out;
}

async function nextEventId(database: Database): Promise<number> {
  const res = await database.db.execute(
    sql`insert into events (at, actor_name, entity, entity_id, action) values (now(), 't', 'x', 'x', 'x.after') returning id`,
  );
  return Number((res as unknown as { rows: { id: number | string }[] }).rows[0]!.id);
}

async function maxEventId(database: Database): Promise<number> {
  const res = await database.db.execute(sql`select max(id)::int as m from events`);
  return Number((res as unknown as { rows: { m: number }[] }).rows[0]!.m);
}

describe('backup and restore on PGlite', () => {
  let source: Database;
  let file: string;
  let before: Record<string, string[]>;

  beforeAll(async () => {
    source = await liteDatabase();
    await fill(source);
    before = await snapshot(source);
    file = join(work, 'lite.sanbao.gz');
  });
  afterAll(() => source.close());

  it('writes a gzip JSON-lines file: header, every schema table with its rows, end marker', async () => {
    const summary = await dumpDatabase(source, file, { batchSize: 7 });
    expect(summary.rows).toBeGreaterThan(50);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: 'sanbao-backup', version: 1, db: 'pglite' });
    expect(header.migrations.map((m: { name: string }) => m.name)).toEqual(buildMigrations().map((m) => m.name));
    expect(header.migrations.length).toBeGreaterThan(0);
    const starts = lines.map((l) => JSON.parse(l)).filter((l) => l.table);
    expect(starts.map((s) => s.table).sort()).toEqual(
      backupTables()
        .map((t) => t.name)
        .sort(),
    );
    // Parents come first.
    const order = starts.map((s) => s.table);
    expect(order.indexOf('org_units')).toBeLessThan(order.indexOf('users'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('user_roles'));
    expect(order.indexOf('roles')).toBeLessThan(order.indexOf('role_permissions'));
    expect(JSON.parse(lines.at(-1)!)).toEqual({ complete: true, tables: starts.length, rows: summary.rows });
  });

  it('round-trips into a fresh, unmigrated PGlite: same rows, sequences continue after the highest id', async () => {
    const target = await liteDatabase(false);
    try {
      const r = await restoreDatabase(target, file, { batchRows: 11 });
      expect(r.rows).toBeGreaterThan(50);
      expect(await snapshot(target)).toEqual(before);
      expect(await nextEventId(target)).toBe((await maxEventId(source)) + 1);
    } finally {
      await target.close();
    }
  });

  it('refuses a target that holds data unless forced, and leaves it untouched', async () => {
    const target = await liteDatabase();
    try {
      await runSetup(systemCtx(target.db), {
        company: '另一家公司',
        timeZone: 'Asia/Shanghai',
        admin: { username: 'other', password: 'Other12345' },
        demo: false,
      });
      const err = await restoreDatabase(target, file).catch((e: any) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect(err.code).toBe('backup.target_not_empty');
      expect(err.text('en')).toContain('users');
      expect(err.text('zh-CN')).toContain('--force');
      const [other] = await rows<{ n: number }>(
        target,
        sql`select count(*)::int as n from users where username = 'other'`,
      );
      expect(other!.n).toBe(1);

      await restoreDatabase(target, file, { force: true });
      expect(await snapshot(target)).toEqual(before);
    } finally {
      await target.close();
    }
  });

  it('refuses files that are not backups, from a newer version, or cut short, changing nothing', async () => {
    const target = await liteDatabase();
    const raw = gunzipSync(readFileSync(file)).toString('utf8');
    const lines = raw.trim().split('\n');
    const header = JSON.parse(lines[0]!);
    const variants: Record<string, Buffer> = {
      'plain.txt': Buffer.from('hello\n'),
      'not-json.gz': gzipSync('hello\n'),
      'newer.gz': gzipSync(
        [
          JSON.stringify({
            ...header,
            migrations: [...header.migrations, { name: '0099_future', hash: 'f'.repeat(64), when: 1 }],
          }),
          ...lines.slice(1),
        ].join('\n'),
      ),
      'other-history.gz': gzipSync(
        [
          JSON.stringify({ ...header, migrations: [{ name: '0000_other', hash: 'e'.repeat(64), when: 1 }] }),
          ...lines.slice(1),
        ].join('\n'),
      ),
      'format-2.gz': gzipSync([JSON.stringify({ ...header, version: 2 }), ...lines.slice(1)].join('\n')),
      'cut.gz': gzipSync(lines.slice(0, -3).join('\n')),
    };
    try {
      for (const [name, content] of Object.entries(variants)) {
        const path = join(work, name);
        writeFileSync(path, content);
        const err = await restoreDatabase(target, path).catch((e: any) => e);
        expect(err, name).toBeInstanceOf(AppError);
        expect(err.code, name).toBe('backup.incompatible');
      }
      expect(Object.values(await snapshot(target)).flat()).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('loads a table whose rows reference each other in any order, and keeps its foreign key', async () => {
    const tree = `create table tree (id int primary key, parent int references tree(id))`;
    const src = await liteDatabase();
    const target = await liteDatabase();
    try {
      await src.exec(`${tree}; insert into tree values (1, null), (2, 1); update tree set parent = 2 where id = 1`);
      await target.exec(tree);
      const tables = [
        { schema: 'public', name: 'tree', sql: '"public"."tree"', columns: ['id', 'parent'], references: [] },
      ];
      const path = join(work, 'tree.gz');
      await dumpDatabase(src, path, { tables });
      // The child comes first in the file, so a plain insert in file order would break the key.
      const rowLines = gunzipSync(readFileSync(path))
        .toString('utf8')
        .split('\n')
        .filter((l) => l.startsWith('['));
      expect(rowLines).toEqual(['["2","1"]', '["1","2"]']);
      await restoreDatabase(target, path, { tables });
      expect(await rows(target, sql`select id, parent from tree order by id`)).toEqual([
        { id: 1, parent: 2 },
        { id: 2, parent: 1 },
      ]);
      const keys = await rows(
        target,
        sql`select conname from pg_constraint where contype = 'f' and conrelid = 'tree'::regclass`,
      );
      expect(keys).toHaveLength(1);
    } finally {
      await Promise.all([src.close(), target.close()]);
    }
  });

  it('restores an older backup into a newer build: loads at the old schema, then migrates', async () => {
    // A build with one more migration than the one that wrote the file.
    const dir = join(work, 'migrations-next');
    mkdirSync(join(dir, 'meta'), { recursive: true });
    for (const m of buildMigrations()) copyFileSync(join(MIGRATIONS_DIR, `${m.name}.sql`), join(dir, `${m.name}.sql`));
    writeFileSync(
      join(dir, '9999_next.sql'),
      `ALTER TABLE "users" ADD COLUMN "nickname" text;--> statement-breakpoint\nUPDATE "users" SET "nickname" = 'n:' || "username";`,
    );
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'));
    const last = journal.entries.at(-1);
    journal.entries.push({
      idx: last.idx + 1,
      version: '7',
      when: last.when + 1000,
      tag: '9999_next',
      breakpoints: true,
    });
    writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));

    const target = await liteDatabase(false);
    try {
      const r = await restoreDatabase(target, file, { migrationsDir: dir });
      expect(r.upgradedBy).toBe(1);
      const [admin] = await rows<{ nickname: string }>(
        target,
        sql`select nickname from users where username = 'admin'`,
      );
      expect(admin!.nickname).toBe('n:admin');
      // And the newer database is refused as a target for the older file, since its schema moved on.
      const err = await restoreDatabase(target, file, { migrationsDir: dir, force: true }).catch((e: any) => e);
      expect(err.code).toBe('backup.target_newer');
    } finally {
      await target.close();
    }
  });
});

describe.skipIf(!PG)('backup and restore across PGlite and PostgreSQL', () => {
  it('a PGlite backup restores into PostgreSQL, and that one back into PGlite, unchanged', async () => {
    const lite = await liteDatabase();
    const pg = await createTestDatabase();
    const back = await liteDatabase(false);
    try {
      expect(pg.kind).toBe('postgres');
      await fill(lite);
      const before = await snapshot(lite);
      const fromLite = join(work, 'from-lite.gz');
      await dumpDatabase(lite, fromLite);
      await restoreDatabase(pg, fromLite);
      expect(await snapshot(pg)).toEqual(before);
      expect(await nextEventId(pg)).toBe((await maxEventId(lite)) + 1);

      const fromPg = join(work, 'from-pg.gz');
      await dumpDatabase(pg, fromPg);
      const header = JSON.parse(gunzipSync(readFileSync(fromPg)).toString('utf8').split('\n')[0]!);
      expect(header.db).toBe('postgres');
      await restoreDatabase(back, fromPg);
      const after = await snapshot(back);
      // The probe event added on PostgreSQL came along too.
      expect(after.events!.length).toBe(before.events!.length + 1);
      expect({ ...after, events: [] }).toEqual({ ...before, events: [] });
      expect(await snapshot(back)).toEqual(await snapshot(pg));
    } finally {
      await Promise.all([lite.close(), pg.close(), back.close()]);
    }
  }, 120_000);

  it('refuses a PostgreSQL target that holds data unless forced', async () => {
    const lite = await liteDatabase();
    const pg = await createTestDatabase();
    try {
      await fill(lite);
      await runSetup(systemCtx(pg.db), {
        company: '服务器上的公司',
        timeZone: 'Asia/Shanghai',
        admin: { username: 'pgadmin', password: 'Admin12345' },
        demo: false,
      });
      const file = join(work, 'force.gz');
      await dumpDatabase(lite, file);
      expect((await restoreDatabase(pg, file).catch((e: any) => e)).code).toBe('backup.target_not_empty');
      await restoreDatabase(pg, file, { force: true });
      expect(await snapshot(pg)).toEqual(await snapshot(lite));
    } finally {
      await Promise.all([lite.close(), pg.close()]);
    }
  }, 120_000);
});
