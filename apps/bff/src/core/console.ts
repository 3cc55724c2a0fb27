// Serves the merchant console's build (apps/console/dist) under /console/, with the SPA's index.html
// for any path that is not a file. Encapsulated: register with { prefix: '/console' }.

import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { RouteNotFoundError } from './error-handler.js';

export interface ConsoleOptions {
  /** Folder holding the console's index.html; defaults to the workspace's apps/console/dist. */
  root?: string;
}

/** apps/bff/{src,dist}/plugins -> apps/console/dist: the same depth from source and from the build. */
export const DEFAULT_CONSOLE_ROOT = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

const IMMUTABLE = 'public, max-age=31536000, immutable';

export default async function consoleUi(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const root = options.root ?? DEFAULT_CONSOLE_ROOT;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'console build not found; /console is not served (run the console build)');
    return;
  }

  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: 'index.html',
    cacheControl: false,
    // Vite puts a content hash in every asset name; index.html must be re-checked to pick up a new build.
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.includes(`${sep}assets${sep}`) ? IMMUTABLE : 'no-cache');
    },
  });

  // Relative asset URLs only resolve from /console/, so the bare prefix redirects there.
  app.route({
    method: ['GET', 'HEAD'],
    url: '/',
    prefixTrailingSlash: 'no-slash',
    handler: (request, reply) => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`${request.url.split('?')[0]}/${query}`, 301);
    },
  });

  // A path without a file extension is a client-side route: answer with the app's index.html.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    if ((request.method === 'GET' || request.method === 'HEAD') && !lastSegment.includes('.')) {
      return reply.sendFile('index.html');
    }
    throw new RouteNotFoundError(request);
  });
}
