import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgUnits } from '../../platform/identity/tables.js';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../test/harness.js';
import type { Actor } from '../../platform/access/index.js';
import type { CallerIdEvent } from './contract.js';
import { IntakeHub, type IntakeNotice } from './live.js';
import { sessionStands } from '../../platform/live/index.js';
import { seedCustomer } from './test-data.js';

/** Reads server-sent events frame by frame; `next` gives null when nothing comes within the wait. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const next = async (waitMs = 2_000): Promise<{ event: string; data: unknown } | null> => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith(':')) continue;
        const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        return { event, data: data ? JSON.parse(data) : null };
      }
      pending ??= reader.read();
      const left = deadline - Date.now();
      if (left <= 0) return null;
      const r = await Promise.race([pending, new Promise<null>((resolve) => setTimeout(() => resolve(null), left))]);
      if (!r) return null;
      pending = null;
      if (r.done) return null;
      buffer += decoder.decode(r.value, { stream: true });
    }
  };
  return { next, cancel: () => reader.cancel().catch(() => {}) };
}

describe('caller ID pops the customer on the agent’s screen', () => {
  let t: TestApp;
  let base: string;
  let ctiToken: string;
  let readOnlyToken: string;
  let customerId: string;
  let farCustomerId: string;
  const controllers: AbortController[] = [];

  async function session(username: string): Promise<string> {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: username === 'admin' ? 'Admin12345' : DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    return /sanbao_sid=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  }

  async function openStream(username: string) {
    const ac = new AbortController();
    controllers.push(ac);
    const res = await fetch(`${base}/api/intake/events`, {
      headers: { cookie: await session(username), accept: 'text/event-stream' },
      signal: ac.signal,
    });
    return { res, stream: res.ok ? sseReader(res) : null };
  }

  const call = (token: string, body: Record<string, unknown>) =>
    fetch(`${base}/api/intake/caller-id`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const paths = Object.fromEntries((await t.database.db.select().from(orgUnits)).map((u) => [u.code, u.path]));
    customerId = (
      await seedCustomer(t.database.db, { name: '来电客户', phone: '13800138000', orgPath: paths['O-GD-01']! })
    ).id;
    farCustomerId = (
      await seedCustomer(t.database.db, { name: '浙江客户', phone: '13800138000', orgPath: paths['O-ZJ-01']! })
    ).id;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const admin = await t.login('admin');
    ctiToken = (await admin.post('/api/auth/tokens', { name: '400 热线 CTI', scopes: ['contacts.create'] })).body.token;
    readOnlyToken = (await admin.post('/api/auth/tokens', { name: 'read only', scopes: ['customers.read'] })).body
      .token;
  });
  afterAll(async () => {
    for (const c of controllers) c.abort();
    await t.close();
  });

  it('streams events to signed-in agents only', async () => {
    const { res, stream } = await openStream('hotline');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await stream!.next()).toEqual({ event: 'ready', data: { user: 'hotline' } });
    const outlet = await openStream('gd01.manager');
    expect(outlet.res.status).toBe(403);
    const anonymous = await fetch(`${base}/api/intake/events`, { headers: { accept: 'text/event-stream' } });
    expect(anonymous.status).toBe(401);
    const notStream = await fetch(`${base}/api/intake/events`, { headers: { cookie: await session('hotline') } });
    expect(notStream.status).toBe(406);
    stream!.cancel();
  });

  it('pushes a call to the named agent only, with the matching customers', async () => {
    const hotline = await openStream('hotline');
    const other = await openStream('complaints');
    expect((await hotline.stream!.next())?.event).toBe('ready');
    expect((await other.stream!.next())?.event).toBe('ready');

    const res = await call(ctiToken, { phone: '+86 138-0013-8000', agent: 'hotline', callId: 'call-1' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.phone).toBe('13800138000');
    expect(body.customers.map((c: { id: string }) => c.id).sort()).toEqual([customerId, farCustomerId].sort());

    const frame = await hotline.stream!.next();
    expect(frame?.event).toBe('caller-id');
    const event = frame!.data as CallerIdEvent;
    expect(event).toMatchObject({
      type: 'caller-id',
      callId: 'call-1',
      phone: '13800138000',
      at: t.clock.now().toISOString(),
    });
    expect(event.customers.map((c) => c.name).sort()).toEqual(['来电客户', '浙江客户']);
    expect(JSON.stringify(event)).not.toContain('orgPath');
    expect(await other.stream!.next(500)).toBeNull();
    hotline.stream!.cancel();
    other.stream!.cancel();
  });

  it('pushes to every agent in the token user’s scope when no agent is named', async () => {
    const hotline = await openStream('hotline');
    const other = await openStream('complaints');
    await hotline.stream!.next();
    await other.stream!.next();
    expect((await call(ctiToken, { phone: '13800138000' })).status).toBe(200);
    for (const s of [hotline.stream!, other.stream!]) {
      const frame = await s.next();
      expect(frame?.event).toBe('caller-id');
      expect((frame!.data as CallerIdEvent).callId).toBeNull();
    }
    // An unknown number still pops, with no customer: the agent starts a new one.
    expect((await call(ctiToken, { phone: '13911112222', agent: 'HOTLINE' })).status).toBe(200);
    const unknown = await hotline.stream!.next();
    expect((unknown!.data as CallerIdEvent).customers).toEqual([]);
    hotline.stream!.cancel();
    other.stream!.cancel();
  });

  it('needs a token with contacts.create and a valid number', async () => {
    expect((await call(readOnlyToken, { phone: '13800138000' })).status).toBe(403);
    expect((await call('sbt_nonsense', { phone: '13800138000' })).status).toBe(401);
    const bad = await call(ctiToken, { phone: '12' });
    expect(bad.status).toBe(400);
    const problem = await bad.json();
    expect(problem.errors[0].path).toBe('body.phone');
  });
});

describe('the live hub', () => {
  const quiet = { warn() {} } as never;
  const actor = (username: string, orgPath: string) => ({ username, orgPath }) as Actor;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('sends heartbeats while the session stands and ends the stream when it does not', async () => {
    const hub = new IntakeHub(quiet, 10);
    const a: string[] = [];
    const b: string[] = [];
    let bEnded = false;
    let bAlive = true;
    hub.add(
      actor('a', 'hq/'),
      (c) => a.push(c),
      () => {},
      async () => true,
    );
    hub.add(
      actor('b', 'hq/'),
      (c) => b.push(c),
      () => {
        bEnded = true;
      },
      async () => bAlive,
    );
    await sleep(35);
    expect(a.filter((c) => c === ': ping\n\n').length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    bAlive = false;
    await sleep(35);
    expect(bEnded).toBe(true);
    expect(hub.size).toBe(1);
    await hub.close();
  });

  it('delivers to the named agent or to the scope, showing only customers within each agent’s own scope', async () => {
    const hub = new IntakeHub(quiet, 60_000);
    const got: Record<string, CallerIdEvent[]> = { hq: [], gd: [], zj: [] };
    const parse = (k: string) => (c: string) => got[k]!.push(JSON.parse(/^data: (.*)$/m.exec(c)![1]!));
    hub.add(actor('hotline', 'hq/'), parse('hq'), () => {});
    hub.add(actor('gd.agent', 'hq/gd/'), parse('gd'), () => {});
    hub.add(actor('zj.agent', 'hq/zj/'), parse('zj'), () => {});
    const notice = (agent: string | null, scopePath: string): IntakeNotice => ({
      agent,
      scopePath,
      event: {
        type: 'caller-id',
        callId: null,
        phone: '13800138000',
        at: new Date(0).toISOString(),
        customers: [
          { id: '1', code: 'C1', name: '广东客户', kind: 'individual', orgPath: 'hq/gd/o1/' },
          { id: '2', code: 'C2', name: '浙江客户', kind: 'individual', orgPath: 'hq/zj/o1/' },
        ],
      },
    });
    hub.deliver(notice('GD.AGENT', 'hq/'));
    expect(got.gd!.map((e) => e.customers.map((c) => c.name))).toEqual([['广东客户']]);
    expect(got.hq).toEqual([]);
    hub.deliver(notice(null, 'hq/gd/'));
    expect(got.gd).toHaveLength(2);
    expect(got.hq).toEqual([]);
    expect(got.zj).toEqual([]);
    hub.deliver(notice(null, 'hq/'));
    expect(got.hq![0]!.customers.map((c) => c.name)).toEqual(['广东客户', '浙江客户']);
    expect(got.zj![0]!.customers.map((c) => c.name)).toEqual(['浙江客户']);
    await hub.close();
  });

  it('tells a live session from one signed out', async () => {
    const t = await createTestApp();
    try {
      const admin = await t.login('admin');
      const [row] = await t.database.db
        .execute(sql`select id_hash from sessions`)
        .then((r) => (r as unknown as { rows: { id_hash: string }[] }).rows);
      expect(await sessionStands(t.database.db, row!.id_hash, t.clock.now())).toBe(true);
      expect(
        await sessionStands(t.database.db, row!.id_hash, new Date(t.clock.now().getTime() + 30 * 24 * 3600_000)),
      ).toBe(false);
      await admin.post('/api/auth/logout');
      expect(await sessionStands(t.database.db, row!.id_hash, t.clock.now())).toBe(false);
    } finally {
      await t.close();
    }
  });
});
