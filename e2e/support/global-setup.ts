import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { setupCompany } from './api.js';
import { startServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data folder holding the company set up with the demo, copied by each spec that wants it. */
    demoDataDir: string;
  }
}

/**
 * Sets up the demo company once for the whole browser run. Setting it up takes a minute or more on
 * a busy 2-core machine, and nearly every spec starts from it; each spec's server then starts on
 * its own copy of this data folder, so what one spec changes no other sees.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startServer();
  try {
    await setupCompany(server.url, { demo: true });
  } finally {
    await server.stop({ keepData: true });
  }
  project.provide('demoDataDir', server.dataDir);
  return () => rmSync(server.dataDir, { recursive: true, force: true });
}
