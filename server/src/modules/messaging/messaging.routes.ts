import { z } from 'zod';
import type { OrgContext } from '../../platform/context.js';
import { defineRoute, intParam } from '../../platform/http/route.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { findAppByAgentId } from '../apps/index.js';
import { listAppMessages } from './messages.repository.js';
import { appMessageReceipts, sendAppMessage } from './messaging.service.js';
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

/** Sending as an app from the console is for the owner and org-wide admins only. */
function assertCanSend(ctx: OrgContext): void {
  if (!(ctx.actor.kind === 'admin' && ctx.actor.role !== 'department_admin')) {
    throw forbidden('app.no_privilege', 'only the owner and org-wide admins send messages as an app');
  }
}

async function appOf(ctx: OrgContext, agentId: number) {
  const app = await findAppByAgentId(ctx.db, ctx.orgId, agentId);
  if (!app) throw notFound('app.not_found', `app ${agentId} does not exist`);
  return app;
}

/**
 * The console's side of app messages: send one as the app, list the app's recent ones with read counts, and
 * who has read one of them and who has not.
 */
export const messagingRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/admin/apps/:agentId/messages',
    principal: 'org-admin',
    params: AgentParams,
    body: SendBody,
    handler: async ({ ctx, params, body }) => {
      assertCanSend(ctx);
      const app = await appOf(ctx, params.agentId);
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
    params: AgentParams,
    handler: async ({ ctx, params }) => {
      assertCanSend(ctx);
      const app = await appOf(ctx, params.agentId);
      return { items: await listAppMessages(ctx.db, ctx.orgId, app.id, 50) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/apps/:agentId/messages/:msgId/receipts',
    principal: 'org-admin',
    params: MessageParams,
    query: ReceiptsQuery,
    handler: async ({ ctx, params, query }) => {
      assertCanSend(ctx);
      const app = await appOf(ctx, params.agentId);
      return appMessageReceipts(ctx, app.id, params.msgId, query);
    },
  }),
];
