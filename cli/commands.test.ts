import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemCtx } from '../server/platform/context.js';
import { AppError, fieldError } from '../server/platform/errors.js';
import { createTestApp } from '../server/test/harness.js';
import { resetPasswordByOperator } from './commands/reset-password.js';
import { DataDirInUse, LOCK_FILE, lockDataDir } from './data-lock.js';
import { ApiError, createHttpClient, defaultServerUrl, ServerUnreachable } from './http.js';
import { errorLines, renameFields, validationError } from './output.js';
import { buildProgram } from './program.js';

const work = mkdtempSync(join(tmpdir(), 'sanbao-cli-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the sanbao command', () => {
  it('lists every command in its help, and each has its own', () => {
    const program = buildProgram();
    const help = program.helpInformation();
    for (const c of ['serve', 'migrate', 'setup', 'demo', 'user', 'backup', 'restore', 'status'])
      expect(help).toContain(c);
    const user = program.commands.find((c) => c.name() === 'user')!;
    expect(user.commands.map((c) => c.name())).toEqual(['create', 'reset-password']);
    const restore = program.commands.find((c) => c.name() === 'restore')!;
    expect(restore.helpInformation()).toContain('--force');
  });
});

describe('error output', () => {
  it('prints code, Chinese and English, and the options at fault', () => {
    const err = renameFields(fieldError('admin.password', 'password.weak'), { 'admin.password': '--password' });
    expect(errorLines(err)).toEqual([
      '错误 password.weak：密码至少8位，且须包含字母和数字',
      'Error password.weak: Passwords need at least 8 characters with letters and digits',
      '  --password',
    ]);
  });

  it('turns schema failures into validation.failed naming options', () => {
    const schema = z.object({ admin: z.object({ username: z.string().min(2) }), roles: z.array(z.enum(['a', 'b'])) });
    const parsed = schema.safeParse({ admin: { username: 'x' }, roles: ['c'] });
    const err = validationError(parsed.error!, { 'admin.username': '--admin', roles: '--role' });
    expect(err).toBeInstanceOf(AppError);
    const lines = errorLines(err).join('\n');
    expect(lines).toContain('validation.failed');
    expect(lines).toContain('--admin: 太短或太小（最小 2） / is too short or too small (min 2)');
    expect(lines).toContain('--role: 取值不在允许范围内 / is not one of the allowed values (a, b)');
  });
});

describe('data folder lock', () => {
  it('refuses a folder held by a live process and takes over one left by a dead process', () => {
    const dir = join(work, 'lock');
    const release = lockDataDir(dir, 'sanbao serve');
    expect(() => lockDataDir(dir, 'sanbao backup')).not.toThrow(); // this very pid: a reused pid after a restart
    release();

    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: process.ppid, host: hostname(), command: 'sanbao serve', since: 'x' }),
    );
    let err: unknown;
    try {
      lockDataDir(dir, 'sanbao backup');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirInUse);
    expect((err as DataDirInUse).lines().join('\n')).toContain('stop the server first');

    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), command: 'x', since: 'x' }),
    );
    const again = lockDataDir(dir, 'sanbao backup');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    again();
  });
});

describe('HTTP client', () => {
  it('sends the bearer token, returns bodies and raises the server problem', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.url === '/api/health') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: 'ok' }));
        return;
      }
      res.statusCode = 403;
      res.setHeader('content-type', 'application/problem+json');
      res.end(JSON.stringify({ code: 'auth.forbidden', params: { permission: 'orders.read' }, detail: '没有权限' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const client = createHttpClient({}, { SANBAO_URL: url, SANBAO_TOKEN: 'sbt_x' });
      expect(await client.get('/api/health')).toEqual({ status: 'ok' });
      const err = await client.get('/api/orders').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(errorLines(err)[1]).toBe('Error auth.forbidden: Not allowed: orders.read');
      expect(seen).toEqual(['Bearer sbt_x', 'Bearer sbt_x']);
    } finally {
      server.close();
    }
    const down = await createHttpClient({ url })
      .get('/api/health')
      .catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ServerUnreachable);
  });

  it('finds the local server by PORT and HOST when no address is given', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'ok' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = String((server.address() as AddressInfo).port);
    try {
      const client = createHttpClient({}, { PORT: port, HOST: '0.0.0.0' });
      expect(client.baseUrl).toBe(`http://127.0.0.1:${port}`);
      expect(await client.get('/api/health')).toEqual({ status: 'ok' });
    } finally {
      server.close();
    }
    expect(defaultServerUrl({})).toBe('http://127.0.0.1:3000');
    expect(defaultServerUrl({ HOST: '::1', PORT: '3100' })).toBe('http://[::1]:3100');
    expect(createHttpClient({}, { PORT: '3100', SANBAO_URL: 'http://h:1/' }).baseUrl).toBe('http://h:1');
  });
});

describe('user reset-password', () => {
  it('sets the new password, ends the sessions, clears the lockout and audits it', async () => {
    const t = await createTestApp();
    try {
      const admin = await t.login('admin');
      expect((await admin.get('/api/auth/me')).status).toBe(200);
      await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'wrong-1' } });
      const failuresOf = async () =>
        (
          (await t.database.db.execute(
            sql`select count(*)::int as n from login_throttles where key like 'account:%' and failures > 0`,
          )) as unknown as {
            rows: { n: number }[];
          }
        ).rows[0]!.n;
      expect(await failuresOf()).toBe(1);
      const ctx = systemCtx(t.database.db, { name: 'sanbao-cli (ops)' });
      const r = await resetPasswordByOperator(ctx, { username: 'ADMIN', password: 'Fresh2026pw', mustChange: true });
      expect(r.sessionsEnded).toBe(1);
      expect((await admin.get('/api/auth/me')).status).toBe(401);
      const again = await t.login('admin', 'Fresh2026pw');
      expect((await again.get('/api/auth/me')).body.mustChangePassword).toBe(true);
      const ev = (
        (await t.database.db.execute(
          sql`select actor_name, changes from events where action = 'user.password_reset'`,
        )) as unknown as {
          rows: { actor_name: string; changes: Record<string, { before: unknown; after: unknown }> }[];
        }
      ).rows;
      expect(ev).toHaveLength(1);
      expect(ev[0]!.actor_name).toBe('sanbao-cli (ops)');
      expect(ev[0]!.changes.passwordHash).toEqual({ before: '***', after: '***' });
      expect(ev[0]!.changes.mustChangePassword).toEqual({ before: false, after: true });
      expect(await failuresOf()).toBe(0);

      const weak = await resetPasswordByOperator(ctx, {
        username: 'admin',
        password: 'short',
        mustChange: false,
      }).catch((e: unknown) => e);
      expect((weak as AppError).code).toBe('password.weak');
      const missing = await resetPasswordByOperator(ctx, {
        username: 'nobody',
        password: 'Fresh2026pw',
        mustChange: false,
      }).catch((e: unknown) => e);
      expect((missing as AppError).code).toBe('entity.not_found');
    } finally {
      await t.close();
    }
  });
});
