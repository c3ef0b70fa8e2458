import { sql } from 'drizzle-orm';
import { openDatabase } from '../server/db/client.js';
import { migrateDatabase } from '../server/db/migrate.js';
import { ensureSlaDefaults } from '../server/modules/sla/index.js';
import { ensureWarrantyDefaults } from '../server/modules/warranty/index.js';

/*
 * One life of the restart benchmark (bench/restart.ts): starts on the data folder as the server
 * does before it listens (open with crash recovery, migrate, the SLA and warranty defaults), says
 * how long that took, writes `mb` megabytes of rows, lets the checkpoint timer look once, says how
 * much WAL a crash would leave, and idles until it is killed. `checkpoints=off` turns the timer off
 * (the behaviour before it existed).
 */

const [dir, mode, mbArg] = process.argv.slice(2);
const t0 = performance.now();
const database = await openDatabase({
  dataDir: dir!,
  checkpointEveryMs: 500,
  checkpointWalBytes: mode === 'off' ? Number.MAX_SAFE_INTEGER : undefined,
});
await migrateDatabase(database);
await ensureSlaDefaults(database.db);
await ensureWarrantyDefaults(database.db);
const startMs = performance.now() - t0;
const lite = database.lite!;
await lite.exec('create table if not exists bench_restart_probe (id bigserial primary key, v text not null)');
// About 1 MB of WAL per statement (rows of 200 bytes plus index entries).
for (let i = 0; i < Number(mbArg); i++) {
  await lite.exec(`insert into bench_restart_probe (v) select repeat('x', 200) from generate_series(1, 3500)`);
}
await new Promise((r) => setTimeout(r, 1500));
const res = (await database.db.execute(
  sql`select pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::text as b from pg_control_checkpoint()`,
)) as unknown as { rows: { b: string }[] };
process.stdout.write(
  `${JSON.stringify({ startMs: Math.round(startMs), walToReplayMb: Number(res.rows[0]!.b) / 1048576 })}\n`,
);
setInterval(() => {}, 60_000);
