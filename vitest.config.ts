import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // vitest's default, one worker fewer than the cores, leaves one of two cores idle: most tests
    // run the CLI in-process, and the slowest files (pre-commit, install, the terminal sessions)
    // mostly wait on other processes, so one worker more than the cores keeps both busy
    maxWorkers: Math.max(3, availableParallelism() + 1),
  },
});
