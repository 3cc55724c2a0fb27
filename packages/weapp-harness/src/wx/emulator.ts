// What a phone's WeChat client gets from WeChat for its user, taken from the WeChat emulator's
// control API (apps/wechat-sim, /sim/...): login codes, formIds, subscribe accepts, the cashier.

import { HarnessError } from '../failures.js';

export interface Emulator {
  /** The shopper as a WeChat user (idempotent): a phone is always signed in to WeChat. */
  ensureUser(openid: string): Promise<void>;
  mintLoginCode(openid: string): Promise<string>;
  mintFormId(openid: string): Promise<string>;
  acceptSubscriptions(openid: string, templateIds: string[]): Promise<void>;
  /** The cashier sheet: the emulator checks paySign, then pays, cancels or declines; returns its errMsg. */
  confirmPayment(params: Record<string, unknown>, outcome: CashierOutcome): Promise<string>;
}

export type CashierOutcome = 'success' | 'cancel' | 'fail';

export function createEmulator(baseUrl: string, appid?: string): Emulator {
  const base = baseUrl.replace(/\/+$/, '');

  async function post(
    path: string,
    body: Record<string, unknown>,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  }

  async function expectOk(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const reply = await post(path, appid ? { ...body, appid } : body);
    if (reply.status !== 200) {
      throw new HarnessError(`emulator ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
    return reply.body as Record<string, unknown>;
  }

  return {
    async ensureUser(openid) {
      const reply = await post('/sim/users', { openid });
      if (reply.status !== 200) {
        throw new HarnessError(`emulator /sim/users answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      }
    },
    async mintLoginCode(openid) {
      return String((await expectOk('/sim/login-codes', { openid })).code);
    },
    async mintFormId(openid) {
      const { formIds } = (await expectOk('/sim/form-ids', { openid })) as { formIds: string[] };
      return formIds[0]!;
    },
    async acceptSubscriptions(openid, templateIds) {
      await expectOk('/sim/subscriptions', { openid, templateIds });
    },
    async confirmPayment(params, outcome) {
      // What the phone hands its cashier: requestPayment's own fields (the appId is the app's).
      const { timeStamp, nonceStr, package: pkg, signType, paySign } = params;
      const reply = await post('/sim/pay/confirm', {
        timeStamp,
        nonceStr,
        package: pkg,
        signType,
        paySign,
        outcome,
      });
      const errMsg = (reply.body as { errMsg?: unknown } | undefined)?.errMsg;
      if (typeof errMsg !== 'string') {
        throw new HarnessError(`emulator cashier answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      }
      return errMsg;
    },
  };
}
