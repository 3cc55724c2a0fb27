// The shop's repositories as decorators: catalog, send credentials, orders and the notice outbox.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import fp from 'fastify-plugin';
import { Credentials } from '../notices/credentials.js';
import { NoticeOutbox } from '../notices/outbox.js';
import { Catalog } from './catalog.js';
import { Orders } from './orders.js';

declare module 'fastify' {
  interface FastifyInstance {
    catalog: Catalog;
    credentials: Credentials;
    orders: Orders;
    outbox: NoticeOutbox;
  }
}

export interface ShopPluginOptions {
  /** How long a sender holds a notice before another instance may take it over. */
  noticeLeaseMs: number;
}

export default fp<ShopPluginOptions>(
  async (app, { noticeLeaseMs }) => {
    const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const credentials = new Credentials(app.db);
    const outbox = new NoticeOutbox(app.db, owner, noticeLeaseMs);
    app.decorate('catalog', new Catalog(app.db));
    app.decorate('credentials', credentials);
    app.decorate('outbox', outbox);
    app.decorate('orders', new Orders(app.db, credentials, outbox));
  },
  { name: 'shop', dependencies: ['db'] },
);
