import type { Command } from 'commander';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/main.js';
import { lockDataDir } from '../data-lock.js';
import { stopWithin, untilStopSignal } from './signals.js';

export const ENV_HELP = `
Environment:
  PORT              port to listen on (default 3000)
  HOST              address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  SANBAO_DATA_DIR   PGlite data folder (default ./data)
  DATABASE_URL      postgres://… to use a PostgreSQL server instead of PGlite
  LOG_LEVEL         pino level (default info)
  MAIL_INBOUND_PORT SMTP port receiving after-sales mail from the company's relay (unset: off)
  MAIL_INBOUND_HOST address the mail listener binds (default 127.0.0.1)
  MAIL_INBOUND_MAX_MB  largest mail accepted, MB (default 20)
  MAIL_INBOUND_OWN_ADDRESSES  our own sending addresses, comma-separated: their mail is not logged`;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the server: web UI and API (启动服务)')
    .addHelpText('after', ENV_HELP)
    .action(async () => {
      const config = loadConfig();
      const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir, 'sanbao serve');
      try {
        const server = await startServer(config);
        const signal = await untilStopSignal();
        process.stderr.write(`${signal}: stopping Sanbao…\n`);
        await stopWithin(server.stop);
      } finally {
        release();
      }
    });
}
