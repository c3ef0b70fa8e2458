import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * PGlite on disk survives crash after crash, and the WAL a crash leaves to replay stays bounded:
 * PGlite has no checkpointer, so db/client.ts checkpoints an open data folder itself. Each life
 * of crash-child.ts writes ~4 MB of WAL; with checkpoints at 1 MB (the test's setting) what a
 * SIGKILL leaves behind is under 1 MB, and the next start finds every committed row. How long a
 * restart takes is measured by `npm run bench -- restart`, not here.
 */

const dir = mkdtempSync(join(tmpdir(), 'sanbao-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Life {
  rows: number;
  written: number;
  walToReplay: number;
}

/** Starts a life on the folder, waits for its report, then kills it without warning. */
async function liveAndCrash(): Promise<Life> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (b) => {
    err += String(b);
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (b) => {
      out += String(b);
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`the child ended (${code}) before it reported: ${err}`)));
  });
  child.kill('SIGKILL');
  await exited;
  return JSON.parse(line) as Life;
}

describe('PGlite crash and restart', () => {
  it('restarts after every crash with what was committed, and leaves little WAL to replay', async () => {
    let committed = 0;
    for (let i = 0; i < 4; i++) {
      const life = await liveAndCrash();
      expect(life.rows, `life ${i}`).toBe(committed);
      expect(life.walToReplay, `life ${i}: WAL left to replay`).toBeLessThan(1024 * 1024);
      committed += life.written;
    }
  }, 600_000);
});
