// `GET /v3/certificates`: the platform certificates, each encrypted with the merchant's APIv3 key
// (AEAD_AES_256_GCM, associated_data "certificate"), signed like every Pay answer.

import type { FastifyInstance } from 'fastify';
import { toChinaRfc3339 } from '../clock.js';
import { encryptResource } from '../crypto/notify-resource.js';
import { admitPayRequest, payError, sendPayError } from './pay-request.js';

export async function certificateRoutes(app: FastifyInstance): Promise<void> {
  const { sim } = app;

  app.get('/v3/certificates', async (request, reply) => {
    const refused = await admitPayRequest(sim, 'pay_certificates', request);
    if (refused) return sendPayError(reply, refused);
    if (sim.platformKeys.mode === 'public-key') {
      // The emulator's choice: a merchant set up with the WeChat Pay public key has no certificate to list.
      return sendPayError(
        reply,
        payError(
          404,
          'RESOURCE_NOT_EXISTS',
          'this merchant verifies with the WeChat Pay public key (PUB_KEY_ID_...)',
        ),
      );
    }
    return {
      data: sim.platformKeys.listed().map((certificate) => {
        const { algorithm, nonce, associated_data, ciphertext } = encryptResource(
          sim.config.apiV3Key,
          certificate.certificatePem,
          'certificate',
          'certificate',
        );
        return {
          serial_no: certificate.serial,
          effective_time: toChinaRfc3339(certificate.effectiveAt),
          expire_time: toChinaRfc3339(certificate.expiresAt),
          encrypt_certificate: { algorithm, nonce, associated_data, ciphertext },
        };
      }),
    };
  });
}
