import { openDatabase } from './client.js';

/*
 * A process for db/crash-restart.test.ts: opens the PGlite data folder given as argument (crash
 * recovery happens here), says how many rows the previous lives committed, writes several
 * megabytes of WAL, waits for the checkpoint timer to catch up, says so, and idles until the test
 * kills it with SIGKILL.
 */

const dir = process.argv[2]!;
const database = await openDatabase({ dataDir: dir, checkpointEveryMs: 100, checkpointWalBytes: 1024 * 1024 });
const lite = database.lite!;
await lite.exec('create table if not exists crash_probe (id serial primary key, v text not null)');
const rows = Number((await lite.query<{ n: string }>('select count(*)::text as n from crash_probe')).rows[0]!.n);
for (let i = 0; i < 10; i++) {
  await lite.exec(`insert into crash_probe (v) select repeat('x', 200) from generate_series(1, 2000)`);
}
const behind = async () =>
  Number(
    (
      await lite.query<{ b: string }>(
        'select pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::text as b from pg_control_checkpoint()',
      )
    ).rows[0]!.b,
  );
const until = Date.now() + 20_000;
let wal = await behind();
while (wal >= 1024 * 1024 && Date.now() < until) {
  await new Promise((r) => setTimeout(r, 100));
  wal = await behind();
}
process.stdout.write(`${JSON.stringify({ rows, written: 20_000, walToReplay: wal })}\n`);
setInterval(() => {}, 60_000);
