import { randomBytes } from 'node:crypto';
import { jsapiSignature } from '@enclave/sdk/crypto';
import type { OrgContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { DomainError, forbidden, invalid } from '../../platform/errors.js';
import type { WindowCounters } from '../../platform/counters.js';
import { randomToken } from '../../platform/secrets.js';
import { requireApp } from '../apps/index.js';
import { corpIdOf } from '../orgs/index.js';
import { oauthErrors as E } from './oauth.errors.js';
import { isTrustedHost } from './oauth.policy.js';
import * as repo from './oauth.repository.js';
import { assertSeesOneOf, isInAppScope, requireTrustingApps } from './oauth.service.js';

const TICKET_TTL_MS = 7200 * 1000;
const HOUR_MS = 3_600_000;

/** WeCom's documented ticket fetch limits (wecom-api.md §12): per hour, 400 per org and 100 per app. */
export const JSAPI_LIMITS = { perOrgHour: 400, perAppHour: 100 } as const;

/** Counts one ticket fetch; false when the hour's limit is spent. */
async function countFetch(counters: WindowCounters, key: string, limit: number): Promise<boolean> {
  const [within] = await counters.take([`jsapi:${key}`], [{ limit, ms: HOUR_MS }]);
  return within === true;
}

export type JsapiTicket = {
  ticket: string;
  /** Seconds the ticket stays valid: 7200 when new, what is left of that when an earlier fetch made it. */
  expiresIn: number;
};

/** The live ticket for the org (appId 0) or an app, making a new one when none is live. */
async function liveTicket(db: Queryable, orgId: number, appId: number, now = Date.now()) {
  const live = await repo.findLiveJsapiTicket(db, orgId, appId, now);
  if (live) return live;
  // 64 random bytes: 86 URL-safe characters, about the length of WeCom's tickets.
  const stored = await repo.putJsapiTicket(db, orgId, appId, {
    ticket: randomToken(64),
    now,
    expiresAt: now + TICKET_TTL_MS,
  });
  if (!stored) throw new Error('a JS-SDK ticket was stored but cannot be read back');
  return stored;
}

function view(ticket: { ticket: string; expires_at: number }, now: number): JsapiTicket {
  return { ticket: ticket.ticket, expiresIn: Math.max(1, Math.ceil((ticket.expires_at - now) / 1000)) };
}

function rateLimited(what: string): DomainError {
  return new DomainError(E.jsapiRateLimited, 'too_many', `api freq out of limit: ${what}`);
}

/**
 * The org's JS-SDK ticket (`get_jsapi_ticket`, for wx.config). Returns the same ticket while it is live;
 * every fetch counts against the org's 400 per hour.
 */
export async function getOrgJsapiTicket(ctx: OrgContext, counters: WindowCounters): Promise<JsapiTicket> {
  if (!(await countFetch(counters, `org:${ctx.orgId}`, JSAPI_LIMITS.perOrgHour))) {
    throw rateLimited(`${JSAPI_LIMITS.perOrgHour} jsapi tickets per hour per corp`);
  }
  const now = Date.now();
  return view(await liveTicket(ctx.db, ctx.orgId, 0, now), now);
}

/** An app's JS-SDK ticket (`ticket/get?type=agent_config`, for wx.agentConfig); 100 fetches per hour per app. */
export async function getAppJsapiTicket(
  ctx: OrgContext,
  counters: WindowCounters,
  agentId: number,
): Promise<JsapiTicket> {
  const app = await requireApp(ctx.db, ctx.orgId, agentId);
  if (!(await countFetch(counters, `app:${ctx.orgId}:${app.id}`, JSAPI_LIMITS.perAppHour))) {
    throw rateLimited(`${JSAPI_LIMITS.perAppHour} jsapi tickets per hour per app`);
  }
  const now = Date.now();
  return view(await liveTicket(ctx.db, ctx.orgId, app.id, now), now);
}

/** Which ticket `ticket/get` is asked for; only `agent_config` exists (91040 otherwise). */
export function assertAgentConfigType(type: string | undefined): void {
  if (type !== 'agent_config') throw invalid(E.jsapiTicketType, 'type must be agent_config');
}

export type SignJsapiOptions = {
  /** The page that calls wx.config / wx.agentConfig; anything after `#` is ignored. */
  url: string;
  /** Sign with this app's ticket (agentConfig) instead of the org's (config). */
  agentId?: number;
  /** Fixed values for tests against the published vector; random and now otherwise. */
  nonceStr?: string;
  timestamp?: number;
};

export type JsapiConfig = { appId: string; agentId?: number; timestamp: number; nonceStr: string; signature: string };

function parsePageUrl(raw: string): URL {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // refused below
  }
  throw invalid(E.jsapiUrlInvalid, 'url must be the absolute http(s) URL of the page');
}

/**
 * Signs a JS-SDK config for the member client's bridge (wecom-api.md §9), with the org's ticket or — given
 * an app — that app's, which the member must be able to see and whose trusted domain must be the page's host.
 * With the org's ticket the page's host must be the trusted domain of an enabled app the member can see.
 * Signing is internal and does not count against the ticket fetch limits.
 */
export async function signJsapiConfig(ctx: OrgContext, options: SignJsapiOptions): Promise<JsapiConfig> {
  const url = parsePageUrl(options.url);
  const actor = ctx.actor;
  let appId = 0;
  if (options.agentId !== undefined) {
    const app = await requireApp(ctx.db, ctx.orgId, options.agentId);
    if (actor.kind === 'member' && !(await isInAppScope(ctx.db, ctx.orgId, app, actor.userId, actor.memberId))) {
      throw forbidden(E.outOfScope, 'you are outside the visible scope of this app');
    }
    if (!isTrustedHost(url, app.redirect_domain)) {
      const why = app.redirect_domain === '' ? 'the app has no trusted domain' : `not ${app.redirect_domain}`;
      throw invalid(E.redirectDomain, `the page is on ${url.host}, ${why}`, { host: url.host });
    }
    appId = app.id;
  } else {
    // wx.config: the page must be on the trusted domain of an enabled app of the org (one the member can see).
    const trusting = await requireTrustingApps(ctx.db, ctx.orgId, url);
    if (actor.kind === 'member') await assertSeesOneOf(ctx.db, ctx.orgId, trusting, actor);
  }
  const { ticket } = await liveTicket(ctx.db, ctx.orgId, appId);
  const nonceStr = options.nonceStr ?? randomBytes(12).toString('base64url');
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    appId: await corpIdOf(ctx.db, ctx.orgId),
    ...(options.agentId === undefined ? {} : { agentId: options.agentId }),
    timestamp,
    nonceStr,
    signature: jsapiSignature({ ticket, nonceStr, timestamp, url: options.url }),
  };
}
