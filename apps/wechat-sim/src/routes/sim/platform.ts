// /sim control of WeChat Pay's platform keys: which serial signs, the certificates listed, and a rotation.

import type { FastifyInstance } from 'fastify';
import { toChinaRfc3339 } from '../../clock.js';

/** A rotation's default overlap: the old certificate stays listed (and trusted) one more day. */
const DEFAULT_OVERLAP_S = 86_400;

export async function platformRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  const view = () => ({
    mode: sim.platformKeys.mode,
    signingSerial: sim.platformKeys.signer().serial,
    certificates: sim.platformKeys.listed().map((c) => ({
      serial_no: c.serial,
      effective_time: toChinaRfc3339(c.effectiveAt),
      expire_time: toChinaRfc3339(c.expiresAt),
    })),
  });

  app.get('/sim/pay/platform', async () => view());

  app.post<{ Body: { overlapSeconds?: number } | undefined }>(
    '/sim/pay/platform/rotate',
    {
      schema: {
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { overlapSeconds: { type: 'integer', minimum: 0, maximum: 5 * 365 * 86_400 } },
        },
      },
    },
    async (request, reply) => {
      if (sim.platformKeys.mode === 'public-key') {
        return reply.code(409).send({
          error: 'Conflict',
          message: 'the platform uses a PUB_KEY_ID_ public key; start the emulator with a certificate serial',
        });
      }
      sim.platformKeys.rotate((request.body?.overlapSeconds ?? DEFAULT_OVERLAP_S) * 1000);
      return view();
    },
  );
}
