import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous limits: CI runs every package's tests at once on 2 cores, and key generation is CPU-bound.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // RSA key generation is the slow part of an emulator; do it once for the whole run.
    globalSetup: ['test/global-setup.ts'],
  },
});
