import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from './harness.js';
import { setUpServiceWorld } from './service-world.js';

/*
 * Malformed input never gets a 5xx, and every refusal is problem+json. From /api/openapi.json,
 * every operation gets a fixed number of malformed variants (seeded, so a failure replays):
 * nasty path ids, broken query values, bodies with one field mangled, bodies of the wrong shape
 * or content type, garbage and truncated multipart forms, odd headers. Each variant goes once as
 * the administrator and once anonymously. Paths outside the API (the built UI's static files)
 * get the known troublemakers too. The test lists every answer that breaks the rule.
 */

const VARIANTS_PER_OPERATION = 8;
const SEED = 20261204;

/** mulberry32: a small seeded generator, so the same variants are sent on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  'x'.repeat(300),
  'y'.repeat(20_000),
  '',
  ' ',
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '../../../etc/passwd',
  '%00',
  '%',
  '😀\uD800',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '2026-13-45T25:61:00Z',
  '9'.repeat(40),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '__proto__',
  'constructor',
] as const;

function deep(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const NASTY_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53 + 1,
  -1e308,
  [],
  {},
  [null],
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__":{"x":1},"constructor":{"prototype":{"y":1}}}'),
  deep(200),
  ...NASTY_STRINGS,
];

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
}

interface Operation {
  method: string;
  path: string;
  summary: string;
  parameters: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  body?: JsonSchema;
}

/** A plausible value for a schema: the variants then break one thing in it. */
function sample(s: JsonSchema | undefined, r: Rng, ids: string[], depth = 0): unknown {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return r.pick(s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sample(alt.find((x) => x.type !== 'null') ?? alt[0], r, ids, depth + 1);
  if (s.allOf?.length) return sample(s.allOf[0], r, ids, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(k) || r.chance(0.5)) out[k] = sample(v, r, ids, depth + 1);
      }
      return out;
    }
    case 'array':
      return [sample(s.items, r, ids, depth + 1)];
    case 'integer':
    case 'number':
      return s.minimum !== undefined && s.minimum > 0 ? s.minimum : 1;
    case 'boolean':
      return r.chance(0.5);
    case 'string':
      if (s.format === 'uuid') return ids.length && r.chance(0.8) ? r.pick(ids) : crypto.randomUUID();
      if (s.format === 'date-time') return '2026-11-23T02:00:00Z';
      if (s.format === 'date') return '2026-11-23';
      return 'x';
    default:
      return null;
  }
}

/** Replaces one value somewhere in `v` (or `v` itself) with a nasty one. */
function mangle(v: unknown, r: Rng): unknown {
  if (v && typeof v === 'object' && r.chance(0.8)) {
    const copy: Record<string, unknown> | unknown[] = Array.isArray(v) ? [...v] : { ...(v as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (keys.length && r.chance(0.85)) {
      const k = r.pick(keys);
      (copy as Record<string, unknown>)[k] = mangle((copy as Record<string, unknown>)[k], r);
    } else {
      (copy as Record<string, unknown>)[r.pick(NASTY_STRINGS)] = r.pick(NASTY_VALUES);
    }
    return copy;
  }
  return r.pick(NASTY_VALUES);
}

/** Multipart bodies that are garbage, truncated, or well-formed with nasty fields. */
function multipartVariant(r: Rng): { payload: Buffer | string; contentType: string } {
  const b = 'fuzzBoundary';
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
  const field = (name: string, value: string) =>
    `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const variants: { payload: Buffer | string; contentType: string }[] = [
    { payload: 'garbage', contentType: `multipart/form-data; boundary=${b}` },
    { payload: 'garbage', contentType: 'multipart/form-data' },
    { payload: '', contentType: `multipart/form-data; boundary=${b}` },
    { payload: `${field('phone', '1380')}`.slice(0, 40), contentType: `multipart/form-data; boundary=${b}` },
    {
      payload: `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nname,phone\r\n`,
      contentType: `multipart/form-data; boundary=${b}`,
    },
    { payload: `--${b}--\r\n`, contentType: `multipart/form-data; boundary=${b}` },
    { payload: `${field('kind', 'nonsense')}--${b}--\r\n`, contentType: `multipart/form-data; boundary=${b}` },
    {
      payload: `${field('kind', 'a\u0000b')}${field('phone', '\u0000')}--${b}--\r\n`,
      contentType: `multipart/form-data; boundary=${b}`,
    },
    {
      payload: Buffer.concat([
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="photo"; filename="a\u0000.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        png,
        Buffer.from(`\r\n--${b}--\r\n`),
      ]),
      contentType: `multipart/form-data; boundary=${b}`,
    },
    { payload: `${field('__proto__', 'x')}--${b}--\r\n`, contentType: `multipart/form-data; boundary=${b}` },
  ];
  return r.pick(variants);
}

/** Percent-encoding that also takes a lone surrogate (sent as its raw UTF-8 bytes, which do not decode). */
function encode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

function pathWith(op: Operation, values: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');
}

/** One malformed request for an operation. */
function variant(op: Operation, r: Rng, ids: string[]): InjectOptions {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const values: Record<string, string> = {};
  for (const p of pathParams) values[p.name] = encode(String(sample(p.schema, r, ids) ?? 'x'));
  const query = new URLSearchParams();
  for (const p of queryParams)
    if (p.required || r.chance(0.3)) query.set(p.name, String(sample(p.schema, r, ids) ?? ''));
  const headers: Record<string, string> = {};
  let payload: InjectOptions['payload'];
  const kind = r.int(op.method === 'get' || op.method === 'delete' ? 3 : 6);
  if (kind === 0 && pathParams.length) {
    // A nasty id: NUL, over-long, dot segments, broken percent-encoding.
    const p = r.pick(pathParams);
    values[p.name] = r.pick([
      '%00',
      'a%00b',
      'x'.repeat(101),
      'x'.repeat(300),
      '%2e%2e',
      '..%2f..',
      '%E0%A4%A',
      '%',
      encode(r.pick(NASTY_STRINGS)),
    ]);
  } else if (kind <= 1 && queryParams.length) {
    const p = r.pick(queryParams);
    if (r.chance(0.3)) {
      query.append(p.name, 'a');
      query.append(p.name, 'b');
    } else query.set(p.name, String(r.pick(NASTY_STRINGS)));
  } else if (kind <= 2) {
    // Odd headers.
    const h = r.pick([
      ['if-match', r.pick(['"abc"', 'W/"-1"', '"9999999999999999999999"', '*'])],
      ['idempotency-key', r.pick(['x'.repeat(5000), '', '%00'])],
      ['accept-language', r.pick(['en', 'xx', ',;q=', 'en'.repeat(500)])],
      ['content-type', r.pick(['application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded'])],
      ['x-forwarded-for', r.pick(['not-an-ip', '999.1.1.1', ''])],
      ['range', r.pick(['bytes=999999-', 'bytes=5-1', 'bytes=x', 'lines=1-2'])],
    ] as const);
    headers[h[0]] = h[1];
    if (h[0] === 'content-type') payload = '{"a":1}';
    else if (op.body) payload = JSON.stringify(sample(op.body, r, ids));
  } else if (kind === 3) {
    const m = multipartVariant(r);
    headers['content-type'] = m.contentType;
    payload = m.payload;
  } else if (kind === 4) {
    headers['content-type'] = 'application/json';
    payload = r.pick([
      '{',
      '{"a":',
      '[',
      'null',
      '"s"',
      '42',
      '{"a":"\\u0000"}',
      '{"\\u0000":1}',
      '['.repeat(5000),
      Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
    ]);
  } else {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(mangle(sample(op.body, r, ids) ?? {}, r));
  }
  const qs = query.toString();
  return {
    method: op.method.toUpperCase() as InjectOptions['method'],
    url: pathWith(op, values) + (qs ? `?${qs}` : ''),
    headers,
    ...(payload !== undefined ? { payload } : {}),
  };
}

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** What is wrong with an answer, or null: a 5xx, or an error that is not problem+json. */
function fault(res: Answer, method: string): string | null {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 160)}`;
  if (res.statusCode >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json'))
      return `${res.statusCode} as ${type || 'no type'}: ${res.body.slice(0, 120)}`;
    if (method === 'HEAD') return null;
    try {
      const p = JSON.parse(res.body) as { code?: string; status?: number };
      if (!p.code || p.status !== res.statusCode)
        return `${res.statusCode} problem without code/status: ${res.body.slice(0, 120)}`;
    } catch {
      return `${res.statusCode} unparsable problem: ${res.body.slice(0, 120)}`;
    }
  }
  return null;
}

function describeRequest(o: InjectOptions): string {
  const url = String(o.url);
  const body = o.payload === undefined ? '' : ` ${String(o.payload).slice(0, 80).replaceAll('\u0000', '\\0')}`;
  const ct = (o.headers as Record<string, string> | undefined)?.['content-type'];
  return `${o.method} ${url.length > 120 ? `${url.slice(0, 120)}…` : url}${ct ? ` [${ct}]` : ''}${body}`;
}

describe('malformed input never gets a 5xx, and every refusal is problem+json', () => {
  let t: TestApp;
  /** The administrator's session, sent like the web app sends it. */
  let admin: { sid: string; csrfToken: string };
  let webDir: string;
  let dataDir: string;
  const ids: string[] = [];

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'sanbao-fuzz-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(webDir, 'assets', 'app-1.js'), 'console.log(1)');
    dataDir = mkdtempSync(join(tmpdir(), 'sanbao-fuzz-data-'));
    process.env.SANBAO_DATA_DIR = dataDir;
    t = await createTestApp({ demo: true, webDir });
    const w = await setUpServiceWorld(t);
    const setup: Agent = await t.login('admin');
    const order = await setup.post('/api/orders', {
      customerId: w.customerId,
      unitId: w.unitId,
      serviceType: 'on_site',
      priority: 2,
      faultDescription: '不脱水',
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    // Real ids, so some variants get past "not found" into the commands.
    ids.push(order.body.id, w.customerId, w.unitId, w.modelId, w.lineId, w.partId, w.addressId, t.hqId, setup.userId);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'Admin12345' },
    });
    admin = {
      sid: login.cookies.find((c) => c.name === 'sanbao_sid')!.value,
      csrfToken: JSON.parse(login.body).user.csrfToken,
    };
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function send(o: InjectOptions, as: typeof admin | null): Promise<Answer> {
    const opts: InjectOptions = as
      ? { ...o, cookies: { sanbao_sid: as.sid }, headers: { 'x-csrf-token': as.csrfToken, ...(o.headers as object) } }
      : o;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Answer>((resolve) => {
      timer = setTimeout(() => resolve({ statusCode: 599, headers: {}, body: 'no answer within 10 s' }), 10_000);
    });
    try {
      const res = await Promise.race([t.app.inject(opts), timeout]);
      return { statusCode: res.statusCode, headers: res.headers, body: res.body };
    } finally {
      clearTimeout(timer);
    }
  }

  it('every operation of the OpenAPI document, as the administrator and anonymously', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            summary?: string;
            parameters?: Operation['parameters'];
            requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          }
        >
      >;
    };
    const ops: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, o] of Object.entries(methods)) {
        ops.push({
          method,
          path,
          summary: o.summary ?? '',
          parameters: o.parameters ?? [],
          body: o.requestBody?.content?.['application/json']?.schema,
        });
      }
    }
    expect(ops.length).toBeGreaterThan(100);
    const r = rng(SEED);
    const faults: string[] = [];
    let sent = 0;
    for (const op of ops) {
      // Signing out would end the administrator's run; event streams never end by design.
      const adminSkips = /^\/api\/auth\/logout/.test(op.path) || /\/events$/.test(op.path);
      for (let i = 0; i < VARIANTS_PER_OPERATION; i++) {
        const o = variant(op, r, ids);
        for (const as of adminSkips ? [null] : [admin, null]) {
          const res = await send(o, as);
          sent++;
          const f = fault(res, String(o.method));
          if (f) faults.push(`${as ? 'admin' : 'anonymous'} ${describeRequest(o)} → ${f}`);
        }
      }
    }
    // Still signed in: the run exercised the commands, not just the sign-in check.
    expect((await send({ method: 'GET', url: '/api/auth/me' }, admin)).statusCode).toBe(200);
    expect(faults, `${faults.length} of ${sent} requests broke the rule`).toEqual([]);
  }, 240_000);

  it('paths outside the operations: static files, unknown API paths, broken URLs', async () => {
    const paths = [
      `/${'a'.repeat(256)}`,
      `/assets/${'b'.repeat(300)}.js`,
      '/%2e%2e/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/a%00b',
      '/assets/%00.js',
      '//etc/passwd',
      '/./index.html',
      '/%E0%A4%A',
      '/api/nothing-here',
      `/api/orders/${'c'.repeat(101)}`,
      `/api/orders/${'c'.repeat(101)}/photos`,
      `/api/customers/${'d'.repeat(300)}`,
      '/api/%00',
      '/api/orders/%E0%A4%A',
      '/api/docs/static/%2e%2e/%2e%2e/package.json',
      '/api/docs/%00',
    ];
    const faults: string[] = [];
    for (const url of paths) {
      for (const method of ['GET', 'HEAD', 'POST', 'OPTIONS', 'TRACE'] as const) {
        for (const as of [admin, null]) {
          const res = await send({ method, url }, as);
          const f = fault(res, method);
          if (f) faults.push(`${as ? 'admin' : 'anonymous'} ${method} ${url.slice(0, 80)} → ${f}`);
        }
      }
    }
    // Ranges past the end of the UI's files and the API docs' assets.
    for (const url of ['/', '/index.html', '/assets/app-1.js', '/api/docs/static/swagger-ui.css']) {
      for (const range of ['bytes=999999-', 'bytes=5-1', 'bytes=0-0,999999-']) {
        const res = await send({ method: 'GET', url, headers: { range } }, null);
        const f = fault(res, 'GET');
        if (f) faults.push(`GET ${url} Range: ${range} → ${f}`);
      }
    }
    expect(faults).toEqual([]);
  });
});
