// Runs the test suite against a fresh database on a PostgreSQL server, then drops it.
// Server: $PG_ADMIN_URL or postgres://postgres@127.0.0.1:5432/postgres.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `sanbao_test_${Date.now()}`;
const run = async (sql) => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};
await run(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const res = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url.toString() },
});
await run(`drop database if exists ${name} with (force)`);
process.exit(res.status ?? 1);
