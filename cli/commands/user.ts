import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import type { Database } from '../../server/db/client.js';
import { createUser } from '../../server/modules/org/index.js';
import { UserCreate } from '../../server/modules/org/index.js';
import { needsSetup } from '../../server/modules/system/index.js';
import { checkPasswordRules } from '../../server/platform/auth/passwords.js';
import { AppError, fieldError } from '../../server/platform/errors.js';
import { orgUnits } from '../../server/platform/identity/tables.js';
import { ROLE_CODES } from '../../shared/permissions.js';
import { withDatabase } from '../database.js';
import { type OptionNames, renameFields, say, tryRule, validationError } from '../output.js';
import { cliCtx } from './actor.js';
import { resetPasswordByOperator } from './reset-password.js';

const CREATE_OPTIONS: OptionNames = {
  username: '--username',
  displayName: '--name',
  password: '--password',
  mobile: '--mobile',
  roles: '--role',
  orgUnitId: '--unit',
};

interface CreateOpts {
  username: string;
  password: string;
  name: string;
  unit: string;
  role: string[];
  mobile?: string;
}

interface ResetOpts {
  username: string;
  password: string;
  mustChange?: boolean;
}

/** Account commands need a set-up database; they never migrate it (`sanbao migrate` or `serve` does). */
async function requireSetUp(database: Database): Promise<void> {
  const pending = await needsSetup(database.db).catch(() => true);
  if (pending) throw new AppError('setup.required');
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)];

export function registerUser(program: Command): void {
  const user = program
    .command('user')
    .description('manage accounts directly in the database (用户管理); for operators with access to the server');

  user
    .command('create')
    .description('create an account in an org unit, with one or more roles (新建用户)')
    .requiredOption('--username <username>', 'sign-in name: letters, digits, _ . -')
    .requiredOption('--password <password>', 'initial password: 8+ characters with letters and digits')
    .requiredOption('--name <name>', 'display name (姓名)')
    .requiredOption('--unit <code>', 'code of the org unit, e.g. HQ or O-GD-01')
    .requiredOption('--role <role>', `role, repeatable or comma-separated: ${ROLE_CODES.join(', ')}`, collect)
    .option('--mobile <mobile>', 'mobile number (11 digits), also usable to sign in')
    .addHelpText(
      'after',
      '\nExample:\n  sanbao user create --username zhang.san --password Passw0rd1 --name 张三 --unit HQ --role dispatcher',
    )
    .action(async (o: CreateOpts) => {
      const parsed = UserCreate.omit({ orgUnitId: true }).safeParse({
        username: o.username,
        displayName: o.name,
        password: o.password,
        mobile: o.mobile ?? null,
        roles: o.role,
      });
      if (!parsed.success) throw validationError(parsed.error, CREATE_OPTIONS);
      tryRule(() => checkPasswordRules(o.password, 'password'), CREATE_OPTIONS);
      await withDatabase('sanbao user create', async (database) => {
        await requireSetUp(database);
        const [unit] = await database.db.select().from(orgUnits).where(eq(orgUnits.code, o.unit.trim()));
        if (!unit) throw fieldError('--unit', 'entity.not_found', { entity: o.unit });
        const row = await createUser(cliCtx(database.db), { ...parsed.data, orgUnitId: unit.id }).catch(
          (err: unknown) => {
            throw renameFields(err, CREATE_OPTIONS);
          },
        );
        const roles = [...new Set(parsed.data.roles)].join(', ');
        say(
          `已创建用户 ${row.username}（${row.displayName}），所属 ${unit.name} [${unit.code}]，角色 ${roles}`,
          `Created user ${row.username} (${row.displayName}) in ${unit.name} [${unit.code}] with roles ${roles}; id ${row.id}`,
        );
      });
    });

  user
    .command('reset-password')
    .description('set a new password, end the account’s sessions and clear its sign-in lockout (重置密码)')
    .requiredOption('--username <username>', 'the account')
    .requiredOption('--password <password>', 'new password: 8+ characters with letters and digits')
    .option('--must-change', 'ask for a new password at the next sign-in')
    .action(async (o: ResetOpts) => {
      tryRule(() => checkPasswordRules(o.password, 'password'), { password: '--password' });
      await withDatabase('sanbao user reset-password', async (database) => {
        await requireSetUp(database);
        const r = await resetPasswordByOperator(cliCtx(database.db), {
          username: o.username,
          password: o.password,
          mustChange: o.mustChange === true,
        }).catch((err: unknown) => {
          throw renameFields(err, { password: '--password' });
        });
        say(
          `已重置 ${o.username} 的密码，结束了 ${r.sessionsEnded} 个会话`,
          `Password of ${o.username} reset; ${r.sessionsEnded} session(s) ended`,
        );
      });
    });
}
