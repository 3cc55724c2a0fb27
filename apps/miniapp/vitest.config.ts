import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const stub = (file: string) => fileURLToPath(new URL(`./test/stubs/${file}`, import.meta.url));

// Taro's components and hooks need its runtime; tests render pages with plain React stand-ins instead.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@tarojs\/components$/, replacement: stub('taro-components.tsx') },
      { find: /^@tarojs\/taro$/, replacement: stub('taro.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    environment: 'node',
    css: false,
  },
});
