import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { dumpDatabase, restoreDatabase } from '../../server/platform/backup/index.js';
import { describeTarget, withDatabase } from '../database.js';
import { say } from '../output.js';

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 1_048_576 ? 2 : 1)} MB`;

const FORMAT_HELP = `
The file is gzip'd JSON lines: a header (format, version, time, migrations, source database)
and then every table's rows. It restores into PGlite or PostgreSQL, whichever made it.
With PGlite, stop the server first: one process at a time may open the data folder.`;

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write the whole database to a backup file (备份)')
    .argument('<file>', 'where to write, e.g. sanbao-2026-11-23.jsonl.gz')
    .addHelpText('after', FORMAT_HELP)
    .action(async (file: string) => {
      const path = resolve(file);
      await withDatabase('sanbao backup', async (database, config) => {
        const s = await dumpDatabase(database, path);
        say(
          `备份完成：${path}（${mb(s.bytes)}，${s.tables.length} 张表，${s.rows} 行，来自 ${describeTarget(config)}）`,
          `Backup written: ${path} (${mb(s.bytes)}, ${s.tables.length} tables, ${s.rows} rows, from ${describeTarget(config)})`,
        );
      });
    });

  program
    .command('restore')
    .description('replace the database with the contents of a backup file (还原)')
    .argument('<file>', 'a file written by `sanbao backup`')
    .option('--force', 'replace the data of a database that is not empty (覆盖已有数据)')
    .addHelpText('after', FORMAT_HELP)
    .action(async (file: string, o: { force?: boolean }) => {
      const path = resolve(file);
      if (!existsSync(path)) throw new Error(`no such file: ${path} / 文件不存在`);
      await withDatabase('sanbao restore', async (database, config) => {
        const r = await restoreDatabase(database, path, { force: o.force === true });
        say(
          `还原完成：${r.tables.length} 张表，${r.rows} 行，备份时间 ${r.header.createdAt}（${r.header.db} → ${describeTarget(config)}）`,
          `Restored ${r.tables.length} tables, ${r.rows} rows from the backup of ${r.header.createdAt} (${r.header.db} → ${describeTarget(config)})`,
        );
        if (r.upgradedBy > 0)
          say(`The backup was upgraded by ${r.upgradedBy} newer migration(s) / 已升级 ${r.upgradedBy} 个迁移`);
      });
    });
}
