import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The BFF serves the build under /console/, so every asset URL carries that prefix (CONSOLE_BASE
// overrides it for a BFF mounted behind a path-rewriting proxy).
export default defineConfig({
  base: process.env.CONSOLE_BASE ?? '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, reportCompressedSize: true },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    setupFiles: ['test/setup.ts'],
  },
});
