import { LocationAnswer } from '@enclave/contracts';
import { z } from 'zod';
import type { OrgContext } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import { defineRoute } from '../../platform/http/route.js';
import { deleteLocation, findLocation, saveLocation } from './app-conversations.repository.js';

const LocationBody = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    /** Accuracy in metres, as the browser's Geolocation API reports it. */
    precision: z.number().min(0).max(100_000).optional(),
  })
  .strict();

function memberIdOf(ctx: OrgContext): number {
  if (ctx.actor.kind !== 'member') throw forbidden('member.only', 'only a member shares a location');
  return ctx.actor.memberId;
}

/**
 * A member's own shared location, for 定点 sends (issue 5): the client reports it while the member has
 * switched sharing on (their consent), and forgets it when they switch it off. Apps with location reporting
 * also store it, from LOCATION events. Only the member reads or changes their own.
 */
export const locationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/client/location',
    principal: 'member',
    response: LocationAnswer,
    handler: async ({ ctx }) => ({ last: await findLocation(ctx.db, ctx.orgId, memberIdOf(ctx)) }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/client/location',
    principal: 'member',
    response: LocationAnswer,
    body: LocationBody,
    handler: async ({ ctx, body }) => {
      const at = { ...body, precision: body.precision ?? 0, reportedAt: Date.now() };
      await saveLocation(ctx.db, ctx.orgId, memberIdOf(ctx), at);
      return { last: at };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/client/location',
    principal: 'member',
    response: LocationAnswer,
    handler: async ({ ctx }) => {
      await deleteLocation(ctx.db, ctx.orgId, memberIdOf(ctx));
      return { last: null };
    },
  }),
];
