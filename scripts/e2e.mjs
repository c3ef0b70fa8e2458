// Browser tests against the built product: builds first when dist/ is missing, then runs e2e/*.spec.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!existsSync('dist/cli/main.js') || !existsSync('dist/web/index.html')) run('npm', ['run', 'build']);
mkdirSync('test-results', { recursive: true });
run('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)]);
