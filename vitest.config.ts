import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll gives up after 1 s by default: too little for a page to fetch and render on a
    // loaded 2-core machine. A poll still fails if its condition never holds.
    expect: { poll: { timeout: 30_000 } },
    pool: 'forks',
    // Two test files at a time even on 2 cores (vitest's default there is 1): most files wait on
    // servers, PostgreSQL and browsers rather than compute, so the suite's wall time drops by a third
    // or more. Every file owns its ports, databases, stores and processes (the one shared thing, the
    // .next build, is made once in globalSetup), so files do not depend on running alone.
    maxWorkers: 2,
  },
});
