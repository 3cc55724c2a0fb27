import { defineConfig } from 'vitest/config';

// The fast security suites (run by `test`, so by `npm test` and CI).
export default defineConfig({
  test: {
    include: ['test/security/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
