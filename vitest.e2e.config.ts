// First: on a Node.js older than package.json's engines, one line saying which version is needed, and exit code 1.
import './scripts/check-node.mjs';
import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: the browser tests (headless Chromium against the real bot). Not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    // One browser and one bot at a time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
