import { defineConfig } from 'vitest/config';

// Browser tests: Playwright (playwright-core) driving Debian's Chromium against the built server.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    // The demo company is set up once for the run; each spec's server starts on a copy of it.
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    // Starting a server on a copy of the demo takes seconds; a busy 2-core machine makes it minutes.
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    // A browser's figure after a reload waits on the page's own requests; vitest's 1 s default for
    // expect.poll is shorter than a page load on a busy machine.
    expect: { poll: { timeout: 10_000 } },
  },
});
