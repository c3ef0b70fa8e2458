import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../paths.js';

/*
 * The import rules of docs/architecture.md, read from the source: a module uses another only
 * through its index.ts and only one lower in the order; the platform never imports modules;
 * shared/ is browser-safe; web/ imports only web/, shared/ and modules' contract.ts.
 */

/** Bottom to top. A module may import only modules listed before it. */
const MODULE_ORDER = [
  'org',
  'customers',
  'intake',
  'knowledge',
  'sla',
  'warranty',
  'work-orders',
  'dispatch',
  'parts',
  'planning',
  'complaints',
  'callbacks',
  'recalls',
  'care',
  'money',
  'settlement',
  'notifications',
  'reports',
  'system',
];

function walk(dir: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e === 'node_modules' || e === 'dist') continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (/\.(ts|tsx)$/.test(e)) out.push(p);
  }
  return out;
}

interface Import {
  from: string;
  to: string;
  spec: string;
}

function importsOf(file: string): Import[] {
  const src = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of src.matchAll(re)) {
    const spec = m[1] ?? m[2]!;
    if (!spec.startsWith('.')) continue;
    const to = relative(ROOT, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
    out.push({ from: relative(ROOT, file), to, spec });
  }
  return out;
}

const all = ['server', 'shared', 'web', 'cli'].flatMap((d) => walk(join(ROOT, d))).flatMap(importsOf);
const moduleOf = (p: string) => /^server\/modules\/([^/]+)\//.exec(p)?.[1] ?? null;

/*
 * SQL names tables the import rule cannot see: a module reading another module's table by name
 * in raw SQL is an edge of the module graph all the same, untyped and invisible. So each module's
 * own tables are read from its tables files (`pgTable('name'`), and no module's source may name
 * another module's table inside SQL text: the static text of `sql`…`` templates, and string
 * literals (and untagged templates) passed to `execute(` or `sql.raw(` or reading as a statement.
 * What one module needs of another goes through a typed function of the other's index.ts, or, up
 * the order, through a port the module above provides (docs/architecture.md, "Who may import whom").
 */

/**
 * Files allowed to name other modules' tables in SQL, each with its reason. Nothing else may join
 * this list: give the owning module a typed function instead.
 */
const SQL_ALLOWLIST = new Set<string>([]);

const STATEMENT = /^\s*(select|insert|update|delete|with)\s/i;

/**
 * The SQL texts of a TypeScript source. A small scanner, not a parser: it follows strings,
 * comments, regular expressions and templates with their `${…}` expressions (nested templates
 * included), and keeps the static text of `sql` templates and the strings that are SQL.
 */
function sqlTexts(src: string): string[] {
  const out: string[] = [];
  const open: { sql: boolean; sqlArg: boolean; text: string; depth: number }[] = [];
  let inText = false;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (inText) {
      const t = open[open.length - 1]!;
      if (c === '\\') {
        t.text += src.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        open.pop();
        inText = false;
        i++;
        if (t.sql || t.sqlArg || STATEMENT.test(t.text)) out.push(t.text);
      } else if (c === '$' && src[i + 1] === '{') {
        t.text += ' ? ';
        t.depth = 0;
        inText = false;
        i += 2;
      } else {
        t.text += c;
        i++;
      }
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    const before = src.slice(Math.max(0, i - 80), i);
    if (c === '/' && /(^|[(,=:[!&|?{};+\-*%<>~^]|\breturn)\s*$/.test(before)) {
      // A regular expression literal: skip it, character classes included.
      let cls = false;
      i++;
      while (i < n && src[i] !== '\n') {
        const d = src[i]!;
        if (d === '\\') i++;
        else if (cls) cls = d !== ']';
        else if (d === '[') cls = true;
        else if (d === '/') break;
        i++;
      }
      i++;
      continue;
    }
    const sqlArg = /(?:execute|\.raw)\(\s*$/.test(before);
    if (c === '"' || c === "'") {
      let s = '';
      i++;
      while (i < n && src[i] !== c) {
        if (src[i] === '\\') i++;
        s += src[i] ?? '';
        i++;
      }
      i++;
      if (sqlArg || STATEMENT.test(s)) out.push(s);
      continue;
    }
    if (c === '`') {
      // The tag: `sql`…``, `sql<T>`…``, `anything.sql`…``.
      const sql = /(?:^|[^\w.])(?:[\w.]*\.)?sql\s*(?:<[^<>`]*>)?\s*$/.test(before);
      open.push({ sql, sqlArg, text: '', depth: 0 });
      inText = true;
      i++;
      continue;
    }
    const t = open[open.length - 1];
    if (t && c === '{') t.depth++;
    if (t && c === '}') {
      if (t.depth === 0) {
        inText = true;
        i++;
        continue;
      }
      t.depth--;
    }
    i++;
  }
  return out;
}

const MODULES_DIR = join(ROOT, 'server/modules');
const moduleNames = readdirSync(MODULES_DIR).filter((m) => statSync(join(MODULES_DIR, m)).isDirectory());

/** Table name → owning module, from every module's tables files. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const m of moduleNames) {
    for (const f of walk(join(MODULES_DIR, m)).filter((p) => /tables\.ts$/.test(p))) {
      for (const x of readFileSync(f, 'utf8').matchAll(/pgTable\(\s*['"]([a-z0-9_]+)['"]/g)) owners.set(x[1]!, m);
    }
  }
  return owners;
}

describe('architecture', () => {
  it('finds the source', () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it('modules import other modules only through index.ts, and only lower ones', () => {
    const bad: string[] = [];
    for (const i of all) {
      const from = moduleOf(i.from);
      const to = moduleOf(i.to);
      if (!to || from === to) continue;
      // The route registry is the one place that wires every module's routes.
      if (i.from === 'server/modules/index.ts' && /^server\/modules\/[^/]+\/(.+\/)?[^/]*routes\.ts$/.test(i.to))
        continue;
      // db/schema.ts lists every tables file, a sub-module's (parts/returns) included.
      if (i.from === 'server/db/schema.ts' && /^server\/modules\/[^/]+\/(.+\/)?tables\.ts$/.test(i.to)) continue;
      // The browser reads contracts directly (types and schemas only); the web rule below covers it.
      if (i.from.startsWith('web/') && /\/contract\.ts$/.test(i.to)) continue;
      // A contract may build on a lower module's contract (zod schemas only, browser-safe).
      const contractToContract = /\/contract\.ts$/.test(i.from) && /\/contract\.ts$/.test(i.to);
      if (!contractToContract && !/^server\/modules\/[^/]+\/index\.tsx?$/.test(i.to))
        bad.push(`${i.from} → ${i.spec} (not through index.ts)`);
      if (from && MODULE_ORDER.indexOf(to) >= MODULE_ORDER.indexOf(from))
        bad.push(`${i.from} → ${i.spec} (${to} is not below ${from})`);
      if (from && !MODULE_ORDER.includes(from)) bad.push(`${i.from}: module ${from} is missing from MODULE_ORDER`);
    }
    expect(bad).toEqual([]);
  });

  it('reads SQL out of the source', () => {
    const src = [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text the scanner reads
      'const a = sql`select id from units where id = ${sql`${x}::uuid`}`;',
      "await db.execute('update contacts set x = 1');",
      "const re = /['`]/g; const msg = 'units of a customer';",
      'const s = sql<number>`count(*) from parts`; // sql`from orders`',
    ].join('\n');
    expect(sqlTexts(src)).toEqual([
      ' ? ::uuid',
      'select id from units where id =  ? ',
      'update contacts set x = 1',
      'count(*) from parts',
    ]);
  });

  it("modules name only their own tables in SQL; what they need of another module's goes through its index.ts", () => {
    const owners = tableOwners();
    expect(owners.get('work_orders')).toBe('work-orders');
    expect(owners.get('customer_phones')).toBe('customers');
    const bad: string[] = [];
    let texts = 0;
    for (const m of moduleNames) {
      for (const file of walk(join(MODULES_DIR, m))) {
        const rel = relative(ROOT, file);
        if (/\.test\.ts$/.test(rel) || SQL_ALLOWLIST.has(rel)) continue;
        const found = sqlTexts(readFileSync(file, 'utf8'));
        texts += found.length;
        const named = new Set<string>();
        for (const text of found) {
          for (const [table, owner] of owners) {
            // `d.parts` is a column of an alias, not the table named parts.
            if (owner !== m && new RegExp(`(?<!\\.)\\b${table}\\b`).test(text)) named.add(`${table} (${owner})`);
          }
        }
        if (named.size) bad.push(`${rel} names ${[...named].join(', ')}`);
      }
    }
    expect(texts).toBeGreaterThan(50);
    expect(bad).toEqual([]);
  });

  it('the platform and the database layer never import modules', () => {
    // Tests of the platform may set up a whole system; the code under test may not reach up.
    const bad = all
      // db/schema.ts lists every module's tables for the typed client and drizzle-kit, nothing more.
      .filter(
        (i) =>
          /^server\/(platform|db)\//.test(i.from) &&
          !i.from.endsWith('.test.ts') &&
          i.from !== 'server/db/schema.ts' &&
          moduleOf(i.to),
      )
      .map((i) => `${i.from} → ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('shared/ is browser-safe: it imports only shared/', () => {
    const bad = all
      .filter((i) => i.from.startsWith('shared/') && !i.to.startsWith('shared/'))
      .map((i) => `${i.from} → ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('web/ imports only web/, shared/ and contracts', () => {
    const ok = (to: string) =>
      to.startsWith('web/') || to.startsWith('shared/') || /^server\/.+\/contract\.ts$/.test(to);
    const bad = all.filter((i) => i.from.startsWith('web/') && !ok(i.to)).map((i) => `${i.from} → ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('contracts import only zod, shared/ and other contracts', () => {
    const bad = all
      .filter((i) => /contract\.ts$/.test(i.from) && !(i.to.startsWith('shared/') || /contract\.ts$/.test(i.to)))
      .map((i) => `${i.from} → ${i.spec}`);
    expect(bad).toEqual([]);
  });
});
