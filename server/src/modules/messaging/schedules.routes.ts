import { Empty, MessageScheduleList, ScheduledMessage } from '@enclave/contracts';
import { z } from 'zod';
import type { OrgContext } from '../../platform/context.js';
import { defineRoute, intParam } from '../../platform/http/route.js';
import { requireApp } from '../apps/index.js';
import { cancelSchedule, editSchedule, listSchedules, scheduleAppMessage } from './schedules.service.js';

const AgentParams = z.object({ agentId: intParam });
const ScheduleParams = z.object({ agentId: intParam, id: z.string().regex(/^[0-9a-f]{24}$/) });
const Id = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);

const Near = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    radiusMeters: z.number().min(1).max(50_000),
    maxAgeMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  })
  .strict();

/** The console composer's audience; `near` cuts it to members last seen inside a geofence (定点). */
export const AudienceBody = z
  .object({
    all: z.boolean().optional(),
    userIds: z.array(z.string().min(1).max(64)).max(1000).optional(),
    departmentIds: z.array(Id).max(100).optional(),
    tagIds: z.array(Id).max(100).optional(),
    near: Near.optional(),
  })
  .strict();

const SendAt = z
  .number()
  .int()
  .min(0)
  .max(2 ** 52);
const MsgType = z.enum(['text', 'markdown', 'textcard']);
const Payload = z.record(z.string(), z.unknown());

const ScheduleBody = z
  .object({
    audience: AudienceBody,
    msgType: MsgType,
    payload: Payload,
    confidential: z.boolean().optional(),
    sendAt: SendAt,
  })
  .strict();
const EditBody = z
  .object({
    audience: AudienceBody.optional(),
    msgType: MsgType.optional(),
    payload: Payload.optional(),
    confidential: z.boolean().optional(),
    sendAt: SendAt.optional(),
  })
  .strict();

/** The app a console route names; the services decide whether the admin may act as it. */
async function sendingApp(ctx: OrgContext, agentId: number) {
  const app = await requireApp(ctx.db, ctx.orgId, agentId);
  return { id: app.id, agentId: app.agent_id };
}

/** The console's scheduled sends of an app (定时): list, schedule, edit before they fire, cancel. */
export const scheduleRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/apps/:agentId/schedules',
    principal: 'org-admin',
    response: MessageScheduleList,
    params: AgentParams,
    handler: async ({ ctx, params }) => {
      const app = await sendingApp(ctx, params.agentId);
      return { items: await listSchedules(ctx, app.id) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/apps/:agentId/schedules',
    principal: 'org-admin',
    response: ScheduledMessage,
    params: AgentParams,
    body: ScheduleBody,
    handler: async ({ ctx, params, body }) => {
      const app = await sendingApp(ctx, params.agentId);
      return { scheduleId: await scheduleAppMessage(ctx, { app, ...body }) };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/admin/apps/:agentId/schedules/:id',
    principal: 'org-admin',
    response: Empty,
    params: ScheduleParams,
    body: EditBody,
    handler: async ({ ctx, params, body }) => {
      const app = await sendingApp(ctx, params.agentId);
      await editSchedule(ctx, app.id, params.id, body);
      return {};
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/admin/apps/:agentId/schedules/:id',
    principal: 'org-admin',
    response: Empty,
    params: ScheduleParams,
    handler: async ({ ctx, params }) => {
      const app = await sendingApp(ctx, params.agentId);
      await cancelSchedule(ctx, app.id, params.id);
      return {};
    },
  }),
];
