#!/usr/bin/env node
// Development: the API server (tsx watch, port 3000) and the Vite dev server (port 5173, proxies /api)
// side by side. Output is prefixed per process; Ctrl-C or either process exiting stops both.
import { spawn } from 'node:child_process';

const procs = [
  { name: 'api', color: 36, args: ['tsx', 'watch', '--clear-screen=false', 'cli/main.ts', 'serve'] },
  { name: 'web', color: 35, args: ['vite', '--port', '5173', '--strictPort'] },
];

const children = [];
let stopping = false;

function prefix(name, color, stream, out) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) out.write(`\x1b[${color}m[${name}]\x1b[0m ${line}\n`);
  });
  stream.on('end', () => {
    if (rest) out.write(`\x1b[${color}m[${name}]\x1b[0m ${rest}\n`);
  });
}

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        // Each child leads its own process group, so its own children (tsx's node) stop too.
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    }
  }
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(() =>
    process.exit(code),
  );
}

for (const p of procs) {
  const child = spawn('npx', p.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' },
  });
  children.push(child);
  prefix(p.name, p.color, child.stdout, process.stdout);
  prefix(p.name, p.color, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[${p.name}] exited (${signal ?? code}); stopping the others\n`);
      stopAll(code ?? 1);
    }
  });
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
