import type { OrgContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { hashToken, randomToken } from '../../platform/secrets.js';
import { requireApp } from '../apps/index.js';
import { corpIdOf } from '../orgs/index.js';
import { oauthErrors as E } from './oauth.errors.js';
import { assertValidState, parseRedirectUri, withCode } from './oauth.policy.js';
import * as repo from './oauth.repository.js';
import { isInAppScope, issueCode, requireOrgByCorpId, requireRedirectableApp } from './oauth.service.js';

const QR_TTL_MS = 5 * 60 * 1000;

export type StartQrLoginOptions = {
  /** `appid`: the org's corpid. */
  corpId: string;
  /** The app the member signs in to (required: the code is bound to it). */
  agentId: number | undefined;
  redirectUri: string;
  state: string;
  /** `CorpApp` (the only kind we serve); absent on the legacy qrConnect URL. */
  loginType?: string;
};

export type QrLogin = {
  /** Goes into the QR code (the confirm URL); whoever sees the screen may know it. */
  ticket: string;
  /** Stays in the desktop page; only it can collect the code once the member confirms. */
  pollKey: string;
  appName: string;
  expiresAt: number;
};

/** Starts a QR web login (wecom-api.md §8.3) after checking the URL the same way authorize does. */
export async function startQrLogin(db: Db, options: StartQrLoginOptions): Promise<QrLogin> {
  if (options.loginType !== undefined && options.loginType !== 'CorpApp') {
    throw invalid(E.loginTypeInvalid, 'login_type must be CorpApp (service-provider apps are not served here)');
  }
  const org = await requireOrgByCorpId(db, options.corpId);
  assertValidState(options.state);
  const redirect = parseRedirectUri(options.redirectUri);
  if (options.agentId === undefined) throw invalid('app.agentid_missing', 'agentid missing');
  const app = await requireRedirectableApp(db, org.id, options.agentId, redirect);
  const ticket = randomToken(32);
  const pollKey = randomToken(32);
  const now = Date.now();
  await repo.insertQrLogin(db, org.id, {
    ticket_hash: hashToken(ticket),
    poll_key_hash: hashToken(pollKey),
    agent_id: app.agent_id,
    redirect_uri: options.redirectUri,
    state: options.state,
    status: 'pending',
    member_id: null,
    created_at: now,
    expires_at: now + QR_TTL_MS,
  });
  return { ticket, pollKey, appName: app.name, expiresAt: now + QR_TTL_MS };
}

export type QrLoginStatus =
  | { status: 'pending' | 'expired' | 'used' }
  | { status: 'confirmed'; /** Where the desktop goes next: redirect_uri with the code. */ location: string };

/**
 * What the desktop page sees while it polls. Once the member has confirmed, the first poll with the right
 * key turns the login into an OAuth code (single use: later polls say `used`).
 */
export async function pollQrLogin(db: Db, options: { ticket: string; pollKey: string }): Promise<QrLoginStatus> {
  const login = await repo.findQrLoginByTicket(db, hashToken(options.ticket));
  if (!login || login.poll_key_hash !== hashToken(options.pollKey)) {
    throw notFound(E.qrTicketInvalid, 'no such login; reload the page for a new QR code');
  }
  if (login.status === 'used') return { status: 'used' };
  if (login.expires_at <= Date.now()) return { status: 'expired' };
  if (login.status === 'pending' || login.member_id === null) return { status: 'pending' };
  if (!(await repo.moveQrLogin(db, login.org_id, login.id, 'confirmed', 'used'))) return { status: 'used' };
  const code = await issueCode(db, login.org_id, {
    memberId: login.member_id,
    agentId: login.agent_id,
    scope: 'snsapi_base',
    redirect: new URL(login.redirect_uri),
  });
  return { status: 'confirmed', location: withCode(login.redirect_uri, code, login.state) };
}

/** The org a QR login belongs to, so the confirm page can send a signed-out member to sign in there. */
export async function qrLoginOrg(db: Db, ticket: string): Promise<{ orgId: number; corpId: string }> {
  const login = await repo.findQrLoginByTicket(db, hashToken(ticket));
  if (!login) throw notFound(E.qrTicketInvalid, 'this QR code is not valid here');
  return { orgId: login.org_id, corpId: await corpIdOf(db, login.org_id) };
}

/** A login the member may still confirm: live, pending, and of their org (another org's reads as unknown). */
async function requirePendingLogin(db: Db, orgId: number, ticket: string) {
  const login = await repo.findQrLoginByTicket(db, hashToken(ticket));
  if (!login || login.org_id !== orgId) throw notFound(E.qrTicketInvalid, 'this QR code is not valid here');
  if (login.expires_at <= Date.now() || login.status !== 'pending') {
    throw invalid(E.qrTicketExpired, 'this QR code has expired or was already used; refresh it on the computer');
  }
  return login;
}

/** What the member's confirm page shows: which app asks to sign them in, and the org it belongs to. */
export async function describeQrLogin(ctx: OrgContext, ticket: string) {
  const login = await requirePendingLogin(ctx.db, ctx.orgId, ticket);
  const app = await requireApp(ctx.db, ctx.orgId, login.agent_id);
  return { appName: app.name, agentId: app.agent_id, expiresAt: login.expires_at };
}

/** The signed-in member confirms a QR login on their phone; they must be within the app's visible scope. */
export async function confirmQrLogin(ctx: OrgContext, ticket: string): Promise<{ appName: string }> {
  if (ctx.actor.kind !== 'member') throw forbidden('member.signed_out', 'only a member confirms a login');
  const login = await requirePendingLogin(ctx.db, ctx.orgId, ticket);
  const app = await requireApp(ctx.db, ctx.orgId, login.agent_id);
  if (!(await isInAppScope(ctx.db, ctx.orgId, app, ctx.actor.userId, ctx.actor.memberId))) {
    throw forbidden(E.outOfScope, 'you are outside the visible scope of this app');
  }
  if (!(await repo.moveQrLogin(ctx.db, ctx.orgId, login.id, 'pending', 'confirmed', ctx.actor.memberId))) {
    throw invalid(E.qrTicketExpired, 'this QR code was already used');
  }
  return { appName: app.name };
}
