import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';
import devConfig from './dev';
import prodConfig from './prod';

// Build-time settings baked into the bundle; Taro only injects TARO_APP_* from .env files on its own,
// so the shell's values (CI, the demo script) are passed through here. .env files still win.
const buildEnv = {
  TARO_APP_ID: process.env.TARO_APP_ID ?? 'touristappid',
  TARO_APP_API_BASE: process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3000',
  TARO_APP_SIM_BASE: process.env.TARO_APP_SIM_BASE ?? 'http://127.0.0.1:4100',
  TARO_APP_PAY_SUCCESS_SUBSCRIBE_ID: process.env.TARO_APP_PAY_SUCCESS_SUBSCRIBE_ID ?? '',
  TARO_APP_SHIPPED_SUBSCRIBE_ID: process.env.TARO_APP_SHIPPED_SUBSCRIBE_ID ?? '',
};

// Taro's build configuration (https://docs.taro.zone/docs/config): weapp and h5 side by side under dist/.
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'checkout-miniapp',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    env: Object.fromEntries(Object.entries(buildEnv).map(([key, value]) => [key, JSON.stringify(value)])),
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
      },
    },
    h5: {
      // Relative public path + hash router: dist/h5 works from any static server and any sub-path.
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
