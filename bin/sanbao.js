#!/usr/bin/env node
// The `sanbao` command. Runs the compiled CLI in dist/, building it first when sources are newer
// than the last build, so that `npm start` after a fresh clone or a pull never runs stale code.
// SANBAO_NO_BUILD=1 skips the check (installed packages, containers with a prebuilt dist/).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const entry = join(dist, 'cli', 'main.js');

/**
 * Newest mtime among the accepted files under `dir`, and among its folders unless `files` is set
 * (a folder's mtime moves when a file in it is added, removed or renamed).
 */
function newest(dir, accept = () => true, files = false) {
  let max = 0;
  let entries;
  try {
    max = files ? 0 : statSync(dir).mtimeMs;
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) max = Math.max(max, newest(path, accept, files));
    else if (accept(path)) {
      try {
        max = Math.max(max, statSync(path).mtimeMs);
      } catch {}
    }
  }
  return max;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

const isTest = (path) => /\.test\.tsx?$/.test(path);

/** Each target: its inputs' newest mtime against its stamp, written when a build succeeds. */
const targets = [
  {
    name: 'server',
    what: 'the server',
    stamp: join(dist, '.build-server'),
    output: entry,
    bin: 'tsc',
    args: ['-p', 'tsconfig.build.json'],
    inputs: () =>
      Math.max(
        ...['server', 'shared', 'cli'].map((d) => newest(join(root, d), (p) => !isTest(p))),
        ...['tsconfig.json', 'tsconfig.build.json'].map((f) => mtime(join(root, f))),
      ),
  },
  {
    name: 'web',
    what: 'the web UI',
    stamp: join(dist, '.build-web'),
    output: join(dist, 'web', 'index.html'),
    bin: 'vite',
    args: ['build', '--logLevel', 'warn'],
    // Not written yet on a young checkout: the API runs without it.
    present: () => existsSync(join(root, 'web', 'index.html')),
    // The UI imports shared/ and the modules' contract.ts files; dependencies are bundled, so the lockfile counts.
    inputs: () =>
      Math.max(
        newest(join(root, 'web'), (p) => !isTest(p)),
        newest(join(root, 'shared'), (p) => !isTest(p)),
        newest(join(root, 'server'), (p) => p.endsWith('contract.ts'), true),
        ...['vite.config.ts', 'tsconfig.json', 'package-lock.json'].map((f) => mtime(join(root, f))),
      ),
  },
];

const windows = process.platform === 'win32';
const tool = (bin) => join(root, 'node_modules', '.bin', windows ? `${bin}.cmd` : bin);

function run(bin, args) {
  return new Promise((resolve) => {
    const child = spawn(tool(bin), args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], shell: windows });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', (err) => resolve({ ok: false, output: `${output}${err.message}\n` }));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

async function ensureBuilt() {
  const stale = targets.filter((t) => (t.present ? t.present() : true) && (!existsSync(t.output) || t.inputs() > mtime(t.stamp)));
  if (stale.length === 0) return;
  const missingTools = stale.filter((t) => !existsSync(tool(t.bin)));
  if (missingTools.length > 0) {
    const usable = existsSync(entry) && missingTools.every((t) => existsSync(t.output));
    const tools = missingTools.map((t) => t.bin).join(', ');
    if (!usable) {
      process.stderr.write(`sanbao: cannot build: ${tools} not installed here. Run \`npm install\` (with dev dependencies) first.\n`);
      process.exit(1);
    }
    process.stderr.write(`sanbao: sources changed but ${tools} is not installed; running the existing build.\n`);
    return;
  }
  const why = stale.some((t) => !existsSync(t.output)) ? 'first start' : 'sources changed since the last build';
  process.stderr.write(`sanbao: building ${stale.map((t) => t.what).join(' and ')} (${why})…\n`);
  mkdirSync(dist, { recursive: true });
  // Stamped with the time the build started: a file saved during the build triggers the next one.
  const started = new Date();
  const results = await Promise.all(stale.map((t) => run(t.bin, t.args)));
  let failed = false;
  stale.forEach((t, i) => {
    const r = results[i];
    if (r.ok) {
      closeSync(openSync(t.stamp, 'w'));
      utimesSync(t.stamp, started, started);
    } else {
      failed = true;
      process.stderr.write(`${r.output}\nsanbao: the ${t.what} build failed (output above).\n`);
    }
  });
  if (failed) {
    process.stderr.write('sanbao: fix the errors above, or set SANBAO_NO_BUILD=1 to start without building.\n');
    process.exit(1);
  }
}

if (process.env.SANBAO_NO_BUILD !== '1') await ensureBuilt();
if (!existsSync(entry)) {
  process.stderr.write(`sanbao: ${entry} is missing; run \`npm run build\` (or unset SANBAO_NO_BUILD).\n`);
  process.exit(1);
}
await import(pathToFileURL(entry).href);
