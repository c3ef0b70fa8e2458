import type { Command } from 'commander';
import { appliedMigrationCount, knownMigrations, migrateDatabase } from '../../server/db/migrate.js';
import { describeTarget, withDatabase } from '../database.js';
import { say } from '../output.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit (数据库迁移); `serve` also does this at start')
    .action(async () => {
      await withDatabase('sanbao migrate', async (database, config) => {
        const before = await appliedMigrationCount(database).catch(() => 0);
        await migrateDatabase(database);
        const after = await appliedMigrationCount(database);
        const known = knownMigrations().length;
        say(
          `已执行 ${after - before} 个迁移，数据库现为 ${after}/${known}（${describeTarget(config)}）`,
          `Applied ${after - before} migration(s); the database is at ${after} of ${known} (${describeTarget(config)})`,
        );
      });
    });
}
