import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';

export interface ScenarioRow {
  scenario: string;
  database: 'pglite' | 'postgres';
  /** What was sent, e.g. `GET /api/audit?limit=50 as gd01.manager`. */
  request: string;
  result?: LoadResult;
  /** Why it did not run (e.g. the endpoint does not exist yet). */
  skipped?: string;
  /** Sanbao write req/s ÷ bare insert req/s on the same database (write rows only). */
  ratio?: number;
  /** Create req/s ÷ the same rows written by a bare handler in one transaction (orders benchmark). */
  ratioSameRows?: number;
  rssMbAfter: number;
}

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** Load averages (1, 5, 15 min): other work on the machine skews the figures. */
export function loadAvg(): number[] {
  return os.loadavg().map((n) => Math.round(n * 100) / 100);
}

export function machineFacts() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMb: Math.round(os.totalmem() / 1_048_576),
  };
}

/** The commit measured, and whether the working tree differed from it (others work concurrently). */
export function codeVersion(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'server', 'shared'], {
      encoding: 'utf8',
    }).trim();
    return { commit, dirty: status.length > 0 };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

export function peakRssMb(): number {
  // maxRSS is in kilobytes; it covers this process (servers and drivers), not the load child.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export function formatTable(rows: ScenarioRow[]): string {
  const head = ['scenario', 'database', 'req/s', 'p50 ms', 'p99 ms', 'errors/non-2xx', 'ratio', '÷ same rows'];
  const body = rows.map((r) => {
    if (!r.result) return [r.scenario, r.database, '—', '—', '—', '—', `skipped: ${r.skipped ?? ''}`];
    const x = r.result;
    return [
      r.scenario,
      r.database,
      String(Math.round(x.reqPerSec)),
      String(round(x.p50Ms)),
      String(round(x.p99Ms)),
      `${x.errors + x.timeouts}/${x.non2xx}`,
      r.ratio === undefined ? '' : r.ratio.toFixed(2),
      r.ratioSameRows === undefined ? '' : r.ratioSameRows.toFixed(2),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * Writes `<benchmark>-<date>.json` and the latest file atomically (via a gitignored .tmp file):
 * `latest.json` for the foundation benchmark, `latest-<benchmark>.json` for the others.
 */
export function writeResults(report: unknown, startedAt: Date, benchmark = 'foundation'): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const latest = benchmark === 'foundation' ? 'latest.json' : `latest-${benchmark}.json`;
  const names = [`${benchmark}-${startedAt.toISOString().slice(0, 10)}.json`, latest];
  return names.map((name) => {
    const path = join(RESULTS_DIR, name);
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
    return path;
  });
}
