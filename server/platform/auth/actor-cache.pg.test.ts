import type { FastifyInstance, InjectOptions } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../app.js';
import { type Database, openDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { runSetup } from '../../modules/system/index.js';
import { systemCtx } from '../context.js';

/*
 * Two app instances on one PostgreSQL database: a change made through instance A must stop
 * being answered from instance B's cache within moments (the commit's NOTIFY), not after the TTL.
 * Caches live in module state, as they would in two processes: instance B is built from a second
 * copy of the server's modules, so A's writes cannot drop B's entries by sharing them.
 * PGlite is one process and one connection, so this runs only with TEST_DATABASE_URL.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const ADMIN = { username: 'admin', password: 'Admin12345' };

describe.skipIf(!serverUrl)('caches of two instances sharing one PostgreSQL database', () => {
  const name = `sanbao_t_cache_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const instances: { app: FastifyInstance; database: Database }[] = [];
  let admin: pg.Client;

  const call = async (i: number, opts: InjectOptions) => {
    const res = await instances[i]!.app.inject(opts);
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };
  const bearer = (i: number, token: string, url: string, method: InjectOptions['method'] = 'GET', payload?: object) =>
    call(i, { method, url, headers: { authorization: `Bearer ${token}` }, payload });
  const tokenOn = async (i: number) => {
    const res = await call(i, { method: 'POST', url: '/api/auth/login', payload: { ...ADMIN, token: true } });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };
  /** Polls until `check` holds, for at most 2 seconds; returns how long it took. */
  const within2s = async (check: () => Promise<boolean>) => {
    const start = Date.now();
    while (!(await check())) {
      if (Date.now() - start > 2_000) throw new Error('not seen within 2 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now() - start;
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;

    const a = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    await migrateDatabase(a);
    await runSetup(systemCtx(a.db, { name: 'setup' }), {
      company: '双实例测试',
      timeZone: 'Asia/Shanghai',
      admin: { ...ADMIN, displayName: '管理员' },
      demo: false,
    });
    const config = { secureCookies: false, bodyLimit: 1_048_576, logLevel: 'silent' };
    const appA = await buildApp({ database: a, config, logger: false, serveWeb: false });
    await appA.ready();
    instances.push({ app: appA, database: a });

    vi.resetModules();
    const second = {
      app: (await import('../../app.js')) as typeof import('../../app.js'),
      db: (await import('../../db/client.js')) as typeof import('../../db/client.js'),
    };
    const b = await second.db.openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    const appB = await second.app.buildApp({ database: b, config, logger: false, serveWeb: false });
    await appB.ready();
    instances.push({ app: appB, database: b });
  });

  afterAll(async () => {
    for (const i of instances) {
      await i.app.close();
      await i.database.close();
    }
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('refuses on B, within 2 s, a token revoked on A', async () => {
    const token = await tokenOn(0);
    expect((await bearer(1, token, '/api/auth/me')).body.roles).toEqual(['admin']);
    // B answers from its cache: a role added behind its back does not show.
    await instances[0]!.database.pool!.query(
      `insert into user_roles (user_id, role_code) select id, 'finance' from users where username = 'admin'`,
    );
    expect((await bearer(1, token, '/api/auth/me')).body.roles).toEqual(['admin']);

    const mine = (await bearer(0, token, '/api/auth/tokens')).body.items as { id: string; prefix: string }[];
    const id = mine.find((x) => token.startsWith(x.prefix))!.id;
    expect((await bearer(0, token, `/api/auth/tokens/${id}`, 'DELETE')).status).toBe(200);
    expect((await bearer(0, token, '/api/auth/me')).status).toBe(401);
    await within2s(async () => (await bearer(1, token, '/api/auth/me')).status === 401);
  });

  it('refuses on B, within 2 s, a session signed out on A', async () => {
    const login = await instances[0]!.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    const cookies = { sanbao_sid: login.cookies.find((c) => c.name === 'sanbao_sid')!.value };
    const csrf = JSON.parse(login.body).user.csrfToken as string;
    expect((await call(1, { method: 'GET', url: '/api/auth/me', cookies })).status).toBe(200);
    const out = await call(0, { method: 'POST', url: '/api/auth/logout', cookies, headers: { 'x-csrf-token': csrf } });
    expect(out.status).toBe(200);
    await within2s(async () => (await call(1, { method: 'GET', url: '/api/auth/me', cookies })).status === 401);
  });

  it('shows on B, within 2 s, a setting changed on A', async () => {
    const token = await tokenOn(0);
    const companyOnB = async () => (await call(1, { method: 'GET', url: '/api/setup' })).body.companyName as string;
    expect(await companyOnB()).toBe('双实例测试');
    // B answers from its cache: a version added behind its back does not show.
    await instances[0]!.database.pool!.query(
      `insert into setting_versions (key, value, effective_from) values ('company.name', '"未通知"', now())`,
    );
    expect(await companyOnB()).toBe('双实例测试');

    const put = await bearer(0, token, '/api/settings/company.name', 'PUT', { value: '改名电器' });
    expect(put.status).toBe(200);
    await within2s(async () => (await companyOnB()) === '改名电器');
  });
});
