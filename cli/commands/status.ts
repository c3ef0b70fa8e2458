import type { Command } from 'commander';
import { createHttpClient, DEFAULT_URL } from '../http.js';
import { say } from '../output.js';

interface Health {
  status: 'ok' | 'unavailable';
  db: string;
  version: string;
  migrations: { applied: number; known: number };
}

/** Adds --url to a command that talks to a running server. */
export function withServerUrl(cmd: Command): Command {
  return cmd.option(
    '--url <url>',
    `server address (default: SANBAO_URL, else 127.0.0.1 on PORT, ${DEFAULT_URL} when unset); SANBAO_TOKEN holds an API token`,
  );
}

export function registerStatus(program: Command): void {
  withServerUrl(
    program
      .command('status')
      .description('ask a running server for its health (服务状态); exit code 1 when it is not ok'),
  ).action(async (o: { url?: string }) => {
    const client = createHttpClient(o);
    const res = await client.raw<Health>('GET', '/api/health');
    const h = res.body;
    if (typeof h !== 'object' || !h || !('status' in h))
      throw new Error(`${client.baseUrl} answered HTTP ${res.status} without a health report`);
    const pending = h.migrations.known - h.migrations.applied;
    say(
      `${client.baseUrl}: ${h.status} — Sanbao ${h.version}, ${h.db}, migrations ${h.migrations.applied}/${h.migrations.known}${pending > 0 ? ` (${pending} pending)` : ''}`,
    );
    if (h.status !== 'ok') process.exitCode = 1;
  });
}
