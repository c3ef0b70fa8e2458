import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../app.js';
import type { Database } from '../db/client.js';
import { DEMO_PASSWORD } from '../demo/index.js';
import { runSetup } from '../modules/system/index.js';
import { systemCtx } from '../platform/context.js';
import { createTestDatabase } from './database.js';

export const ADMIN = { username: 'admin', password: 'Admin12345' };
export { DEMO_PASSWORD };

/** A controllable clock: tests move time instead of sleeping. */
export interface TestClock {
  now(): Date;
  set(at: Date | string): void;
  advance(ms: number): void;
}

function testClock(start = new Date('2026-11-23T02:00:00Z')): TestClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (at) => {
      t = new Date(at).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** A signed-in client: carries the session cookie and the CSRF header like the web app does. */
export interface Agent {
  userId: string;
  csrfToken: string;
  request<T = any>(
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response<T>>;
  get<T = any>(url: string): Promise<Response<T>>;
  post<T = any>(url: string, payload?: unknown): Promise<Response<T>>;
  patch<T = any>(url: string, payload?: unknown): Promise<Response<T>>;
  put<T = any>(url: string, payload?: unknown): Promise<Response<T>>;
  delete<T = any>(url: string): Promise<Response<T>>;
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: TestClock;
  hqId: string;
  /** Anonymous request. */
  request<T = any>(opts: InjectOptions): Promise<Response<T>>;
  /** Signs in (password defaults to the admin's or the demo one) and returns a client. */
  login(username: string, password?: string): Promise<Agent>;
  close(): Promise<void>;
}

function parse(res: { statusCode: number; body: string; headers: Record<string, unknown> }): Response {
  let body: unknown = res.body;
  try {
    body = res.body ? JSON.parse(res.body) : undefined;
  } catch {}
  return { status: res.statusCode, body, headers: res.headers };
}

/**
 * A fresh app on a fresh database. By default it is set up (company, HQ, admin/Admin12345);
 * `demo: true` adds the demo organisation; `setup: false` leaves it empty for the wizard tests.
 */
export async function createTestApp(
  opts: {
    setup?: boolean;
    demo?: boolean /** Demo catalog and customers too (default: the org only). */;
    demoCustomers?: boolean;
    /** Serve a built web UI from this folder, as production does (default: API only). */
    webDir?: string;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = testClock();
  const app = await buildApp({
    database,
    config: { secureCookies: false, bodyLimit: 1_048_576, logLevel: 'silent' },
    clock: clock.now,
    logger: false,
    serveWeb: opts.webDir !== undefined,
    ...(opts.webDir ? { webDir: opts.webDir } : {}),
  });
  await app.ready();
  let hqId = '';
  if (opts.setup !== false) {
    const ctx = systemCtx(database.db, { name: 'setup', now: clock.now() });
    const r = await runSetup(
      ctx,
      {
        company: '测试电器有限公司',
        timeZone: 'Asia/Shanghai',
        admin: { username: ADMIN.username, displayName: '管理员', password: ADMIN.password },
        demo: opts.demo ?? false,
      },
      { demoCustomers: opts.demoCustomers ?? false },
    );
    hqId = r.hqId;
  }
  const request = async (o: InjectOptions) => parse(await app.inject(o));
  const login = async (username: string, password?: string): Promise<Agent> => {
    const pw = password ?? (username === ADMIN.username ? ADMIN.password : DEMO_PASSWORD);
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: pw } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'sanbao_sid')!;
    const me = JSON.parse(res.body).user;
    const agentRequest = async (
      method: InjectOptions['method'],
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) =>
      parse(
        await app.inject({
          method,
          url,
          payload: payload as InjectOptions['payload'],
          cookies: { sanbao_sid: cookie.value },
          headers: { 'x-csrf-token': me.csrfToken, ...headers },
        }),
      );
    return {
      userId: me.id,
      csrfToken: me.csrfToken,
      request: agentRequest,
      get: (url) => agentRequest('GET', url),
      post: (url, p) => agentRequest('POST', url, p ?? {}),
      patch: (url, p) => agentRequest('PATCH', url, p ?? {}),
      put: (url, p) => agentRequest('PUT', url, p ?? {}),
      delete: (url) => agentRequest('DELETE', url),
    };
  };
  return {
    app,
    database,
    clock,
    hqId,
    request,
    login,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
