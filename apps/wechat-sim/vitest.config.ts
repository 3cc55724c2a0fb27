import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // RSA key generation is the slow part of an emulator; do it once for the whole run.
    globalSetup: ['test/global-setup.ts'],
  },
});
