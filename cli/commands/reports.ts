import { type Command, InvalidArgumentError } from 'commander';
import { migrateDatabase } from '../../server/db/migrate.js';
import { rebuildFacts } from '../../server/modules/reports/index.js';
import { describeTarget, withDatabase } from '../database.js';
import { say } from '../output.js';
import { downloadXlsx } from './export.js';
import { type ServerAuth, withServerAuth } from './import.js';

/*
 * `sanbao reports …` (docs/reports.md): the operator's rebuild of the reports' read model, in this
 * process on the configured database; and the monthly summary and the daily ledger downloaded as
 * XLSX from a running server, within the token user's scope, as the screen's export button does.
 */

const month = (v: string) => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new InvalidArgumentError('expected a month, YYYY-MM');
  return v;
};
const day = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new InvalidArgumentError('expected a day, YYYY-MM-DD');
  return v;
};

interface Narrow extends ServerAuth {
  by?: string;
  province?: string;
  centerId?: string;
  outletId?: string;
}

function params(o: Narrow, extra: Record<string, string>): URLSearchParams {
  const p = new URLSearchParams(extra);
  if (o.by) p.set('by', o.by);
  if (o.province) p.set('province', o.province);
  if (o.centerId) p.set('centerId', o.centerId);
  if (o.outletId) p.set('outletId', o.outletId);
  return p;
}

const narrow = (cmd: Command) =>
  cmd
    .option('--province <code>', 'only this province (2-digit code, e.g. 44)')
    .option('--center-id <id>', 'only this center')
    .option('--outlet-id <id>', 'only this outlet');

export function registerReports(program: Command): void {
  const cmd = program
    .command('reports')
    .description('reports: rebuild the read model, download the monthly summary or the daily ledger (报表)');
  cmd
    .command('rebuild')
    .description('recompute every order’s report facts (after a bulk load or a change of the company time zone)')
    .action(async () => {
      await withDatabase('sanbao reports rebuild', async (database, config) => {
        await migrateDatabase(database);
        const started = Date.now();
        const n = await rebuildFacts(database.db, new Date(), (m) => say(m));
        const s = Math.round((Date.now() - started) / 100) / 10;
        say(
          `已重算 ${n} 张服务单的报表数据，用时 ${s} 秒（${describeTarget(config)}）`,
          `Rebuilt the report facts of ${n} orders in ${s} s (${describeTarget(config)})`,
        );
      });
    });
  withServerAuth(
    narrow(
      cmd
        .command('monthly <out>')
        .description('the monthly summary against the 3-day and 7-day targets as XLSX (月度汇总)')
        .requiredOption('--month <YYYY-MM>', 'the month', month)
        .option('--by <unit>', 'province, center or outlet', 'province'),
    ),
  ).action((out: string, o: Narrow & { month: string }) =>
    downloadXlsx('/api/reports/monthly.xlsx', params(o, { month: o.month }), out, o),
  );
  withServerAuth(
    narrow(
      cmd
        .command('daily <out>')
        .description('the daily ledger as XLSX (维修台账): received, sent to outlets, completed, open')
        .requiredOption('--from <YYYY-MM-DD>', 'first day', day)
        .requiredOption('--to <YYYY-MM-DD>', 'last day', day)
        .option('--by <unit>', 'day, province, center or outlet', 'day'),
    ),
  ).action((out: string, o: Narrow & { from: string; to: string }) =>
    downloadXlsx('/api/reports/daily.xlsx', params(o, { from: o.from, to: o.to }), out, o),
  );
}
