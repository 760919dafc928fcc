import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // After each file: everything its bot sent to a connector or a log, through the secret scanner.
    setupFiles: ['test/setup/secret-sweep.ts'],
    // Integration tests start real HTTPS/HTTP servers on loopback; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
