import type { OrgContext } from '../../platform/context.js';
import type { Db, Queryable } from '../../platform/db/database.js';
import { forbidden, invalid } from '../../platform/errors.js';
import { hashToken, randomToken } from '../../platform/secrets.js';
import { resolveAudience } from '../audience/index.js';
import { getAppScope, listAppsTrustingHost, requireApp, type AppRow } from '../apps/index.js';
import { loadMembersByIds, type Member } from '../directory/index.js';
import { findOrgByCorpId } from '../orgs/index.js';
import { oauthErrors as E } from './oauth.errors.js';
import {
  assertValidState,
  isTrustedHost,
  parseRedirectUri,
  scopeOf,
  withCode,
  type OAuthScope,
} from './oauth.policy.js';
import * as repo from './oauth.repository.js';

const CODE_TTL_MS = 5 * 60 * 1000;
const USER_TICKET_TTL_S = 1800;
const PURGE_EVERY_MS = 60 * 1000;
let lastPurge = 0;

/** The member a browser is signed in as (the member client's session), if any. */
export type SignedInMember = { orgId: number; memberId: number; userId: string };

export type AuthorizeOptions = {
  /** `appid`: the org's corpid. */
  corpId: string;
  redirectUri: string;
  /** Must be `code`. */
  responseType: string;
  /** `snsapi_base` or `snsapi_privateinfo` (`snsapi_userinfo` reads as privateinfo). */
  scope: string;
  /** Handed back unchanged; `[a-zA-Z0-9]{0,128}`. */
  state: string;
  /**
   * The app asking; required for privateinfo, binds the code, and its trusted domain must be redirect_uri's
   * host. Without it, the host must be the trusted domain of an enabled app the member can see.
   */
  agentId?: number;
};

/** What the browser does next: go to the app with a code, or sign in to the org first. */
export type AuthorizeOutcome = { kind: 'redirect'; location: string } | { kind: 'sign_in'; corpId: string };

/** The org an `appid` names, or `oauth.corpid_invalid`. */
export async function requireOrgByCorpId(db: Db, corpId: string) {
  const org = corpId ? await findOrgByCorpId(db, corpId) : undefined;
  if (!org) throw invalid(E.corpIdInvalid, 'appid is not the corpid of an organization here');
  return org;
}

/**
 * The app an authorize or login URL names, checked: enabled, and the redirect host is exactly its trusted
 * domain (WeCom checks this at exchange time; we refuse at authorize time, before a code exists, and again at
 * exchange). An app without a trusted domain (the default) may not receive codes at all.
 */
export async function requireRedirectableApp(db: Queryable, orgId: number, agentId: number, redirect: URL) {
  const app = await requireApp(db, orgId, agentId);
  if (app.is_enabled !== 1) throw forbidden(E.appDisabled, `app ${agentId} is disabled`);
  if (app.redirect_domain === '') {
    throw invalid(
      E.redirectDomain,
      `app ${agentId} has no trusted domain; an admin sets one in the app's settings before it can receive codes`,
      { host: redirect.host, redirectDomain: '' },
    );
  }
  if (!isTrustedHost(redirect, app.redirect_domain)) {
    throw invalid(E.redirectDomain, `${redirect.host} is not ${app.redirect_domain}, the app's trusted domain`, {
      host: redirect.host,
      redirectDomain: app.redirect_domain,
    });
  }
  return app;
}

/**
 * The enabled apps of the org whose trusted domain is this URL's host, or `oauth.redirect_domain` when none
 * is: what an authorize URL without an agentid, or the org's JS-SDK ticket, is checked against.
 */
export async function requireTrustingApps(db: Queryable, orgId: number, target: URL): Promise<AppRow[]> {
  const apps = await listAppsTrustingHost(db, orgId, target.host);
  if (apps.length === 0) {
    throw invalid(E.redirectDomain, `${target.host} is not the trusted domain of any app of this organization`, {
      host: target.host,
    });
  }
  return apps;
}

/** Whether a member is within an app's visible scope (disabled members never are). */
export async function isInAppScope(db: Queryable, orgId: number, app: AppRow, userId: string, memberId: number) {
  const scope = await getAppScope(db, orgId, app.id);
  const reached = await resolveAudience(db, orgId, { userIds: [userId] }, scope);
  return reached.memberIds.includes(memberId);
}

/** Refuses a member who can see none of these apps (`oauth.out_of_scope`). */
export async function assertSeesOneOf(
  db: Queryable,
  orgId: number,
  apps: AppRow[],
  member: { userId: string; memberId: number },
): Promise<void> {
  for (const app of apps) {
    if (await isInAppScope(db, orgId, app, member.userId, member.memberId)) return;
  }
  throw forbidden(E.outOfScope, 'you are outside the visible scope of every app on this domain');
}

/** Issues a single-use code for a member, bound to the app (0: any app of the org), scope and redirect host. */
export async function issueCode(
  db: Queryable,
  orgId: number,
  grant: { memberId: number; agentId: number; scope: OAuthScope; redirect: URL },
): Promise<string> {
  const code = randomToken(32);
  const now = Date.now();
  await repo.insertCode(db, orgId, {
    code_hash: hashToken(code),
    member_id: grant.memberId,
    agent_id: grant.agentId,
    scope: grant.scope,
    redirect_host: grant.redirect.host.toLowerCase(),
    created_at: now,
    expires_at: now + CODE_TTL_MS,
    used_at: null,
  });
  if (now - lastPurge > PURGE_EVERY_MS) {
    lastPurge = now;
    await repo.purgeExpired(db, now);
  }
  return code;
}

/**
 * The authorize step (wecom-api.md §8.1): checks the URL — redirect_uri's host must be a trusted domain —
 * then, for a member signed in to that org, issues a code and sends the browser to
 * `redirect_uri?code=…&state=…`. Anyone else is sent to sign in first.
 */
export async function authorize(
  db: Db,
  options: AuthorizeOptions,
  member: SignedInMember | undefined,
): Promise<AuthorizeOutcome> {
  const org = await requireOrgByCorpId(db, options.corpId);
  if (options.responseType !== 'code') throw invalid(E.responseTypeInvalid, 'response_type must be code');
  assertValidState(options.state);
  const redirect = parseRedirectUri(options.redirectUri);
  const scope = scopeOf(options.scope, options.agentId !== undefined);
  // Checked before sign-in, so an untrusted host is refused even to a signed-out browser.
  const app =
    options.agentId === undefined ? undefined : await requireRedirectableApp(db, org.id, options.agentId, redirect);
  const trusting = app ? [app] : await requireTrustingApps(db, org.id, redirect);
  if (!member || member.orgId !== org.id) return { kind: 'sign_in', corpId: org.corp_id };
  if (scope === 'snsapi_privateinfo' && app && !(await isInAppScope(db, org.id, app, member.userId, member.memberId))) {
    throw forbidden(E.outOfScope, 'you are outside the visible scope of this app');
  }
  // Without an agentid, WeCom checks the corp's apps' trusted domains: here, of an app the member can see.
  if (!app) await assertSeesOneOf(db, org.id, trusting, member);
  const code = await issueCode(db, org.id, {
    memberId: member.memberId,
    agentId: options.agentId ?? 0,
    scope,
    redirect,
  });
  return { kind: 'redirect', location: withCode(options.redirectUri, code, options.state) };
}

async function activeMember(db: Queryable, orgId: number, memberId: number): Promise<Member | undefined> {
  const [member] = await loadMembersByIds(db, orgId, [memberId]);
  return member && member.status !== 'disabled' ? member : undefined;
}

export type CodeExchange = { userId: string; userTicket?: string; expiresIn?: number };

/**
 * Exchanges a code for the member's userid (and, for privateinfo, a user_ticket). A code is spent by the
 * first exchange. Unknown, spent, expired codes, codes of another org and codes issued for another app all
 * read the same: `oauth.code_invalid` (WeCom 40029) — a code for another app is not spent by the attempt.
 * A code whose redirect host is not the exchanging app's trusted domain is `oauth.redirect_domain` (50001),
 * also unspent: a code asked for without an agentid is good for any app of the org that trusts its host.
 */
export async function exchangeCode(ctx: OrgContext, options: { code: string; agentId: number }): Promise<CodeExchange> {
  const codeHash = hashToken(options.code);
  const now = Date.now();
  const row = await repo.findCode(ctx.db, ctx.orgId, codeHash);
  const usable = row && row.used_at === null && row.expires_at > now;
  if (!usable || (row.agent_id !== 0 && row.agent_id !== options.agentId)) {
    throw invalid(E.codeInvalid, 'invalid code');
  }
  // WeCom's 50001 at exchange: the code went to a host the exchanging app trusts (now, not only when issued).
  const app = await requireApp(ctx.db, ctx.orgId, options.agentId);
  if (!isTrustedHost(row.redirect_host, app.redirect_domain)) {
    throw invalid(E.redirectDomain, `the code was sent to ${row.redirect_host}, not this app's trusted domain`);
  }
  if (!(await repo.spendCode(ctx.db, ctx.orgId, codeHash, now))) throw invalid(E.codeInvalid, 'invalid code');
  const member = await activeMember(ctx.db, ctx.orgId, row.member_id);
  if (!member) throw invalid(E.codeInvalid, 'invalid code');
  if (row.scope !== 'snsapi_privateinfo') return { userId: member.userId };
  const userTicket = randomToken(48);
  await repo.insertUserTicket(ctx.db, ctx.orgId, {
    ticketHash: hashToken(userTicket),
    memberId: member.id,
    agentId: options.agentId,
    now,
    expiresAt: now + USER_TICKET_TTL_S * 1000,
  });
  return { userId: member.userId, userTicket, expiresIn: USER_TICKET_TTL_S };
}

/**
 * The private fields of the member a user_ticket stands for. A ticket is good for 30 minutes, for the app it
 * was issued to, and may be used repeatedly in that time.
 */
export async function getUserDetail(
  ctx: OrgContext,
  options: { userTicket: string; agentId: number },
): Promise<Member> {
  const row = await repo.findUserTicket(ctx.db, ctx.orgId, hashToken(options.userTicket));
  if (!row || row.agent_id !== options.agentId) throw invalid(E.userTicketInvalid, 'invalid user_ticket');
  if (row.expires_at <= Date.now()) throw invalid(E.userTicketExpired, 'user_ticket expired');
  const member = await activeMember(ctx.db, ctx.orgId, row.member_id);
  if (!member) throw invalid(E.userTicketInvalid, 'invalid user_ticket');
  return member;
}
