/// <reference types="@tarojs/taro" />

declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5';
    /** Mini-program appid; unset builds use WeChat's tourist appid. */
    TARO_APP_ID?: string;
    /** The BFF's base URL, baked in at build time. */
    TARO_APP_API_BASE?: string;
    /** The WeChat emulator's base URL (h5 demo only). */
    TARO_APP_SIM_BASE?: string;
    TARO_APP_PAY_SUCCESS_SUBSCRIBE_ID?: string;
    TARO_APP_SHIPPED_SUBSCRIBE_ID?: string;
  }
}
