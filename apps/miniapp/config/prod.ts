import type { UserConfigExport } from '@tarojs/cli';

// Production builds are minified by Taro's defaults; the weapp size budget is checked on this output.
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
