// First: on a Node.js older than package.json's engines, one line saying which version is needed, and exit code 1.
import './scripts/check-node.mjs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // After each file: everything its bot sent to a connector or a log, through the secret scanner.
    setupFiles: ['test/setup/secret-sweep.ts'],
    // Once before all files: compiles src/ to dist/ when it is stale (tests run the compiled bins too).
    globalSetup: ['test/setup/build-dist.ts'],
    // Integration tests start real HTTPS/HTTP servers on loopback; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
