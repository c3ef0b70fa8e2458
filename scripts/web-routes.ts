/**
 * Writes web/api/routes.ts, the browser's table of the API: for every route the server registers,
 * its path parameters, query, body and answer as types taken from the modules' contract.ts
 * schemas, keyed `'GET /api/orders/:id'`. The web client (`api.call`, `useApiQuery`) reads its
 * types from this table, so a URL and its request and answer shapes cannot drift apart.
 *
 *   npx tsx scripts/web-routes.ts          rewrite the table
 *   npx tsx scripts/web-routes.ts --check  fail when the committed table is stale (CI)
 *
 * The routes are read by registering them on a bare Fastify instance (no database is opened);
 * each schema is named by the contract export it is (by identity), and a schema built inline in a
 * route (a list wrapper, a small params object) is written out as its TypeScript shape.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Fastify, { type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerModules } from '../server/modules/index.js';
import { authRoutes } from '../server/platform/auth/routes.js';
import { healthRoutes } from '../server/platform/health.js';
import { inboxRoutes } from '../server/platform/notify/index.js';
import { ROOT } from '../server/paths.js';

const OUT = join(ROOT, 'web/api/routes.ts');

function contractFiles(dir: string): string[] {
  let out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(contractFiles(p));
    else if (e === 'contract.ts') out.push(p);
  }
  return out;
}

const isSchema = (v: unknown): v is z.ZodType => v instanceof z.ZodType;

interface Ref {
  ns: string;
  /** The export, or the export and a key for a record of schemas (`ACTION_BODIES['dispatch']`). */
  expr: string;
}

/** Every schema a contract exports, by identity → where the browser finds its type. */
async function contractIndex(): Promise<{ refs: Map<z.ZodType, Ref>; imports: Map<string, string> }> {
  const refs = new Map<z.ZodType, Ref>();
  const imports = new Map<string, string>();
  const files = contractFiles(join(ROOT, 'server')).sort();
  const records: [Record<string, unknown>, string, string][] = [];
  for (const file of files) {
    const rel = relative(ROOT, file);
    // server/modules/work-orders/contract.ts → workOrders; platform ones keep a platform prefix.
    const ns = rel
      .replace(/^server\/(modules\/)?/, '')
      .replace(/\/contract\.ts$/, '')
      .split(/[/-]/)
      .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
      .join('');
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod).sort(([a], [b]) => a.localeCompare(b))) {
      if (isSchema(value)) {
        if (!refs.has(value)) refs.set(value, { ns, expr: `typeof ${ns}.${name}` });
      } else if (value && typeof value === 'object' && !Array.isArray(value)) {
        records.push([value as Record<string, unknown>, ns, name]);
      }
    }
    imports.set(ns, `../../${rel.replace(/\.ts$/, '.js')}`);
  }
  // A schema that is also exported by name (VersionBody) goes by that name, not by a record's key.
  for (const [record, ns, name] of records) {
    for (const [key, inner] of Object.entries(record)) {
      if (isSchema(inner) && !refs.has(inner)) refs.set(inner, { ns, expr: `(typeof ${ns}.${name})['${key}']` });
    }
  }
  return { refs, imports };
}

type Side = 'I' | 'O';

const literal = (v: unknown) => (typeof v === 'string' ? `'${v.replace(/['\\]/g, '\\$&')}'` : String(v));

/** The TypeScript type of a schema: a contract export by name, anything else by its shape. */
function typeOf(schema: z.ZodType, side: Side, refs: Map<z.ZodType, Ref>, used: Set<string>): string {
  const ref = refs.get(schema);
  if (ref) {
    used.add(ref.ns);
    return `${side}<${ref.expr}>`;
  }
  const t = (s: z.ZodType) => typeOf(s, side, refs, used);
  // biome-ignore lint/suspicious/noExplicitAny: Zod's internal definition differs per kind.
  const def = (schema as any)._zod.def;
  switch (def.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'undefined':
    case 'void':
      return 'undefined';
    case 'unknown':
    case 'any':
      return 'unknown';
    case 'enum':
      return Object.values(def.entries as Record<string, string>)
        .map(literal)
        .join(' | ');
    case 'literal':
      return (def.values as unknown[]).map(literal).join(' | ');
    case 'array':
      return `Array<${t(def.element)}>`;
    case 'optional':
      return `${t(def.innerType)} | undefined`;
    case 'nullable':
      return `${t(def.innerType)} | null`;
    case 'default':
    case 'prefault':
      return side === 'I' ? `${t(def.innerType)} | undefined` : t(def.innerType);
    case 'readonly':
    case 'catch':
      return t(def.innerType);
    case 'pipe':
      return side === 'I' ? t(def.in) : t(def.out);
    case 'union':
      return (def.options as z.ZodType[]).map((o) => `(${t(o)})`).join(' | ');
    case 'record':
      return `Record<${t(def.keyType)}, ${t(def.valueType)}>`;
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = Object.entries(shape).map(([k, v]) => {
        const optional = side === 'I' ? v.safeParse(undefined).success : v._zod.optout === 'optional';
        return `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}${optional ? '?' : ''}: ${t(v)}`;
      });
      return `{ ${fields.join('; ')} }`;
    }
    default:
      return 'unknown';
  }
}

async function render(): Promise<string> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (r) => {
    routes.push(r);
  });
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(inboxRoutes);
  // Registering loads every route; the instance is never made ready (its hooks would open the
  // database's listeners), only dropped.
  await registerModules(app);

  const { refs, imports } = await contractIndex();
  const used = new Set<string>();
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const r of routes) {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) {
      if (method === 'HEAD' || !r.url.startsWith('/api/')) continue;
      const key = `${method} ${r.url}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // biome-ignore lint/suspicious/noExplicitAny: Fastify types schemas as unknown.
      const schema = (r.schema ?? {}) as Record<string, any>;
      const fields: string[] = [];
      const names = [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
      if (names.length) fields.push(`params: { ${names.map((n) => `${n}: string`).join('; ')} }`);
      if (isSchema(schema.querystring)) fields.push(`query: ${typeOf(schema.querystring, 'I', refs, used)}`);
      if (isSchema(schema.body)) fields.push(`body: ${typeOf(schema.body, 'I', refs, used)}`);
      const response = schema.response ?? {};
      const ok = [200, 201, '200', '201'].map((s) => response[s]).find(isSchema);
      const answer = ok ? typeOf(ok, 'O', refs, used) : response[204] || response['204'] ? 'undefined' : 'unknown';
      fields.push(`response: ${answer}`);
      lines.push(`  '${key}': { ${fields.join('; ')} };`);
    }
  }
  lines.sort();

  const head = [
    '// Generated by scripts/web-routes.ts from the routes the server registers and the contracts',
    '// they use: do not edit; run `npx tsx scripts/web-routes.ts` after changing a route.',
    "import type { z } from 'zod';",
    ...[...imports].filter(([ns]) => used.has(ns)).map(([ns, path]) => `import type * as ${ns} from '${path}';`),
    '',
    '/** What the browser sends (a schema’s input: defaults and coercions still to apply). */',
    'type I<T extends z.ZodType> = z.input<T>;',
    '/** What the server answers (a schema’s output, as serialised). */',
    'type O<T extends z.ZodType> = z.output<T>;',
    '',
    '/** Every API route: path parameters, query, body and the answer of a success. */',
    'export interface Routes {',
  ];
  return `${[...head, ...lines, '}'].join('\n')}\n`;
}

const text = await render();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('web/api/routes.ts is stale: run `npx tsx scripts/web-routes.ts` and commit it.');
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
  console.log(`web/api/routes.ts: ${text.split('\n').filter((l) => l.startsWith("  '")).length} routes`);
}
process.exit(0);
