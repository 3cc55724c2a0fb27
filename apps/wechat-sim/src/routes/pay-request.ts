// What every WeChat Pay v3 route does first: answer faults, check the merchant's signature, rate-limit.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyMerchantRequest } from '../crypto/merchant-authorization.js';
import { sleep } from '../delivery/pay-notifier.js';
import type { WxEndpoint } from '../options.js';
import type { Sim } from '../sim.js';

export interface PayError {
  status: number;
  code: string;
  message: string;
}

export const payError = (status: number, code: string, message: string): PayError => ({
  status,
  code,
  message,
});

export const sendPayError = (reply: FastifyReply, error: PayError) =>
  reply.code(error.status).send({ code: error.code, message: error.message });

/** The error WeChat Pay would answer before looking at the request's content, or null. */
export async function admitPayRequest(
  sim: Sim,
  endpoint: WxEndpoint,
  request: FastifyRequest,
): Promise<PayError | null> {
  sim.stats.call(endpoint);
  const fault = sim.faults.take(endpoint);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.status !== undefined || fault?.errcode !== undefined) {
    return payError(fault.status ?? 500, 'SYSTEM_ERROR', 'System error, please retry');
  }
  const { merchant } = sim.config;
  const problem = verifyMerchantRequest(
    merchant,
    {
      method: request.method,
      url: request.url,
      body: typeof request.body === 'string' ? request.body : '',
      authorization: request.headers.authorization,
    },
    // WeChat Pay checks the signature time against its real clock, not against the emulator's virtual one.
    Math.floor(Date.now() / 1000),
  );
  if (problem) return payError(401, 'SIGN_ERROR', problem);
  if (sim.limits.admit(endpoint, merchant.mchid, sim.clock.now())) {
    return payError(429, 'FREQUENCY_LIMITED', 'Too many requests, slow down');
  }
  return null;
}

/** A signed JSON object body, or the PARAM_ERROR WeChat Pay answers. */
export function parsePayBody(raw: unknown): Record<string, unknown> | PayError {
  try {
    const body: unknown = JSON.parse(typeof raw === 'string' ? raw : '');
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    return payError(400, 'PARAM_ERROR', 'body is not valid JSON');
  }
  return payError(400, 'PARAM_ERROR', 'body must be a JSON object');
}

export const isPayError = (value: unknown): value is PayError =>
  typeof value === 'object' && value !== null && 'status' in value && 'code' in value;
