import { randomBytes, randomInt } from 'node:crypto';
import type { OrgContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCanManageApps, findAppByAgentId, getAppScope } from '../apps/index.js';
import { resolveAudience } from '../audience/index.js';
import { addSubscribers, membersById } from './subscribers.repository.js';
import { corpIdOf } from '../orgs/index.js';
import { aesKeyOf, encrypt, signature, toXml, type XmlFields } from './callback-crypto.js';
import { callbackErrors as E } from './callbacks.errors.js';
import * as repo from './callbacks.repository.js';

/** WeCom waits 5 s for a callback answer; so do we. */
export const CALLBACK_TIMEOUT_MS = 5000;

export type CallbackSettings = {
  url: string;
  /** Free text the receiver uses to check signatures (3–32 letters and digits, as WeCom's console asks). */
  token: string;
  /** 43 characters of [A-Za-z0-9]. */
  encodingAesKey: string;
};

function validate(settings: CallbackSettings): CallbackSettings {
  let url: URL;
  try {
    url = new URL(settings.url.trim());
  } catch {
    throw invalid(E.invalidUrl, 'the callback URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid(E.invalidUrl, 'the callback URL must be http or https');
  if (!/^[A-Za-z0-9]{3,32}$/.test(settings.token))
    throw invalid(E.invalidToken, 'Token must be 3 to 32 letters or digits');
  try {
    aesKeyOf(settings.encodingAesKey);
  } catch {
    throw invalid(E.invalidAesKey, 'EncodingAESKey must be 43 letters or digits');
  }
  return { url: url.toString(), token: settings.token, encodingAesKey: settings.encodingAesKey };
}

/**
 * WeCom's URL verification (§7.3): GET the URL with an encrypted echostr; the receiver must answer with the
 * decrypted text, which proves it holds the Token and key.
 */
export async function verifyCallbackUrl(settings: CallbackSettings, corpId: string): Promise<void> {
  const plain = `${randomInt(1e9, 1e10 - 1)}${randomInt(1e9, 1e10 - 1)}`.slice(0, 19);
  const echostr = encrypt(settings.encodingAesKey, corpId, plain);
  const timestamp = Math.floor(Date.now() / 1000);
  const nonce = randomInt(1e8, 1e9);
  const url = new URL(settings.url);
  url.searchParams.set('msg_signature', signature(settings.token, timestamp, nonce, echostr));
  url.searchParams.set('timestamp', String(timestamp));
  url.searchParams.set('nonce', String(nonce));
  url.searchParams.set('echostr', echostr);
  let answer: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS), redirect: 'manual' });
    answer = await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw invalid(E.verifyFailed, `the callback URL did not answer the verification: ${(error as Error).message}`);
  }
  if (answer !== plain) {
    throw invalid(
      E.verifyFailed,
      'the callback URL answered, but not with the decrypted echostr (check Token and EncodingAESKey)',
    );
  }
}

/** Saves an app's callback settings after the URL passes verification; nothing is saved otherwise. */
export async function setCallback(ctx: OrgContext, agentId: number, input: CallbackSettings): Promise<void> {
  assertCanManageApps(ctx.actor);
  const settings = validate(input);
  const app = await findAppByAgentId(ctx.db, ctx.orgId, agentId);
  if (!app) throw notFound('app.not_found', `app ${agentId} does not exist`);
  await verifyCallbackUrl(settings, await corpIdOf(ctx.db, ctx.orgId));
  await ctx.db.transaction().execute(async (tx) => {
    await repo.saveConfig(tx, { appId: app.id, orgId: ctx.orgId, ...settings });
    // Members already in the app's range count as subscribed from now on (no events for them), so a later
    // disable or delete tells the app with `unsubscribe`.
    const scope = await getAppScope(tx, ctx.orgId, app.id);
    const reach = await resolveAudience(tx, ctx.orgId, { all: true }, scope);
    const active = reach.memberIds.length === 0 ? [] : await membersById(tx, ctx.orgId, reach.memberIds);
    await addSubscribers(
      tx,
      ctx.orgId,
      active.filter((m) => m.status === 'active').map((m) => ({ appId: app.id, memberId: m.id, userId: m.userId })),
    );
  });
}

export async function getCallback(ctx: OrgContext, agentId: number) {
  const app = await findAppByAgentId(ctx.db, ctx.orgId, agentId);
  if (!app) throw notFound('app.not_found', `app ${agentId} does not exist`);
  const config = await repo.findConfig(ctx.db, app.id);
  return config ? { url: config.url, token: config.token, encodingAesKey: config.encodingAesKey } : null;
}

export type AppEvent = {
  appId: number;
  /** Deduplication key: the same key is delivered at most once per app. */
  eventKey: string;
  /** For the log: `text`, `event:click`, `change_contact`… */
  eventType: string;
  /** The message or event fields, without ToUserName (the corpid, added here). */
  fields: XmlFields;
  fromMemberId?: number | null;
};

/**
 * Queues events for apps' callback URLs inside the caller's transaction; apps without a callback are
 * skipped. Members' messages to apps, menu clicks and enter_agent (issue 4) come in through here.
 */
export async function enqueueAppEvents(tx: Queryable, orgId: number, events: AppEvent[]): Promise<void> {
  if (events.length === 0) return;
  const configured = new Set(
    (await tx.selectFrom('app_callbacks').select('app_id').where('org_id', '=', orgId).execute()).map((r) => r.app_id),
  );
  const corpId = await corpIdOf(tx, orgId);
  await repo.enqueue(
    tx,
    events
      .filter((e) => configured.has(e.appId))
      .map((e) => ({
        orgId,
        appId: e.appId,
        eventKey: e.eventKey,
        eventType: e.eventType,
        body: toXml({ ToUserName: corpId, ...e.fields }),
        fromMemberId: e.fromMemberId ?? null,
      })),
  );
}

export async function listCallbackDeliveries(ctx: OrgContext, agentId: number, limit = 100) {
  const app = await findAppByAgentId(ctx.db, ctx.orgId, agentId);
  if (!app) throw notFound('app.not_found', `app ${agentId} does not exist`);
  const rows = await repo.listDeliveries(ctx.db, ctx.orgId, app.id, Math.min(Math.max(limit, 1), 500));
  return rows.map((r) => ({
    id: r.id,
    eventKey: r.event_key,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
  }));
}

/** A 64-bit-looking decimal id for MsgId fields. */
export function newMsgId(): bigint {
  return BigInt(`0x${randomBytes(8).toString('hex')}`) & 0x7fffffffffffffffn;
}
