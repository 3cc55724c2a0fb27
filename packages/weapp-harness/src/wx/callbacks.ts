// WeChat's asynchronous API shape: an options object with success / fail / complete, each called
// with an `errMsg` of `<api>:ok` or `<api>:fail <reason>`; without callbacks a Promise is returned.
// https://developers.weixin.qq.com/miniprogram/dev/framework/app-service/api.html#异步-API-返回-Promise

export interface CallbackOptions {
  success?: (result: unknown) => void;
  fail?: (error: unknown) => void;
  complete?: (result: unknown) => void;
  [option: string]: unknown;
}

/** A failure with WeChat's errMsg (`requestPayment:fail cancel`). */
export class WxFail extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Copies a value into the bundle's realm (its own Object/Array), as WeChat's bridge serialises. */
export type ToRealm = (value: unknown) => unknown;

export function asyncApi<O extends CallbackOptions>(
  name: string,
  toRealm: ToRealm,
  run: (options: O) => Promise<Record<string, unknown>>,
): (options?: O) => Promise<unknown> | undefined {
  return (options = {} as O) => {
    const settled = run(options).then(
      (result) => ({ ok: true as const, value: toRealm({ ...result, errMsg: `${name}:ok` }) }),
      (error: unknown) => {
        // Anything but a WxFail is a harness or network problem: it surfaces as WeChat's fail too.
        const reason = error instanceof WxFail ? error.reason : String((error as Error)?.message ?? error);
        return { ok: false as const, value: toRealm({ errMsg: `${name}:fail ${reason}` }) };
      },
    );
    const hasCallbacks = options.success || options.fail || options.complete;
    if (hasCallbacks) {
      void settled.then(({ ok, value }) => {
        (ok ? options.success : options.fail)?.(value);
        options.complete?.(value);
      });
      return undefined;
    }
    return settled.then(({ ok, value }) => (ok ? value : Promise.reject(value)));
  };
}
