import { defineConfig } from 'vitest/config';

// The browser test (real Chromium, real BFF + emulator + database, started by e2e/demo-stack.ts) and
// the weapp test (dist/weapp in @checkout/weapp-harness, BFF + emulator in process: e2e/weapp).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 200_000,
    fileParallelism: false,
  },
});
