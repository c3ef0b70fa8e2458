import { defineConfig } from 'vitest/config';

// Browser tests: Playwright (playwright-core) driving Debian's Chromium against the built server.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 120_000,
    // Setting up the demo company (every spec's first step) takes minutes on a busy 2-core machine.
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    // A browser's figure after a reload waits on the page's own requests; vitest's 1 s default for
    // expect.poll is shorter than a page load on a busy machine.
    expect: { poll: { timeout: 10_000 } },
  },
});
