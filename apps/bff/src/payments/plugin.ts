import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { Payments } from './payments.js';

declare module 'fastify' {
  interface FastifyInstance {
    payments: Payments;
  }
}

/** WeChat Pay for orders: prepay + requestPayment signing, and payment notifications. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    app.decorate(
      'payments',
      new Payments(
        app.pay,
        app.orders,
        {
          appid: config.wechat.appid,
          mchid: config.pay.mchid,
          notifyUrl: `${config.pay.notifyBaseUrl}/pay/notify`,
        },
        app.log.child({ component: 'payments' }),
      ),
    );
  },
  { name: 'payments', dependencies: ['shop', 'wechat'] },
);
