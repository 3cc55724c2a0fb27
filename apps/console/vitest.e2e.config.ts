import { defineConfig } from 'vitest/config';

// The end-to-end run: real Chromium against the real BFF and emulator, one file at a time.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
