import { AppMessageList, AppMessageReceipts, SentAppMessage } from '@enclave/contracts';
import { z } from 'zod';
import { defineRoute, intParam } from '../../platform/http/route.js';
import { requireApp } from '../apps/index.js';
import { appMessageReceipts, recentAppMessages, sendAppMessage } from './messaging.service.js';
import { AudienceBody } from './schedules.routes.js';

const AgentParams = z.object({ agentId: intParam });
const MessageParams = z.object({ agentId: intParam, msgId: z.string().min(1).max(64) });
const ReceiptsQuery = z
  .object({
    state: z.enum(['read', 'unread']).default('unread'),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const SendBody = z
  .object({
    audience: AudienceBody,
    msgType: z.enum(['text', 'markdown', 'textcard']),
    payload: z.record(z.string(), z.unknown()),
    confidential: z.boolean().optional(),
  })
  .strict();

/**
 * The console's side of app messages: send one as the app, list the app's recent ones with read counts, and
 * who has read one of them and who has not.
 */
export const messagingRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/admin/apps/:agentId/messages',
    principal: 'org-admin',
    response: SentAppMessage,
    params: AgentParams,
    body: SendBody,
    handler: async ({ ctx, params, body }) => {
      const app = await requireApp(ctx.db, ctx.orgId, params.agentId);
      const result = await sendAppMessage(ctx, {
        app: { id: app.id, agentId: app.agent_id },
        audience: body.audience,
        msgType: body.msgType,
        payload: body.payload,
        confidential: body.confidential,
      });
      return {
        msgId: result.msgId,
        recipients: result.recipients,
        invalidUserIds: result.invalidUserIds,
        invalidDepartmentIds: result.invalidDepartmentIds,
        invalidTagIds: result.invalidTagIds,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/apps/:agentId/messages',
    principal: 'org-admin',
    response: AppMessageList,
    params: AgentParams,
    handler: async ({ ctx, params }) => {
      const app = await requireApp(ctx.db, ctx.orgId, params.agentId);
      return { items: await recentAppMessages(ctx, app.id, 50) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/apps/:agentId/messages/:msgId/receipts',
    principal: 'org-admin',
    response: AppMessageReceipts,
    params: MessageParams,
    query: ReceiptsQuery,
    handler: async ({ ctx, params, query }) => {
      const app = await requireApp(ctx.db, ctx.orgId, params.agentId);
      return appMessageReceipts(ctx, app.id, params.msgId, query);
    },
  }),
];
