import {
  CreateTriggerBody,
  ErrorBody,
  type TriggerAction,
  TriggerParams,
  TriggerReply,
  TriggersReply,
  UpdateTriggerBody,
} from '@checkout/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { forwardUrlProblem } from '../actions/forward-target.js';
import { TriggerActionInvalidError, TriggerNameTakenError, TriggerNotFoundError } from '../errors.js';

/** Why the action cannot run (URL off the allow-list, unknown handler), or undefined. */
function actionProblem(app: FastifyInstance, action: TriggerAction): string | undefined {
  if (action.type === 'forward') return forwardUrlProblem(action.url, app.push.forwardAllowedHosts);
  if (action.type === 'handler' && !app.push.handlers.get(action.name)) {
    return `no code handler registered as "${action.name}" (known: ${app.push.handlers.names().join(', ')})`;
  }
  return undefined;
}

const security = [{ admin: [] }];

const triggers: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        security,
        summary: 'List message-push triggers',
        response: { 200: TriggersReply, 401: ErrorBody },
      },
    },
    async () => ({ triggers: await app.push.triggers.list() }),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        security,
        params: TriggerParams,
        response: { 200: TriggerReply, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const trigger = await app.push.triggers.get(request.params.id);
      if (!trigger) throw new TriggerNotFoundError(request.params.id);
      return { trigger };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        security,
        summary: 'Create a trigger: condition -> action, every run logged',
        body: CreateTriggerBody,
        response: { 201: TriggerReply, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const problem = actionProblem(app, request.body.action);
      if (problem) throw new TriggerActionInvalidError(problem);
      const trigger = await app.push.triggers.create(request.body);
      if (!trigger) throw new TriggerNameTakenError(request.body.name);
      return reply.status(201).send({ trigger });
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        security,
        summary: 'Change a trigger (a new action replaces the old one, forward secret included)',
        params: TriggerParams,
        body: UpdateTriggerBody,
        response: { 200: TriggerReply, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { action, name } = request.body;
      const problem = action && actionProblem(app, action);
      if (problem) throw new TriggerActionInvalidError(problem);
      if (name !== undefined && (await app.push.triggers.nameTaken(name, id))) {
        throw new TriggerNameTakenError(name);
      }
      const trigger = await app.push.triggers.update(id, request.body);
      if (!trigger) throw new TriggerNotFoundError(id);
      return { trigger };
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        security,
        summary: 'Delete a trigger and its pending runs (logs stay until pruned)',
        params: TriggerParams,
        response: { 204: Type.Null(), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!(await app.push.triggers.delete(request.params.id))) {
        throw new TriggerNotFoundError(request.params.id);
      }
      return reply.status(204).send(null);
    },
  );
};

export default triggers;
