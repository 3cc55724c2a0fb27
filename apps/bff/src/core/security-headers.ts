// Security headers on every answer (helmet). The Content-Security-Policy allows only this origin's
// scripts: the console (a Vite build) and /docs (swagger-ui) load every script from a file, never
// inline. Inline styles stay allowed: swagger-ui and React set style attributes.

import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

export default fp(
  async (app) => {
    await app.register(helmet, {
      // Helmet's default adds upgrade-insecure-requests, which breaks the console on plain-HTTP
      // laptops and CI; production terminates TLS at the load balancer and sets HSTS there.
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      // The mini-program h5 demo and tools on other origins read the API (CORS_ORIGINS).
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    });
  },
  { name: 'security-headers' },
);
