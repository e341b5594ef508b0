import {
  CodeRequested,
  DevOutboxList,
  DeviceList,
  InboxPage,
  InvitePreview,
  MemberInvite,
  MemberSession,
  MemberSignedIn,
  Ok,
} from '@enclave/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { defineRoute, intParam } from '../../platform/http/route.js';
import type { SignInAttempts } from '../../platform/sign-in-limits.js';
import { getMember } from '../directory/index.js';
import { listInbox } from '../messaging/index.js';
import { clearMemberCookie, MEMBER_COOKIE, setMemberCookie } from './member-cookie.js';
import {
  acceptInvite,
  createInvite,
  describeInvite,
  listDevOutbox,
  requestSignInCode,
  sendInviteCode,
  setSelfJoin,
  signInWithCode,
} from './member-auth.service.js';
import { closeSession, endDevice, listDevices } from './member-sessions.js';
import type { CodeSender } from './senders.js';

const InviteParams = z.object({ token: z.string().min(10).max(100) });
const Channel = z.object({ channel: z.enum(['sms', 'email']) });
const Login = z.object({ corpId: z.string().min(1).max(64), login: z.string().min(3).max(128) });
const Code = z.object({ code: z.string().regex(/^\s*\d{6}\s*$/, 'a 6-digit code') });

/** The member client's sign-in and session routes, and the admin's side of joining. */
export function memberAuthRoutes(options: { sender: CodeSender; attempts: SignInAttempts; secureCookies: boolean }) {
  const device = (userAgent: string | undefined) => (userAgent ?? 'unknown device').slice(0, 200);
  const deps = (db: Db, request: FastifyRequest) => ({
    db,
    sender: options.sender,
    attempts: options.attempts,
    address: request.ip,
  });
  return [
    defineRoute({
      method: 'GET',
      url: '/api/client/invites/:token',
      principal: 'public',
      response: InvitePreview,
      params: InviteParams,
      handler: ({ db, params }) => describeInvite(db, params.token),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/client/invites/:token/code',
      principal: 'public',
      response: Ok,
      params: InviteParams,
      body: Channel,
      handler: ({ db, params, body, request }) => sendInviteCode(deps(db, request), params.token, body.channel),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/client/invites/:token/accept',
      principal: 'public',
      response: MemberSignedIn,
      params: InviteParams,
      body: Code,
      handler: async ({ db, params, body, request, reply }) => {
        const session = await acceptInvite(
          deps(db, request),
          params.token,
          body.code,
          device(request.headers['user-agent']),
        );
        setMemberCookie(reply, session, options.secureCookies);
        return { csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/client/codes',
      principal: 'public',
      response: CodeRequested,
      body: Login,
      handler: async ({ db, body, request }) => {
        await requestSignInCode(deps(db, request), body.corpId, body.login);
        return { sent: true, message: 'if this mobile number or email is listed in the org, a code is on its way' };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/client/session',
      principal: 'public',
      response: MemberSignedIn,
      body: Login.extend(Code.shape),
      handler: async ({ db, body, request, reply }) => {
        const session = await signInWithCode(
          deps(db, request),
          body.corpId,
          body.login,
          body.code,
          device(request.headers['user-agent']),
        );
        setMemberCookie(reply, session, options.secureCookies);
        return { csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/client/session',
      principal: 'member',
      response: MemberSession,
      handler: async ({ ctx, request }) => {
        const session = request.memberSession;
        const org = await ctx.db
          .selectFrom('orgs')
          .select(['name', 'corp_id'])
          .where('id', '=', ctx.orgId)
          .executeTakeFirstOrThrow();
        return {
          member: await getMember(ctx, session?.userId ?? ''),
          org: { name: org.name, corpId: org.corp_id },
          csrfToken: session?.csrfToken,
        };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/client/session',
      principal: 'member',
      response: Ok,
      handler: async ({ db, request, reply }) => {
        const token = request.cookies[MEMBER_COOKIE];
        if (token) await closeSession(db, token);
        clearMemberCookie(reply);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/client/devices',
      principal: 'member',
      response: DeviceList,
      handler: async ({ ctx, request }) => {
        const s = request.memberSession;
        return { items: s ? await listDevices(ctx.db, ctx.orgId, s.memberId, s.sessionId) : [] };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/client/devices/:id',
      principal: 'member',
      response: Ok,
      params: z.object({ id: intParam }),
      handler: ({ ctx, params, request }) =>
        endDevice(ctx.db, ctx.orgId, request.memberSession?.memberId ?? 0, params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/client/inbox',
      principal: 'member',
      response: InboxPage,
      query: z.object({
        after: z.coerce.number().int().min(0).default(0),
        limit: intParam.min(1).max(5000).optional(),
      }),
      handler: async ({ ctx, query, request }) => ({
        items: await listInbox(ctx, request.memberSession?.memberId ?? 0, query.after, query.limit),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/admin/members/:userId/invite',
      principal: 'org-admin',
      response: MemberInvite,
      params: z.object({ userId: z.string().min(1).max(64) }),
      handler: ({ ctx, params }) => createInvite(ctx, params.userId),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/admin/org/self-join',
      principal: 'org-admin',
      response: Ok,
      body: z.object({ allowed: z.boolean() }),
      handler: ({ ctx, body }) => setSelfJoin(ctx, body.allowed),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/admin/dev-outbox',
      principal: 'org-admin',
      response: DevOutboxList,
      handler: async ({ ctx }) => ({ items: await listDevOutbox(ctx) }),
    }),
  ];
}
