import type { Actor } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
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

type Resolved = { orgId: number; actor: Actor; expiresAt: number; cachedAt: number };

/**
 * Every open-API call resolves its token, so resolutions are kept for a few seconds. The database stays the
 * truth: rotation forgets them at once in this process and, through the bus, in the others; CACHE_TTL_MS
 * bounds a lost bus message (ADR 0004).
 */
const CACHE_TTL_MS = 5000;
const CACHE_MAX = 10_000;
const resolved = new WeakMap<Db, Map<string, Resolved>>();
const forgetListeners = new Set<(db: Db) => void>();

/**
 * Forgets cached token resolutions (after a secret rotation or an app being disabled, once the change has
 * committed) and tells the listeners, which tell the other processes.
 */
export function forgetTokens(db: Db): void {
  forgetCachedTokens(db);
  for (const listener of forgetListeners) listener(db);
}

/** Forgets this process's resolutions only: what another process's rotation, heard on the bus, does. */
export function forgetCachedTokens(db: Db): void {
  resolved.get(db)?.clear();
}

/** The app wiring listens here to publish rotations on the bus. */
export function onTokensForgotten(listener: (db: Db) => void): () => void {
  forgetListeners.add(listener);
  return () => forgetListeners.delete(listener);
}

/** The org and actor an access token stands for; the WeCom-distinguished failures otherwise. */
export async function resolveToken(db: Db, token: string | undefined): Promise<{ orgId: number; actor: Actor }> {
  if (!token) fail(tokenErrors.missing, 'access_token missing');
  const now = Date.now();
  let cache = resolved.get(db);
  if (!cache) resolved.set(db, (cache = new Map()));
  const hit = cache.get(token);
  if (hit && now - hit.cachedAt < CACHE_TTL_MS && hit.expiresAt > now) return hit;
  const fresh = await lookupToken(db, token);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(token, { ...fresh, cachedAt: now });
  return fresh;
}

async function lookupToken(db: Db, token: string): Promise<Resolved> {
  const row = await db
    .selectFrom('access_tokens')
    .leftJoin('apps', 'apps.id', 'access_tokens.app_id')
    .select([
      'access_tokens.org_id',
      'access_tokens.app_id',
      'access_tokens.expires_at',
      'apps.agent_id',
      'apps.can_write_directory',
      'apps.is_enabled',
    ])
    .where('access_tokens.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) fail(tokenErrors.invalid, 'invalid access_token');
  if (row.expires_at <= Date.now()) fail(tokenErrors.expired, 'access_token expired');
  if (row.app_id === null)
    return { orgId: row.org_id, actor: { kind: 'directory' }, expiresAt: row.expires_at, cachedAt: 0 };
  if (row.is_enabled !== 1) fail(tokenErrors.appDisabled, 'app is disabled');
  return {
    orgId: row.org_id,
    expiresAt: row.expires_at,
    cachedAt: 0,
    actor: {
      kind: 'app',
      appId: row.app_id,
      agentId: Number(row.agent_id),
      canWriteDirectory: row.can_write_directory === 1,
    },
  };
}
