import type { Kysely } from 'kysely';
import { type Actor, type VisibleScope, visibleScopeOf } from '../../platform/context.js';
import type { Db, Queryable } from '../../platform/db/database.js';
import { isPostgres } from '../../platform/db/dialect.js';
import { reusableQuery } from '../../platform/db/reusable-query.js';
import { DomainError } from '../../platform/errors.js';
import { hashToken, randomToken } from '../../platform/secrets.js';

export const TOKEN_TTL_SECONDS = 7200;
/** Expired tokens are kept this long so a late caller hears "expired" (42001), not "invalid" (40014). */
const EXPIRED_GRACE_MS = 24 * 3600 * 1000;

export const tokenErrors = {
  corpIdMissing: 'token.corpid_missing',
  secretMissing: 'token.secret_missing',
  corpNotFound: 'token.corpid_invalid',
  secretInvalid: 'token.secret_invalid',
  secretOfOtherOrg: 'token.secret_other_org',
  appDisabled: 'token.app_disabled',
  missing: 'token.missing',
  invalid: 'token.invalid',
  expired: 'token.expired',
} as const;

function fail(code: string, message: string): never {
  throw new DomainError(code, 'unauthorized', message);
}

/** Exchanges an org id and a secret (an app's, or the directory secret) for a 2-hour access token. */
export async function issueToken(db: Db, corpId: string | undefined, secret: string | undefined) {
  if (!corpId) fail(tokenErrors.corpIdMissing, 'corpid missing');
  if (!secret) fail(tokenErrors.secretMissing, 'corpsecret missing');
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'contact_secret_hash'])
    .where('corp_id', '=', corpId)
    .executeTakeFirst();
  if (!org) fail(tokenErrors.corpNotFound, 'invalid corpid');
  const secretHash = hashToken(secret);
  let appId: number | null = null;
  if (secretHash !== org.contact_secret_hash) {
    const app = await db
      .selectFrom('apps')
      .select(['id', 'org_id', 'is_enabled'])
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst();
    const otherOrg = await db
      .selectFrom('orgs')
      .select('id')
      .where('contact_secret_hash', '=', secretHash)
      .executeTakeFirst();
    if ((app && app.org_id !== org.id) || otherOrg)
      fail(tokenErrors.secretOfOtherOrg, 'secret belongs to another corp');
    if (!app) fail(tokenErrors.secretInvalid, 'invalid credential');
    if (app.is_enabled !== 1) fail(tokenErrors.appDisabled, 'app is disabled');
    appId = app.id;
  }
  const token = randomToken(48);
  const now = Date.now();
  await db
    .insertInto('access_tokens')
    .values({
      token_hash: hashToken(token),
      org_id: org.id,
      app_id: appId,
      created_at: now,
      expires_at: now + TOKEN_TTL_SECONDS * 1000,
    })
    .execute();
  // Purge long-dead tokens as we go: cheap, and keeps the table the size of the live set.
  await db
    .deleteFrom('access_tokens')
    .where('expires_at', '<', now - EXPIRED_GRACE_MS)
    .execute();
  return { accessToken: token, expiresIn: TOKEN_TTL_SECONDS };
}

type Resolved = {
  orgId: number;
  actor: Actor;
  expiresAt: number;
  cachedAt: number;
  /** The revocation epoch read in the same query as the token: the resolution holds while it is current. */
  epoch: number;
};

/**
 * Every open-API call resolves its token, so a process keeps resolutions (at most CACHE_TTL_MS, for what no
 * revocation covers). The database stays the truth (ADR 0004): a revocation deletes the tokens (or disables
 * the app) and bumps `access_token_epoch` in the same transaction, then forgets this process's resolutions.
 *
 * - SQLite: one process owns the store, so forgetting here is exact; a hit costs no query.
 * - PostgreSQL: other processes can revoke. A hit is trusted only if the epoch, read after the call arrived,
 *   is still the one it was resolved under. Concurrent calls share that read — at most one in flight per
 *   process, and a call waits for one sent after it arrived — so a rotation answered anywhere is refused here
 *   at the next call, for about one round trip per call at low load and far fewer queries than calls at high.
 */
const CACHE_TTL_MS = 5000;
const CACHE_MAX = 10_000;

type TokenCache = {
  resolutions: Map<string, Resolved>;
  /** Bumped when this process forgets: a lookup in flight across a forget does not store what it read. */
  generation: number;
  /** Whether other processes can revoke (PostgreSQL), so hits are checked against the epoch. */
  isShared: boolean;
  /** The epoch read in flight, and the one queued to be sent when it ends. */
  reading?: Promise<number>;
  queued?: Promise<number>;
};

const caches = new WeakMap<Db, TokenCache>();

function cacheOf(db: Db): TokenCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { resolutions: new Map(), generation: 0, isShared: isPostgres(db as unknown as Kysely<unknown>) };
    caches.set(db, cache);
  }
  return cache;
}

const readEpochRow = reusableQuery(
  (db) => db.selectFrom('access_token_epoch').select('epoch').where('id', '=', 1),
  () => [1],
);

function startEpochRead(db: Db, cache: TokenCache): Promise<number> {
  const read: Promise<number> = readEpochRow(db)
    .then(([row]) => Number(row?.epoch ?? 0))
    .finally(() => {
      if (cache.reading === read) cache.reading = undefined;
    });
  cache.reading = read;
  return read;
}

/**
 * The revocation epoch as of a moment after this call: a read already in flight may have been sent before a
 * revocation the caller has seen answered, so a call that finds one waits for the next (shared by all waiting).
 */
function currentEpoch(db: Db, cache: TokenCache): Promise<number> {
  if (!cache.reading) return startEpochRead(db, cache);
  cache.queued ??= cache.reading
    .then(
      () => undefined,
      () => undefined,
    )
    .then(() => {
      cache.queued = undefined;
      return startEpochRead(db, cache);
    });
  return cache.queued;
}

/**
 * Revokes tokens inside the caller's transaction: those of an org's directory secret (`appId` null) or of one
 * app. Every process refuses them from the commit on; call forgetTokens after it.
 */
export async function revokeTokens(tx: Queryable, orgId: number, appId: number | null): Promise<void> {
  await tx
    .deleteFrom('access_tokens')
    .where('org_id', '=', orgId)
    .where('app_id', appId === null ? 'is' : '=', appId)
    .execute();
  await markTokensRevoked(tx);
}

/** Records a revocation that deletes no token (an app disabled): every process re-checks what it keeps. */
export async function markTokensRevoked(tx: Queryable): Promise<void> {
  await tx
    .updateTable('access_token_epoch')
    .set((eb) => ({ epoch: eb('epoch', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

/** Forgets this process's token resolutions, once a revocation has committed. */
export function forgetTokens(db: Db): void {
  const cache = caches.get(db);
  if (!cache) return;
  cache.resolutions.clear();
  cache.generation += 1;
}

/** The org and actor an access token stands for; the WeCom-distinguished failures otherwise. */
export async function resolveToken(db: Db, token: string | undefined): Promise<{ orgId: number; actor: Actor }> {
  if (!token) fail(tokenErrors.missing, 'access_token missing');
  const now = Date.now();
  const cache = cacheOf(db);
  const hit = cache.resolutions.get(token);
  if (hit && now - hit.cachedAt < CACHE_TTL_MS && hit.expiresAt > now) {
    if (!cache.isShared || (await currentEpoch(db, cache)) === hit.epoch) return hit;
    cache.resolutions.delete(token);
  }
  const generation = cache.generation;
  const fresh = await lookupToken(db, token);
  if (cache.generation === generation) {
    if (cache.resolutions.size >= CACHE_MAX) cache.resolutions.clear();
    cache.resolutions.set(token, { ...fresh, cachedAt: now });
  }
  return fresh;
}

async function lookupToken(db: Db, token: string): Promise<Resolved> {
  const row = await db
    .selectFrom('access_tokens')
    .leftJoin('apps', 'apps.id', 'access_tokens.app_id')
    .select((eb) => [
      'access_tokens.org_id',
      'access_tokens.app_id',
      'access_tokens.expires_at',
      'apps.agent_id',
      'apps.can_write_directory',
      'apps.is_enabled',
      'apps.external_contacts',
      // In the same statement, so the epoch is the one this row was read under.
      eb.selectFrom('access_token_epoch').select('epoch').where('id', '=', 1).as('epoch'),
    ])
    .where('access_tokens.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) fail(tokenErrors.invalid, 'invalid access_token');
  if (row.expires_at <= Date.now()) fail(tokenErrors.expired, 'access_token expired');
  const epoch = Number(row.epoch ?? 0);
  if (row.app_id === null)
    return { orgId: row.org_id, actor: { kind: 'directory' }, expiresAt: row.expires_at, cachedAt: 0, epoch };
  if (row.is_enabled !== 1) fail(tokenErrors.appDisabled, 'app is disabled');
  return {
    orgId: row.org_id,
    expiresAt: row.expires_at,
    cachedAt: 0,
    epoch,
    actor: {
      kind: 'app',
      appId: row.app_id,
      agentId: Number(row.agent_id),
      canWriteDirectory: row.can_write_directory === 1,
      scope: await scopeOfApp(db, row.app_id, row.external_contacts === 1),
    },
  };
}

/**
 * The app's visible scope, read with its token: every use case checks what it reaches from the actor alone.
 * A scope change revokes the resolutions kept (apps.service setAppScope), like a rotation.
 */
async function scopeOfApp(db: Db, appId: number, externalContacts: boolean): Promise<VisibleScope> {
  const rows = await db.selectFrom('app_scopes').select(['kind', 'ref_id']).where('app_id', '=', appId).execute();
  return visibleScopeOf(rows, externalContacts);
}
