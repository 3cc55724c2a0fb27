// Every route of the message-push feature, each folder at its URL prefix.

import type { FastifyPluginAsync } from 'fastify';
import cardRedemptions from './admin-card-redemptions.js';
import events from './admin-events.js';
import triggerLogs from './admin-trigger-logs.js';
import triggers from './admin-triggers.js';
import wxPush from './webhook.js';

const pushRoutes: FastifyPluginAsync = async (app) => {
  await app.register(wxPush, { prefix: '/wx/push' });
  await app.register(events, { prefix: '/admin/events' });
  await app.register(triggers, { prefix: '/admin/triggers' });
  await app.register(triggerLogs, { prefix: '/admin/trigger-logs' });
  await app.register(cardRedemptions, { prefix: '/admin/card-redemptions' });
};

export default pushRoutes;
