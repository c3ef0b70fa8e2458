import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../server/db/client.js';
import { ROOT } from '../server/paths.js';
import { lockDataDir } from './data-lock.js';

/*
 * The real command, end to end, against a PGlite folder: few tests, since each spawn opens PGlite.
 * DATABASE_URL is cleared so they never touch a server.
 */
const work = mkdtempSync(join(tmpdir(), 'sanbao-cli-test-'));
const dataDir = join(work, 'data');
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sanbao(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, SANBAO_DATA_DIR: dataDir, DATABASE_URL: '', SANBAO_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function inspect<T>(dir: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir: dir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

describe('sanbao setup and user create, end to end on a PGlite folder', { timeout: 60_000 }, () => {
  it('refuses a weak password in both languages, naming the option, before creating any data', async () => {
    const r = await sanbao(['setup', '--company', '测试电器有限公司', '--admin', 'boss', '--password', 'short']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('password.weak');
    expect(r.stderr).toContain('密码至少8位，且须包含字母和数字');
    expect(r.stderr).toContain('Passwords need at least 8 characters with letters and digits');
    expect(r.stderr).toContain('--password');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('sets up once, then refuses a second setup with exit code 1', async () => {
    const ok = await sanbao([
      'setup',
      '--company',
      '测试电器有限公司',
      '--admin',
      'boss',
      '--password',
      'Passw0rd1',
      '--display-name',
      '老板',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Sanbao is set up: 测试电器有限公司, administrator boss');
    const again = await sanbao(['setup', '--company', '别的公司', '--admin', 'boss2', '--password', 'Passw0rd1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('setup.already_done');
    expect(again.stderr).toContain('系统已完成初始化');
    expect(again.stderr).toContain('Sanbao is already set up');
  });

  it('creates a user with several roles and audits it as the CLI', async () => {
    const r = await sanbao(
      ['user', 'create', '--username', 'zhang.san', '--password', 'Passw0rd9', '--name', '张三', '--unit', 'HQ'].concat(
        ['--role', 'dispatcher', '--role', 'hotline_agent', '--mobile', '13800000009'],
      ),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Created user zhang.san (张三)');
    const weak = await sanbao([
      'user',
      'create',
      '--username',
      'li.si',
      '--password',
      'abc',
      '--name',
      '李四',
      '--unit',
      'HQ',
      '--role',
      'technician',
    ]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('password.weak');

    await inspect(dataDir, async (database) => {
      const [u] = await rows<{ id: string; mobile: string; roles: string }>(
        database,
        sql`select u.id, u.mobile, string_agg(r.role_code, ',' order by r.role_code) as roles
              from users u join user_roles r on r.user_id = u.id where u.username = 'zhang.san' group by u.id`,
      );
      expect(u).toMatchObject({ mobile: '13800000009', roles: 'dispatcher,hotline_agent' });
      const events = await rows<{ actor_name: string }>(
        database,
        sql`select actor_name from events where action = 'user.created' and entity_id = ${u!.id}`,
      );
      expect(events).toHaveLength(1);
      expect(events[0]!.actor_name).toMatch(/^sanbao-cli/);
      expect(await rows(database, sql`select 1 from users where username = 'li.si'`)).toHaveLength(0);
    });
  });

  it('backs up to a file and restores it into another data folder', async () => {
    const file = join(work, 'backup.jsonl.gz');
    const b = await sanbao(['backup', file]);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    const other = join(work, 'other');
    const r = await sanbao(['restore', file], { SANBAO_DATA_DIR: other });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = await inspect(other, (database) =>
      rows<{ username: string }>(database, sql`select username from users order by username`),
    );
    expect(names.map((n) => n.username)).toEqual(['boss', 'zhang.san']);
  });

  it('tells the user to stop the server when the data folder is in use', async () => {
    const release = lockDataDir(dataDir, 'sanbao serve');
    try {
      const r = await sanbao(['backup', join(work, 'never.gz')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('stop the server first, then run sanbao backup again');
      expect(r.stderr).toContain('请先停止服务器');
      expect(existsSync(join(work, 'never.gz'))).toBe(false);
    } finally {
      release();
    }
  });
});
