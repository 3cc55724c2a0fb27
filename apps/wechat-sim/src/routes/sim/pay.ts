// The phone's cashier: checks the requestPayment parameters, then pays (and WeChat Pay notifies the merchant).

import type { FastifyInstance } from 'fastify';
import { type RequestPaymentParams, verifyPaySign } from '../../crypto/pay-sign.js';
import { PREPAY_PAYABLE_MS } from '../../state/pay-orders.js';

/** wx.requestPayment's parameters; appId defaults to the app the order was placed for (the phone knows it). */
type ConfirmBody = Omit<RequestPaymentParams, 'appId'> & {
  appId?: string;
  outcome?: 'success' | 'cancel' | 'fail';
};

const text = { type: 'string', minLength: 1, maxLength: 4096 } as const;

export async function payControlRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.post<{ Body: ConfirmBody }>(
    '/sim/pay/confirm',
    {
      schema: {
        body: {
          type: 'object',
          required: ['timeStamp', 'nonceStr', 'package', 'signType', 'paySign'],
          properties: {
            appId: text,
            timeStamp: text,
            nonceStr: text,
            package: text,
            signType: text,
            paySign: text,
            outcome: { type: 'string', enum: ['success', 'cancel', 'fail'] },
          },
        },
      },
    },
    async (request, reply) => {
      const params = request.body;
      const refuse = (message: string) =>
        reply.code(400).send({ error: 'Bad Request', message, errMsg: `requestPayment:fail ${message}` });
      if (params.signType !== 'RSA') return refuse('signType must be RSA');
      const prepayId = /^prepay_id=(.+)$/.exec(params.package)?.[1];
      if (!prepayId) return refuse('package must be prepay_id=...');
      const order = sim.orders.byPrepay(prepayId);
      if (!order) return refuse(`prepay_id ${prepayId} is unknown`);
      const appId = params.appId ?? order.request.appid;
      if (!verifyPaySign({ ...params, appId }, sim.config.merchant.publicKey))
        return refuse('paySign does not verify');
      if (order.request.appid !== appId) return refuse('appId is not the appid the order was placed with');

      const outcome = params.outcome ?? 'success';
      if (outcome === 'cancel') return { errMsg: 'requestPayment:fail cancel' };
      if (outcome === 'fail') return { errMsg: 'requestPayment:fail payment declined' };
      if (order.state === 'SUCCESS' || order.state === 'REFUND')
        return { errMsg: 'requestPayment:fail order already paid' };
      if (order.state === 'CLOSED') return { errMsg: 'requestPayment:fail order closed' };
      const now = sim.clock.now();
      // A prepay_id is payable for 2 hours and only while it is the order's latest; time_expire ends the order.
      if (now >= order.createdAt + PREPAY_PAYABLE_MS || order.prepayId !== prepayId)
        return { errMsg: 'requestPayment:fail prepay_id expired' };
      if (now >= order.expiresAt) return { errMsg: 'requestPayment:fail order expired' };
      sim.orders.markPaid(order, now);
      sim.notifier.notifyPaid(order);
      return { errMsg: 'requestPayment:ok', transaction_id: order.transactionId };
    },
  );

  app.get('/sim/pay/notifications', async () => sim.notifier.list());
}
