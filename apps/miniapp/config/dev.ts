import type { UserConfigExport } from '@tarojs/cli';

// Watch builds (`taro build --watch`): readable output, full stats.
export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
