import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * `npm run bench -- restart`: PGlite restart time after repeated crashes. A fresh data folder is
 * started (bench/restart-child.ts), written to, killed with SIGKILL, and started again, `crashes`
 * times, once with the checkpoint timer of db/client.ts and once without it (as before). Each
 * restart's time is what the server spends before it listens: open with crash recovery, migrate,
 * defaults.
 */

export interface RestartRound {
  checkpoints: 'on' | 'off';
  mbPerLife: number;
  /** Start time of each life in ms; the first is a fresh folder (initdb), the rest follow a crash. */
  startMs: number[];
  /** WAL (MB) each life left for the next start to replay when it was killed. */
  walToReplayMb: number[];
}

async function life(dir: string, checkpoints: 'on' | 'off', mb: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'restart-child.ts'), dir, checkpoints, String(mb)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (b) => {
      out += String(b);
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`restart child ended (${code}) before it reported`)));
  });
  child.kill('SIGKILL');
  await exited;
  return JSON.parse(line) as { startMs: number; walToReplayMb: number };
}

export async function restartRound(
  checkpoints: 'on' | 'off',
  crashes: number,
  mbPerLife: number,
): Promise<RestartRound> {
  const dir = mkdtempSync(join(tmpdir(), 'sanbao-bench-restart-'));
  try {
    const round: RestartRound = { checkpoints, mbPerLife, startMs: [], walToReplayMb: [] };
    for (let i = 0; i <= crashes; i++) {
      const r = await life(dir, checkpoints, mbPerLife);
      round.startMs.push(r.startMs);
      round.walToReplayMb.push(Math.round(r.walToReplayMb * 10) / 10);
    }
    return round;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatRestartTable(rounds: RestartRound[]): string {
  const lines = [
    '| checkpoints | MB written per life | start after crash 1…n (ms) | WAL left per crash (MB) |',
    '| --- | --- | --- | --- |',
  ];
  for (const r of rounds) {
    lines.push(
      `| ${r.checkpoints} | ${r.mbPerLife} | ${r.startMs.slice(1).join(' → ')} | ${r.walToReplayMb.slice(0, -1).join(', ')} |`,
    );
  }
  return lines.join('\n');
}
