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
  'complaints',
  'callbacks',
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
      if (i.from === 'server/modules/index.ts' && /^server\/modules\/[^/]+\/(.+\/)?[^/]*routes\.ts$/.test(i.to)) continue;
      if (i.from === 'server/db/schema.ts' && /^server\/modules\/[^/]+\/tables\.ts$/.test(i.to)) continue;
      // The browser reads contracts directly (types and schemas only); the web rule below covers it.
      if (i.from.startsWith('web/') && /\/contract\.ts$/.test(i.to)) continue;
      // A contract may build on a lower module's contract (zod schemas only, browser-safe).
      const contractToContract = /\/contract\.ts$/.test(i.from) && /\/contract\.ts$/.test(i.to);
      if (!contractToContract && !/^server\/modules\/[^/]+\/index\.tsx?$/.test(i.to)) bad.push(`${i.from} → ${i.spec} (not through index.ts)`);
      if (from && MODULE_ORDER.indexOf(to) >= MODULE_ORDER.indexOf(from)) bad.push(`${i.from} → ${i.spec} (${to} is not below ${from})`);
      if (from && !MODULE_ORDER.includes(from)) bad.push(`${i.from}: module ${from} is missing from MODULE_ORDER`);
    }
    expect(bad).toEqual([]);
  });

  it('the platform and the database layer never import modules', () => {
    // Tests of the platform may set up a whole system; the code under test may not reach up.
    const bad = all
      // db/schema.ts lists every module's tables for the typed client and drizzle-kit, nothing more.
      .filter((i) => /^server\/(platform|db)\//.test(i.from) && !i.from.endsWith('.test.ts') && i.from !== 'server/db/schema.ts' && moduleOf(i.to))
      .map((i) => `${i.from} → ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('shared/ is browser-safe: it imports only shared/', () => {
    const bad = all.filter((i) => i.from.startsWith('shared/') && !i.to.startsWith('shared/')).map((i) => `${i.from} → ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('web/ imports only web/, shared/ and contracts', () => {
    const ok = (to: string) => to.startsWith('web/') || to.startsWith('shared/') || /^server\/.+\/contract\.ts$/.test(to);
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
