import type { Command } from 'commander';
import { migrateDatabase } from '../../server/db/migrate.js';
import { DEMO_PASSWORD } from '../../server/demo/index.js';
import { runSetup } from '../../server/modules/system/index.js';
import { checkPasswordRules } from '../../server/platform/auth/passwords.js';
import { SetupBody } from '../../server/platform/config/contract.js';
import { describeTarget, withDatabase } from '../database.js';
import { type OptionNames, renameFields, say, tryRule, validationError } from '../output.js';
import { cliCtx } from './actor.js';

const SETUP_OPTIONS: OptionNames = {
  company: '--company',
  timeZone: '--time-zone',
  'admin.username': '--admin',
  'admin.password': '--password',
  'admin.displayName': '--display-name',
};

interface SetupOpts {
  company: string;
  admin: string;
  password: string;
  displayName?: string;
  timeZone: string;
  demo?: boolean;
}

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('set Sanbao up without the browser wizard: company, first administrator, demo data (初始化)')
    .requiredOption('--company <name>', 'company name (公司名称)')
    .requiredOption('--admin <username>', 'username of the first administrator')
    .requiredOption('--password <password>', 'their password: 8+ characters with letters and digits')
    .option('--display-name <name>', 'their display name (default: the username)')
    .option('--time-zone <zone>', 'IANA time zone for business rules', 'Asia/Shanghai')
    .option('--demo', `also load the demo organisation (accounts use the password ${DEMO_PASSWORD})`)
    .addHelpText(
      'after',
      '\nExample:\n  sanbao setup --company 某某电器有限公司 --admin admin --password Admin12345 --display-name 系统管理员',
    )
    .action(async (o: SetupOpts) => {
      const parsed = SetupBody.safeParse({
        company: o.company,
        timeZone: o.timeZone,
        admin: { username: o.admin, displayName: o.displayName, password: o.password },
        demo: o.demo === true,
      });
      if (!parsed.success) throw validationError(parsed.error, SETUP_OPTIONS);
      // Refuse a weak password before opening (and perhaps creating) the database.
      tryRule(() => checkPasswordRules(o.password, 'admin.password'), SETUP_OPTIONS);
      await withDatabase('sanbao setup', async (database, config) => {
        await migrateDatabase(database);
        await runSetup(cliCtx(database.db), parsed.data).catch((err: unknown) => {
          throw renameFields(err, SETUP_OPTIONS);
        });
        const body = parsed.data;
        say(
          `已完成初始化：${body.company}，管理员 ${body.admin.username}（${describeTarget(config)}）`,
          `Sanbao is set up: ${body.company}, administrator ${body.admin.username} (${describeTarget(config)})`,
        );
        if (body.demo) say(`演示数据已加载，演示账号密码 / demo accounts' password: ${DEMO_PASSWORD}`);
      });
    });
}
