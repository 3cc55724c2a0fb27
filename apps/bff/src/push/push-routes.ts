// Every route of the message-push feature, each folder at its URL prefix.

import type { FastifyPluginAsync } from 'fastify';
import cardRedemptions from '../routes/admin/card-redemptions/index.js';
import events from '../routes/admin/events/index.js';
import triggerLogs from '../routes/admin/trigger-logs/index.js';
import triggers from '../routes/admin/triggers/index.js';
import wxPush from '../routes/wx/push/index.js';

const pushRoutes: FastifyPluginAsync = async (app) => {
  await app.register(wxPush, { prefix: '/wx/push' });
  await app.register(events, { prefix: '/admin/events' });
  await app.register(triggers, { prefix: '/admin/triggers' });
  await app.register(triggerLogs, { prefix: '/admin/trigger-logs' });
  await app.register(cardRedemptions, { prefix: '/admin/card-redemptions' });
};

export default pushRoutes;
