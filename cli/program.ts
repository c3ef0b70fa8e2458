import { Command } from 'commander';
import { VERSION } from '../server/version.js';
import { registerBackup } from './commands/backup.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerMigrate } from './commands/migrate.js';
import { registerReports } from './commands/reports.js';
import { ENV_HELP, registerServe } from './commands/serve.js';
import { registerSetup } from './commands/setup.js';
import { registerStatus } from './commands/status.js';
import { registerUser } from './commands/user.js';

/**
 * The `sanbao` command. Operator commands (serve, migrate, setup, user, backup, restore) work on
 * the database in this process; everything about orders and customers goes through a running
 * server's HTTP API (cli/http.ts), like `status` does.
 */
export function buildProgram(): Command {
  const program = new Command('sanbao')
    .description('Sanbao (三包) after-sales service management')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(sanbao --help / sanbao <command> --help)')
    .addHelpText('after', ENV_HELP);
  registerServe(program);
  registerMigrate(program);
  registerSetup(program);
  registerDemo(program);
  registerUser(program);
  registerBackup(program);
  registerStatus(program);
  registerImport(program);
  registerExport(program);
  registerReports(program);
  return program;
}
