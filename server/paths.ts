import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this file whether it runs from source (tsx) or from dist/. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above server/');
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot();
export const MIGRATIONS_DIR = join(ROOT, 'server', 'db', 'migrations');
export const WEB_DIST_DIR = join(ROOT, 'dist', 'web');
