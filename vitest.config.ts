import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'shared/**/*.test.ts',
      'cli/**/*.test.ts',
      'web/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Both cores: the default leaves one for the runner, and PGlite runs in the worker itself.
    maxWorkers: 2,
    // One migrated database for the run; each file's database is a copy of it.
    globalSetup: ['server/test/global-setup.ts'],
    // On PostgreSQL: fails a file that sends queries at once on one client (a transaction).
    setupFiles: ['server/test/pg-guard.ts'],
  },
});
