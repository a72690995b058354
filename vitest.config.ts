import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // vitest's default, one worker fewer than the cores, leaves one of two cores idle: most tests
    // now run the CLI in-process instead of in a child on the other core, and the slowest files
    // (pre-commit, install, the terminal sessions) mostly wait on other processes
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
