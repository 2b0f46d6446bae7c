import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { workerDefines } from './build/node-bundle.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig(async () => ({
  // The worker code built into the app as strings, so tests run the workers the app runs.
  define: await workerDefines(root),
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/contract/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The default reporter, and a watchdog that ends a run held by a blocked test file (test/support/watchdog-reporter.ts).
    reporters: ['default', './test/support/watchdog-reporter.ts'],
  },
}));
