import { z } from 'zod';
import { defineRoute, intParam } from '../../platform/http/route.js';
import { createApp, listApps, rotateAppSecret } from './apps.service.js';

const CreateBody = z.object({
  name: z.string().max(64),
  description: z.string().max(120).optional(),
  canWriteDirectory: z.boolean().optional(),
});

export const appRoutes = [
  defineRoute({ method: 'GET', url: '/api/admin/apps', principal: 'org-admin', handler: ({ ctx }) => listApps(ctx) }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/apps',
    principal: 'org-admin',
    body: CreateBody,
    handler: ({ ctx, body }) => createApp(ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/apps/:agentId/secret',
    principal: 'org-admin',
    params: z.object({ agentId: intParam }),
    handler: async ({ ctx, params }) => ({ secret: await rotateAppSecret(ctx, params.agentId) }),
  }),
];
