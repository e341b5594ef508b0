import { CallbackAnswer, CallbackDeliveryList, Ok } from '@enclave/contracts';
import { z } from 'zod';
import { defineRoute, intParam } from '../../platform/http/route.js';
import { getCallback, listCallbackDeliveries, setCallback } from './callbacks.service.js';

const AgentParams = z.object({ agentId: intParam });

export const callbackRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/apps/:agentId/callback',
    principal: 'org-admin',
    response: CallbackAnswer,
    params: AgentParams,
    handler: async ({ ctx, params }) => ({ callback: await getCallback(ctx, params.agentId) }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/admin/apps/:agentId/callback',
    principal: 'org-admin',
    response: Ok,
    params: AgentParams,
    body: z.object({ url: z.string().max(1024), token: z.string().max(64), encodingAesKey: z.string().max(64) }),
    handler: ({ ctx, params, body }) => setCallback(ctx, params.agentId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/apps/:agentId/callback/deliveries',
    principal: 'org-admin',
    response: CallbackDeliveryList,
    params: AgentParams,
    query: z.object({ limit: intParam.max(500).optional() }),
    handler: async ({ ctx, params, query }) => ({
      items: await listCallbackDeliveries(ctx, params.agentId, query.limit),
    }),
  }),
];
