import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/client.js';
import { migrateDatabase } from '../../server/db/migrate.js';
import { DEMO_PASSWORD, demoUsers } from '../../server/demo/index.js';
import { startServer } from '../../server/main.js';
import { runSetup } from '../../server/modules/system/index.js';
import { systemCtx } from '../../server/platform/context.js';
import { ROLE_NAMES, type RoleCode } from '../../shared/permissions.js';
import { say } from '../output.js';
import { stopWithin, untilStopSignal } from './signals.js';

export const DEMO_COMPANY = '演示电器有限公司';
export const DEMO_ADMIN = { username: 'admin', password: 'Admin12345', displayName: '系统管理员' };

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('expected a port number 0–65535');
  return port;
}

/** One account per role, the first the demo data has for it, for the printed table. */
export function demoAccounts(): { username: string; password: string; role: string; name: string }[] {
  const seen = new Set<RoleCode>();
  const rows = [
    {
      username: DEMO_ADMIN.username,
      password: DEMO_ADMIN.password,
      role: '系统管理员 admin',
      name: DEMO_ADMIN.displayName,
    },
  ];
  for (const u of demoUsers()) {
    const role = u.roles[0]!;
    if (seen.has(role)) continue;
    seen.add(role);
    rows.push({
      username: u.username,
      password: DEMO_PASSWORD,
      role: `${ROLE_NAMES[role]['zh-CN']} ${role}`,
      name: u.displayName,
    });
  }
  return rows;
}

const pad = (s: string, n: number) =>
  s + ' '.repeat(Math.max(1, n - [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(`start a throwaway demo: ${DEMO_COMPANY} with demo data, deleted on exit (演示)`)
    .option('--port <port>', 'port to listen on (default: PORT or 3000; 0 picks a free one)', parsePort)
    .action(async (o: { port?: number }) => {
      const base = loadConfig();
      const dir = mkdtempSync(join(tmpdir(), 'sanbao-demo-'));
      const cleanup = () => rmSync(dir, { recursive: true, force: true });
      process.on('exit', cleanup);
      try {
        say(`正在准备演示数据 / preparing the demo in ${dir} …`);
        const database = await openDatabase({ dataDir: dir });
        try {
          await migrateDatabase(database);
          await runSetup(systemCtx(database.db, { name: 'demo' }), {
            company: DEMO_COMPANY,
            timeZone: 'Asia/Shanghai',
            admin: DEMO_ADMIN,
            demo: true,
          });
        } finally {
          await database.close();
        }
        const server = await startServer({
          ...base,
          dataDir: dir,
          databaseUrl: undefined,
          // The demo receives no mail: a real listener on the same port may be running.
          mailInbound: null,
          port: o.port ?? base.port,
          logLevel: process.env.LOG_LEVEL ?? 'warn',
        });
        say('', `Sanbao 演示 / demo: ${server.url}`, '', `${pad('账号 user', 16)}${pad('密码 password', 14)}角色 role`);
        for (const a of demoAccounts()) say(`${pad(a.username, 16)}${pad(a.password, 14)}${a.role}（${a.name}）`);
        say('', '按 Ctrl-C 结束演示并删除全部演示数据 / Ctrl-C stops the demo and deletes its data');
        await untilStopSignal();
        await stopWithin(server.stop);
      } finally {
        cleanup();
      }
    });
}
