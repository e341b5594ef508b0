import { JsapiSignature, QrLoginConfirmed } from '@enclave/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { DomainError, invalid, statusOfKind } from '../../platform/errors.js';
import { defineRoute } from '../../platform/http/route.js';
import { MEMBER_COOKIE } from '../member-auth/index.js';
import { resolveMemberSession } from '../member-auth/index.js';
import { signJsapiConfig } from './jsapi.service.js';
import { authorize } from './oauth.service.js';
import { confirmPage, errorPage, qrLoginPage } from './oauth.pages.js';
import { confirmQrLogin, describeQrLogin, pollQrLogin, qrLoginOrg, startQrLogin } from './qr-login.service.js';

/** The member client's sign-in page (built by the web client); `next` is where it returns after sign-in. */
export function signInLocation(corpId: string, next: string): string {
  return `/m/signin?corpId=${encodeURIComponent(corpId)}&next=${encodeURIComponent(next)}`;
}

/** One query parameter as text ('' when absent); a repeated parameter is refused. */
function param(request: FastifyRequest, name: string, max = 4096): string {
  const value = (request.query as Record<string, unknown>)[name];
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length > max) throw invalid('request.invalid', `${name} is not valid`);
  return value;
}

/** `agentid` as WeCom URLs carry it: absent or '' means none. */
function agentIdParam(request: FastifyRequest): number | undefined {
  const raw = param(request, 'agentid', 20).trim();
  if (raw === '') return undefined;
  if (!/^\d{1,10}$/.test(raw)) throw invalid('request.invalid', 'agentid must be a number');
  return Number(raw);
}

function sendHtml(reply: FastifyReply, html: string, options: { status?: number; frameable?: boolean } = {}) {
  reply
    .code(options.status ?? 200)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff');
  // A confirm button in someone else's frame could be clicked through; only the QR panel may be embedded.
  if (!options.frameable)
    reply.header('x-frame-options', 'DENY').header('content-security-policy', "frame-ancestors 'none'");
  return reply.type('text/html; charset=utf-8').send(html);
}

/**
 * Runs a browser-facing step. A refusal becomes an error page for a browser (it asked for text/html) and
 * the usual `{code, message}` JSON with the kind's HTTP status for anything else.
 */
async function asPage(request: FastifyRequest, reply: FastifyReply, step: () => Promise<unknown>) {
  try {
    await step();
  } catch (error) {
    if (!(error instanceof DomainError) || !String(request.headers.accept ?? '').includes('text/html')) throw error;
    sendHtml(reply, errorPage(error), { status: statusOfKind[error.kind] });
  }
  return reply;
}

async function sessionOf(db: Db, request: FastifyRequest) {
  const token = request.cookies[MEMBER_COOKIE];
  return token ? resolveMemberSession(db, token) : undefined;
}

async function serveQrLogin(db: Db, request: FastifyRequest, reply: FastifyReply, legacy: boolean) {
  return asPage(request, reply, async () => {
    // Read before the login is stored, so a bad `lang` leaves no login behind.
    const lang = param(request, 'lang', 8) === 'en' ? 'en' : 'zh';
    const login = await startQrLogin(db, {
      corpId: param(request, 'appid', 64),
      agentId: agentIdParam(request),
      redirectUri: param(request, 'redirect_uri'),
      state: param(request, 'state', 1024),
      loginType: legacy ? undefined : param(request, 'login_type', 32),
    });
    const origin = `${request.protocol}://${request.host}`;
    const html = await qrLoginPage({
      appName: login.appName,
      confirmUrl: `${origin}/wwlogin/confirm?ticket=${encodeURIComponent(login.ticket)}`,
      statusUrl: `/wwlogin/status?ticket=${encodeURIComponent(login.ticket)}&key=${encodeURIComponent(login.pollKey)}`,
      lang,
    });
    sendHtml(reply, html, { frameable: true });
  });
}

/**
 * OAuth in the browser (wecom-api.md §8): the authorize URL, QR web login (desktop page, status poll, the
 * member's confirm page) and the member client's JS-SDK signing helper.
 */
export const oauthRoutes = [
  defineRoute({
    method: 'GET',
    url: '/connect/oauth2/authorize',
    principal: 'public',
    handler: ({ db, request, reply }) =>
      asPage(request, reply, async () => {
        const session = await sessionOf(db, request);
        const outcome = await authorize(
          db,
          {
            corpId: param(request, 'appid', 64),
            redirectUri: param(request, 'redirect_uri'),
            responseType: param(request, 'response_type', 32),
            scope: param(request, 'scope', 64),
            state: param(request, 'state', 1024),
            agentId: agentIdParam(request),
          },
          session,
        );
        const location = outcome.kind === 'redirect' ? outcome.location : signInLocation(outcome.corpId, request.url);
        reply.header('cache-control', 'no-store').redirect(location, 302);
      }),
  }),
  defineRoute({
    method: 'GET',
    url: '/wwlogin/sso/login',
    principal: 'public',
    handler: ({ db, request, reply }) => serveQrLogin(db, request, reply, false),
  }),
  defineRoute({
    method: 'GET',
    url: '/wwopen/sso/qrConnect',
    principal: 'public',
    handler: ({ db, request, reply }) => serveQrLogin(db, request, reply, true),
  }),
  defineRoute({
    method: 'GET',
    url: '/wwlogin/status',
    principal: 'public',
    query: z.object({ ticket: z.string().min(1).max(100), key: z.string().min(1).max(100) }),
    handler: async ({ db, query, reply }) => {
      reply.header('cache-control', 'no-store');
      return pollQrLogin(db, { ticket: query.ticket, pollKey: query.key });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/wwlogin/confirm',
    principal: 'public',
    handler: ({ db, request, reply }) =>
      asPage(request, reply, async () => {
        const ticket = param(request, 'ticket', 100);
        const org = await qrLoginOrg(db, ticket);
        const session = await sessionOf(db, request);
        if (!session || session.orgId !== org.orgId) {
          reply.header('cache-control', 'no-store').redirect(signInLocation(org.corpId, request.url), 302);
          return;
        }
        const ctx = {
          db,
          orgId: session.orgId,
          actor: { kind: 'member' as const, memberId: session.memberId, userId: session.userId },
        };
        const login = await describeQrLogin(ctx, ticket);
        sendHtml(reply, confirmPage({ appName: login.appName, ticket, csrfToken: session.csrfToken }));
      }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/client/wwlogin/confirm',
    principal: 'member',
    response: QrLoginConfirmed,
    body: z.object({ ticket: z.string().min(1).max(100) }),
    handler: ({ ctx, body }) => confirmQrLogin(ctx, body.ticket),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/client/jsapi/signature',
    principal: 'member',
    response: JsapiSignature,
    body: z.object({
      url: z.string().min(1).max(2048),
      agentId: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .optional(),
    }),
    handler: ({ ctx, body }) => signJsapiConfig(ctx, { url: body.url, agentId: body.agentId }),
  }),
];
