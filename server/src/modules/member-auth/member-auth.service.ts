import { createHash, randomInt } from 'node:crypto';
import { actsForWholeOrg, type OrgContext } from '../../platform/context.js';
import type { Db, Queryable } from '../../platform/db/database.js';
import { DomainError, forbidden, invalid, notFound } from '../../platform/errors.js';
import { hashToken, randomToken } from '../../platform/secrets.js';
import type { AttemptLimit, SignInAttempts } from '../../platform/sign-in-limits.js';
import { activateMember, getMember, loadMembersByIds, loadTree, managedRoot } from '../directory/index.js';
import { memberAuthErrors as E } from './member-auth.errors.js';
import { openSession } from './member-sessions.js';
import type { CodeSender } from './senders.js';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const CODE_TTL_MS = 10 * 60 * 1000;
const RESEND_AFTER_MS = 60 * 1000;
const MAX_ATTEMPTS = 5;

type Channel = 'sms' | 'email';

/** What the public joining and sign-in use cases need besides their input. */
export type CodeDeps = {
  db: Db;
  sender: CodeSender;
  attempts: SignInAttempts;
  /** The client's address (request.ip), counted against the per-address limits. */
  address: string;
};
type Listed = {
  orgId: number;
  memberId: number;
  name: string;
  mobile: string | null;
  email: string | null;
  status: string;
};

/** 138****1234 / z***@example.com: enough for a person to recognise their own, not to learn someone else's. */
export function mask(channel: Channel, value: string): string {
  if (channel === 'sms') return value.length > 7 ? `${value.slice(0, 3)}****${value.slice(-4)}` : '****';
  const [user = '', domain = ''] = value.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}

function channelsOf(m: Listed) {
  return [
    ...(m.mobile ? [{ channel: 'sms' as const, to: mask('sms', m.mobile) }] : []),
    ...(m.email ? [{ channel: 'email' as const, to: mask('email', m.email) }] : []),
  ];
}

async function listedMember(db: Queryable, orgId: number, where: { id?: number; login?: string }) {
  let q = db
    .selectFrom('members')
    .select(['id', 'org_id', 'name', 'mobile', 'email', 'status'])
    .where('org_id', '=', orgId);
  if (where.id !== undefined) q = q.where('id', '=', where.id);
  if (where.login !== undefined) {
    const login = where.login.trim();
    q = q.where((eb) => eb.or([eb('mobile', '=', login), eb('email', '=', login.toLowerCase())]));
  }
  const r = await q.executeTakeFirst();
  return r && { orgId: r.org_id, memberId: r.id, name: r.name, mobile: r.mobile, email: r.email, status: r.status };
}

/** Creates an invitation link bound to one listed member (admin). */
export async function createInvite(ctx: OrgContext, userId: string) {
  if (ctx.actor.kind !== 'admin' && ctx.actor.kind !== 'system')
    throw forbidden('admin.no_privilege', 'only admins invite');
  const member = await getMember(ctx, userId);
  if (member.status === 'disabled') throw invalid(E.disabled, 'this member is disabled');
  const token = randomToken(24);
  const now = Date.now();
  await ctx.db
    .insertInto('member_invites')
    .values({
      token_hash: hashToken(token),
      org_id: ctx.orgId,
      member_id: member.id,
      created_at: now,
      expires_at: now + INVITE_TTL_MS,
    })
    .execute();
  return { token, path: `/join?invite=${token}`, expiresAt: now + INVITE_TTL_MS };
}

async function inviteTarget(db: Db, token: string): Promise<Listed> {
  const invite = await db
    .selectFrom('member_invites')
    .select(['org_id', 'member_id', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  const member =
    invite && invite.expires_at > Date.now()
      ? await listedMember(db, invite.org_id, { id: invite.member_id })
      : undefined;
  if (!member || member.status === 'disabled')
    throw notFound(E.inviteInvalid, 'this invitation is not valid any more; ask your admin for a new one');
  return member;
}

/** What the invitation page shows: whose invitation it is, and where a code can be sent (masked). */
export async function describeInvite(db: Db, token: string) {
  const member = await inviteTarget(db, token);
  const org = await db
    .selectFrom('orgs')
    .select(['name', 'corp_id'])
    .where('id', '=', member.orgId)
    .executeTakeFirstOrThrow();
  return { org: { name: org.name, corpId: org.corp_id }, member: { name: member.name }, channels: channelsOf(member) };
}

/** Where a code by `channel` goes: the member's listed mobile or email. */
function destination(member: Listed, channel: Channel): string {
  const to = channel === 'sms' ? member.mobile : member.email;
  if (!to)
    throw invalid(E.noChannel, `this member has no ${channel === 'sms' ? 'mobile number' : 'email address'} listed`);
  return to;
}

async function sendCode(db: Db, sender: CodeSender, member: Listed, channel: Channel, orgName: string): Promise<void> {
  const to = destination(member, channel);
  const last = await db
    .selectFrom('verification_codes')
    .select('created_at')
    .where('member_id', '=', member.memberId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const now = Date.now();
  // The per-login limit answered already, alike for listed and unlisted logins; this only keeps a member from
  // getting two codes a minute by two doors (an invitation and the sign-in form), and it answers nothing
  // different: the code sent a moment ago still works.
  if (last && now - last.created_at < RESEND_AFTER_MS) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('verification_codes')
      .values({
        org_id: member.orgId,
        member_id: member.memberId,
        channel,
        code_hash: '',
        attempts: 0,
        created_at: now,
        expires_at: now + CODE_TTL_MS,
        used_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Salted with the row id: equal codes of different people never hash alike.
    await tx
      .updateTable('verification_codes')
      .set({ code_hash: codeHash(row.id, code) })
      .where('id', '=', row.id)
      .execute();
    await sender.send(tx, {
      orgId: member.orgId,
      memberId: member.memberId,
      channel,
      recipient: to,
      subject: `${orgName}: your Enclave code`,
      body: `${code} is your code to join ${orgName} on Enclave (您的验证码). It expires in 10 minutes.`,
    });
  });
}

function codeHash(id: number, code: string): string {
  return createHash('sha256').update(`${id}:${code}`).digest('hex');
}

/**
 * Checks the member's latest code; wrong codes count against it, a used or expired one never works. The try is
 * counted (attempts + 1, only while fewer than five) in the same statement that finds the code, before the
 * comparison: concurrent guesses cannot all read "fewer than five" before any of them is counted.
 */
async function consumeCode(db: Db, member: Listed, code: string): Promise<void> {
  const latest = await db
    .selectFrom('verification_codes')
    .select('id')
    .where('member_id', '=', member.memberId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const counted =
    latest &&
    (await db
      .updateTable('verification_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', latest.id)
      .where('attempts', '<', MAX_ATTEMPTS)
      .where('used_at', 'is', null)
      .where('expires_at', '>', Date.now())
      .returning(['id', 'code_hash'])
      .executeTakeFirst());
  if (!counted || codeHash(counted.id, code.trim()) !== counted.code_hash) {
    throw invalid(E.codeInvalid, 'the code is wrong or has expired; ask for a new one');
  }
  const used = await db
    .updateTable('verification_codes')
    .set({ used_at: Date.now() })
    .where('id', '=', counted.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw invalid(E.codeInvalid, 'the code was already used');
}

/** Activates a listed member on first proof and opens a session for the device. */
async function admit(db: Db, member: Listed, device: string) {
  // Disabled (or deleted) since the code was sent: no session.
  if (member.status === 'invited' && !(await activateMember(db, member.orgId, member.memberId))) {
    throw invalid(E.disabled, 'this member is disabled');
  }
  return openSession(db, member.orgId, member.memberId, device);
}

const tooMany = () =>
  new DomainError(E.tooManyAttempts, 'too_many', 'too many tries; wait a few minutes and try again');
const tooSoon = () =>
  new DomainError(E.tooSoon, 'too_many', 'a code can be asked for once a minute and five times an hour; wait a bit');

/** Counts a code request: the address's first, then the login's (the resend interval among them). */
async function countCodeRequest(deps: CodeDeps, login: string): Promise<void> {
  const { perAddress, perLogin } = deps.attempts.limits;
  await deps.attempts.count([{ key: `address-code:${deps.address}`, windows: perAddress.codeRequests }], tooMany);
  await deps.attempts.count([{ key: `code:${login}`, windows: perLogin.codeRequests }], tooSoon);
}

/** Counts a code check: the address's, then the login's. */
async function countCodeCheck(deps: CodeDeps, login: string): Promise<void> {
  const { perAddress, perLogin } = deps.attempts.limits;
  const limits: AttemptLimit[] = [
    { key: `address-check:${deps.address}`, windows: perAddress.codeChecks },
    { key: `check:${login}`, windows: perLogin.codeChecks },
  ];
  await deps.attempts.count(limits, tooMany);
}

/** An invitation counts as a login of its own; its token is secret, so only its hash is a key. */
const inviteLogin = (token: string) => `invite:${hashToken(token)}`;
/** The org and the login as typed, in the form they are matched in (trimmed; emails in lower case). */
const typedLogin = (corpId: string, login: string) => `login:${corpId.trim()}:${login.trim().toLowerCase()}`;

export async function sendInviteCode(deps: CodeDeps, token: string, channel: Channel) {
  const member = await inviteTarget(deps.db, token);
  // A channel the invitation page does not offer is refused before it counts: that page shows them anyway.
  destination(member, channel);
  await countCodeRequest(deps, inviteLogin(token));
  const org = await deps.db.selectFrom('orgs').select('name').where('id', '=', member.orgId).executeTakeFirstOrThrow();
  await sendCode(deps.db, deps.sender, member, channel, org.name);
}

export async function acceptInvite(deps: CodeDeps, token: string, code: string, device: string) {
  await countCodeCheck(deps, inviteLogin(token));
  const member = await inviteTarget(deps.db, token);
  await consumeCode(deps.db, member, code);
  await deps.db.deleteFrom('member_invites').where('token_hash', '=', hashToken(token)).execute();
  return admit(deps.db, member, device);
}

async function memberByLogin(db: Db, corpId: string, login: string) {
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'name', 'allow_self_join'])
    .where('corp_id', '=', corpId)
    .executeTakeFirst();
  const member = org ? await listedMember(db, org.id, { login }) : undefined;
  // Signing in needs an active account; joining by the org's QR code needs the admin's permission.
  const allowed = member && member.status !== 'disabled' && (member.status === 'active' || org?.allow_self_join === 1);
  return { org, member: allowed ? member : undefined };
}

/**
 * Sends a sign-in (or QR self-join) code to the listed mobile or email the person typed. The answer is
 * the same whether or not the login is listed, so the form cannot be used to probe the directory: the limits
 * count the login as typed before it is looked up.
 */
export async function requestSignInCode(deps: CodeDeps, corpId: string, login: string): Promise<void> {
  await countCodeRequest(deps, typedLogin(corpId, login));
  const { org, member } = await memberByLogin(deps.db, corpId, login);
  if (!org || !member) return;
  const channel: Channel = member.mobile === login.trim() ? 'sms' : 'email';
  await sendCode(deps.db, deps.sender, member, channel, org.name);
}

export async function signInWithCode(deps: CodeDeps, corpId: string, login: string, code: string, device: string) {
  await countCodeCheck(deps, typedLogin(corpId, login));
  const { member } = await memberByLogin(deps.db, corpId, login);
  if (!member) throw invalid(E.codeInvalid, 'the code is wrong or has expired; ask for a new one');
  await consumeCode(deps.db, member, code);
  return admit(deps.db, member, device);
}

/** Lets members join by scanning the org's QR code (still verified against the directory). */
export async function setSelfJoin(ctx: OrgContext, allowed: boolean): Promise<void> {
  if (!actsForWholeOrg(ctx.actor)) {
    throw forbidden('admin.no_privilege', 'only the owner and org-wide admins change how people join');
  }
  await ctx.db
    .updateTable('orgs')
    .set({ allow_self_join: allowed ? 1 : 0 })
    .where('id', '=', ctx.orgId)
    .execute();
}

/** The rows whose member is in the subtree under `root`. */
async function withinSubtree<R extends { member_id: number | null }>(ctx: OrgContext, root: number, rows: R[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.member_id === null ? [] : [r.member_id])))];
  const [tree, members] = await Promise.all([loadTree(ctx.db, ctx.orgId), loadMembersByIds(ctx.db, ctx.orgId, ids)]);
  const inside = new Set(members.filter((m) => m.departments.some((d) => tree.isWithin(d.id, root))).map((m) => m.id));
  return rows.filter((r) => r.member_id !== null && inside.has(r.member_id));
}

/** How far back a department admin's outbox looks for codes of their subtree's members. */
const DEV_OUTBOX_SCAN = 1000;

/**
 * What the development sender "sent" in this org, newest first (admin console): for a department admin only
 * the codes of members in their subtree — a code is enough to sign in as its member.
 */
export async function listDevOutbox(ctx: OrgContext, limit = 50) {
  if (ctx.actor.kind !== 'admin' && ctx.actor.kind !== 'system') {
    throw forbidden('admin.no_privilege', 'only admins read the development outbox');
  }
  const root = managedRoot(ctx.actor);
  const rows = await ctx.db
    .selectFrom('dev_outbox')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .$if(root !== null, (q) => q.where('member_id', 'is not', null))
    .orderBy('id', 'desc')
    .limit(root === null ? limit : DEV_OUTBOX_SCAN)
    .execute();
  const visible = root === null ? rows : await withinSubtree(ctx, root, rows);
  return visible.slice(0, limit).map((r) => ({
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    createdAt: r.created_at,
  }));
}
