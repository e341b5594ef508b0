import { AppDetails, AppList, AppSecret, CreatedApp } from '@enclave/contracts';
import { z } from 'zod';
import { defineRoute, intParam } from '../../platform/http/route.js';
import { createApp, listApps, rotateAppSecret } from './apps.service.js';
import { getAppDetails, replaceAppScope, setAppEnabled, updateAppSettings } from './apps.settings.js';

const CreateBody = z.object({
  name: z.string().max(64),
  description: z.string().max(120).optional(),
  canWriteDirectory: z.boolean().optional(),
});

/** Lengths are checked again by the service with WeCom's rules; these caps only bound the input. */
const SettingsBody = z
  .object({
    name: z.string().max(64),
    description: z.string().max(256),
    /** An http(s) URL; null or '' removes the logo. */
    squareLogoUrl: z.string().max(1024).nullable(),
    homeUrl: z.string().max(1024),
    redirectDomain: z.string().max(260),
    reportLocation: z.boolean(),
    reportEnter: z.boolean(),
    externalContacts: z.boolean(),
  })
  .partial()
  .strict();

const ScopeBody = z
  .object({
    userIds: z.array(z.string().min(1).max(64)).max(1000),
    departmentIds: z
      .array(
        z
          .number()
          .int()
          .min(1)
          .max(2 ** 31 - 1),
      )
      .max(100),
    tagIds: z
      .array(
        z
          .number()
          .int()
          .min(1)
          .max(2 ** 31 - 1),
      )
      .max(100),
  })
  .strict();

const AgentParams = z.object({ agentId: intParam });

export const appRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/apps',
    principal: 'org-admin',
    response: AppList,
    handler: ({ ctx }) => listApps(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/apps',
    principal: 'org-admin',
    response: CreatedApp,
    body: CreateBody,
    handler: ({ ctx, body }) => createApp(ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/apps/:agentId/secret',
    principal: 'org-admin',
    response: AppSecret,
    params: AgentParams,
    handler: async ({ ctx, params }) => ({ secret: await rotateAppSecret(ctx, params.agentId) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/apps/:agentId',
    principal: 'org-admin',
    response: AppDetails,
    params: AgentParams,
    handler: ({ ctx, params }) => getAppDetails(ctx, params.agentId),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/admin/apps/:agentId',
    principal: 'org-admin',
    response: AppDetails,
    params: AgentParams,
    body: SettingsBody,
    handler: ({ ctx, params, body }) => {
      const { squareLogoUrl, ...rest } = body;
      const logo = squareLogoUrl === undefined ? undefined : squareLogoUrl ? { url: squareLogoUrl } : null;
      return updateAppSettings(ctx, params.agentId, { ...rest, ...(logo !== undefined && { logo }) });
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/admin/apps/:agentId/scope',
    principal: 'org-admin',
    response: AppDetails,
    params: AgentParams,
    body: ScopeBody,
    handler: ({ ctx, params, body }) => replaceAppScope(ctx, params.agentId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/apps/:agentId/enable',
    principal: 'org-admin',
    response: AppDetails,
    params: AgentParams,
    handler: ({ ctx, params }) => setAppEnabled(ctx, params.agentId, true),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/apps/:agentId/disable',
    principal: 'org-admin',
    response: AppDetails,
    params: AgentParams,
    handler: ({ ctx, params }) => setAppEnabled(ctx, params.agentId, false),
  }),
];
