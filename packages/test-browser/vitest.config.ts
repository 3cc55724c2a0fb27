import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Generous limit: CI runs every package's tests at once on 2 cores.
  test: { include: ['test/**/*.test.ts', 'src/**/*.test.ts'], testTimeout: 30_000 },
});
