import { defineConfig } from 'vitest/config';

// The reliability suites: child BFF processes on one PostgreSQL. One file at a time, so suites do not
// compete for the two CI cores and each figure is measured on a quiet machine.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
