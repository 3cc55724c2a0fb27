import type { Generated } from 'kysely';

export interface CoreTables {
  /** One WeChat access token per appid, shared by every BFF instance. */
  wechat_tokens: {
    appid: string;
    token: string;
    expires_at: Date;
    updated_at: Generated<Date>;
  };
}
