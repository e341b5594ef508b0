import { AppEventReported, AppMessagePosted } from '@enclave/contracts';
import { z } from 'zod';
import { defineRoute, intParam } from '../../platform/http/route.js';
import { postMessageToApp, reportEventToApp } from './app-conversations.service.js';
import { locationRoutes } from './location.routes.js';

const AgentParams = z.object({ agentId: intParam });
const text = (max: number) => z.string().max(max);
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

const MessageBody = z.discriminatedUnion('msgType', [
  z.object({ msgType: z.literal('text'), content: z.string().trim().min(1).max(2048) }),
  z.object({ msgType: z.literal('image'), mediaId: text(128).min(1) }),
  z.object({ msgType: z.literal('voice'), mediaId: text(128).min(1), format: z.enum(['amr', 'speex']).optional() }),
  z.object({
    msgType: z.literal('location'),
    latitude,
    longitude,
    scale: z.number().int().min(0).max(30).optional(),
    label: text(256).optional(),
  }),
  z.object({
    msgType: z.literal('link'),
    title: text(128).min(1),
    description: text(512).optional(),
    url: z.string().url().max(2048),
    picUrl: z.string().url().max(2048).optional(),
  }),
]);

const key = text(1024).min(1);
const EventBody = z.discriminatedUnion('event', [
  z.object({ event: z.literal('enter_agent') }),
  z.object({ event: z.literal('LOCATION'), latitude, longitude, precision: z.number().min(0).optional() }),
  z.object({ event: z.enum(['click', 'view']), eventKey: key }),
  z.object({
    event: z.enum(['scancode_push', 'scancode_waitmsg']),
    eventKey: key,
    scanType: text(32).min(1),
    scanResult: text(2048),
  }),
  z.object({
    event: z.enum(['pic_sysphoto', 'pic_photo_or_album', 'pic_weixin']),
    eventKey: key,
    picMd5Sums: z.array(text(64)).max(9).optional(),
  }),
  z.object({
    event: z.literal('location_select'),
    eventKey: key,
    latitude,
    longitude,
    scale: z.number().int().min(0).max(30).optional(),
    label: text(256).optional(),
    poiname: text(256).optional(),
  }),
]);

/** The member client talking to apps: messages into an app's conversation, what the client reports, its location. */
export const appConversationRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/client/apps/:agentId/messages',
    principal: 'member',
    response: AppMessagePosted,
    params: AgentParams,
    body: MessageBody,
    handler: ({ ctx, params, body, request }) =>
      postMessageToApp(ctx, params.agentId, body, { origin: `${request.protocol}://${request.host}` }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/client/apps/:agentId/events',
    principal: 'member',
    response: AppEventReported,
    params: AgentParams,
    body: EventBody,
    handler: ({ ctx, params, body }) => reportEventToApp(ctx, params.agentId, body),
  }),
  ...locationRoutes,
];
