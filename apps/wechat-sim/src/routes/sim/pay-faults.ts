// /sim control of WeChat Pay's misbehaviour (answers unsigned or forged, notifications dropped, refunds
// ending ABNORMAL / CLOSED or refused NOT_ENOUGH), and the refunds WeChat Pay holds.

import type { FastifyInstance } from 'fastify';
import type { PayFaultSpec } from '../../state/pay-faults.js';
import { refundView } from '../../state/refund-view.js';

type PayFaultBody = Omit<PayFaultSpec, 'count'> & { count?: number };

export async function payFaultRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.post<{ Body: PayFaultBody }>(
    '/sim/pay/faults',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            answers: { type: 'string', enum: ['strip', 'forge'] },
            notifications: { type: 'string', enum: ['drop'] },
            refundOutcome: { type: 'string', enum: ['SUCCESS', 'ABNORMAL', 'CLOSED'] },
            refundNotEnough: { type: 'boolean' },
            count: { type: 'integer', minimum: 1, maximum: 100_000 },
          },
        },
      },
    },
    async (request, reply) => {
      const { count = 1, ...fault } = request.body;
      if (Object.keys(fault).length === 0) {
        return reply.code(400).send({
          error: 'Bad Request',
          message: 'a pay fault needs answers, notifications, refundOutcome or refundNotEnough',
        });
      }
      sim.payFaults.add({ ...fault, count });
      return { pending: sim.payFaults.pending() };
    },
  );

  app.get('/sim/pay/faults', async () => ({ pending: sim.payFaults.pending() }));

  app.delete('/sim/pay/faults', async () => {
    sim.payFaults.clear();
    return { pending: sim.payFaults.pending() };
  });

  app.get('/sim/pay/refunds', async () => sim.refunds.list().map(refundView));
}
