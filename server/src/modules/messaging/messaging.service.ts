import { createHash } from 'node:crypto';
import type { OrgContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { announceEventsCommitted, recordEvent } from '../../platform/outbox/outbox.js';
import { getAppScope } from '../apps/index.js';
import { type Audience, resolveAudience } from '../audience/index.js';
import { findMedia } from '../media/index.js';
import * as inbox from './inbox.repository.js';
import { messageErrors as E } from './messaging.errors.js';
import type { MessageQuota } from './message-quota.js';
import { normalisePayload } from './messaging.payloads.js';
import { countReceipts, listReceipts, type ReceiptQuery } from './receipts.repository.js';
import { commitSend, findFingerprint } from './send-batcher.js';
import { storeMessage } from './message-store.js';
import { assertMayActAsApp } from './messaging.policy.js';
import { type AppMessageSummary, listAppMessages } from './messages.repository.js';
import { MessageRecalled } from './messaging.events.js';

/** Apps may recall their messages for 24 hours (WeCom's window). */
export const RECALL_WINDOW_MS = 24 * 3600 * 1000;

export type SendAppMessageOptions = {
  /** The sending app (internal id and its agentid, which names the conversation). */
  app: { id: number; agentId: number };
  /** Who it is for; expanded at send time and cut to the app's visible scope. */
  audience: Audience;
  msgType: string;
  payload: unknown;
  /** Confidential: no forwarding, reader's watermark (WeCom's `safe=1`). */
  confidential?: boolean;
  /** Skip sending when the same request came within this many seconds (WeCom's duplicate check). */
  duplicateCheckSeconds?: number;
  /** Per-member limits; recipients over them are dropped silently. */
  quota?: MessageQuota;
};

export type SendResult = {
  msgId: string;
  recipients: number;
  invalidUserIds: string[];
  invalidDepartmentIds: number[];
  invalidTagIds: number[];
  /** True when the duplicate check matched an earlier send and nothing was delivered. */
  duplicate: boolean;
};

function fingerprintOf(options: SendAppMessageOptions, payload: unknown): string {
  const canonical = JSON.stringify([options.msgType, payload, options.audience, options.confidential ?? false]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Sends an app's message: the message is stored once and one inbox entry per recipient is written in the
 * same transaction, each with the member's next seq.
 */
export async function sendAppMessage(ctx: OrgContext, options: SendAppMessageOptions): Promise<SendResult> {
  assertMayActAsApp(ctx.actor, options.app.id);
  const { payload, mediaIds } = normalisePayload(options.msgType, options.payload);
  if (options.msgType === 'news' && options.confidential) {
    throw invalid(E.newsNotConfidential, 'news messages cannot be confidential (safe=1)');
  }
  for (const mediaId of mediaIds) await findMedia(ctx, mediaId);
  // Expand the audience before the transaction: walking a large department tree inside it would hold the
  // write lock for the whole walk.
  // An app's own token carries its scope (read with the token, refreshed on a scope change): no reads per send.
  const scope =
    ctx.actor.kind === 'app' && ctx.actor.appId === options.app.id
      ? ctx.actor.scope
      : await getAppScope(ctx.db, ctx.orgId, options.app.id);
  const audience = await resolveAudience(ctx.db, ctx.orgId, options.audience, scope);
  const invalidParts = {
    invalidUserIds: audience.invalidUserIds,
    invalidDepartmentIds: audience.invalidDepartmentIds,
    invalidTagIds: audience.invalidTagIds,
  };
  if (audience.memberIds.length === 0) {
    throw new DomainError(E.allInvalid, 'invalid', 'user & party & tag all invalid', { ...invalidParts });
  }
  const fingerprint = options.duplicateCheckSeconds ? fingerprintOf(options, payload) : null;
  const duplicateOf = async (db: Queryable) => {
    const earlier = fingerprint ? await findFingerprint(db, ctx.orgId, options.app.id, fingerprint) : undefined;
    return earlier ? { msgId: earlier, recipients: 0, ...invalidParts, duplicate: true } : undefined;
  };
  // A duplicate is answered before anything counts against the quota.
  const seen = await duplicateOf(ctx.db);
  if (seen) return seen;
  // Counted before the transaction, not in it: a broadcast's quota check (20,000 members: tens of ms in
  // Redis, up to its command timeout if Redis is away) must not hold the write lock. A send that then fails,
  // or loses a race with its own duplicate, has counted once for nothing.
  const recipients = options.quota
    ? await options.quota.admit(ctx.orgId, options.app.id, audience.memberIds)
    : audience.memberIds;
  // Committed with whatever other sends are waiting (send-batcher.ts): one counter bump per member and batch.
  const committed = await commitSend(ctx.db, {
    orgId: ctx.orgId,
    appId: options.app.id,
    conversation: `app:${options.app.agentId}`,
    memberIds: recipients,
    msgType: options.msgType,
    payload,
    confidential: options.confidential ?? false,
    fingerprint,
    duplicateCheckSeconds: options.duplicateCheckSeconds,
  });
  return {
    msgId: committed.msgId,
    recipients: committed.duplicate ? 0 : recipients.length,
    ...invalidParts,
    duplicate: committed.duplicate,
  };
}

export type DeliveryOptions = {
  appId: number | null;
  /** The conversation in each recipient's client: `app:<agentid>`, `chat:<chatid>`… */
  conversation: string;
  memberIds: number[];
  msgType: string;
  /** Already validated (see normalisePayload). */
  payload: unknown;
  confidential: boolean;
  /** The member who wrote it (chat); absent for app messages. */
  senderMemberId?: number | null;
};

/**
 * Stores a message once and appends it to every recipient's inbox, inside the caller's transaction, and
 * records `message.sent` for the relays. The one write path of every kind of message.
 */
export async function storeAndDeliver(tx: Queryable, orgId: number, options: DeliveryOptions) {
  const stored = await storeMessage(tx, orgId, options);
  await inbox.appendEntries(tx, orgId, options.memberIds, {
    messageId: stored.messageId,
    conversation: options.conversation,
    kind: 'message',
  });
  return stored;
}

/** Marks a message recalled and appends a recall entry, in its conversation, to everyone who received it. */
export async function recordRecall(tx: Queryable, orgId: number, messageId: number): Promise<void> {
  await tx.updateTable('messages').set({ recalled_at: Date.now() }).where('id', '=', messageId).execute();
  const entries = await tx
    .selectFrom('inbox_entries')
    .select(['member_id', 'conversation'])
    .where('message_id', '=', messageId)
    .where('kind', '=', 'message')
    .execute();
  const byConversation = new Map<string, number[]>();
  for (const e of entries)
    byConversation.set(e.conversation, [...(byConversation.get(e.conversation) ?? []), e.member_id]);
  for (const [conversation, memberIds] of byConversation) {
    await inbox.appendEntries(tx, orgId, memberIds, { messageId, conversation, kind: 'recall' });
  }
}

/** Recalls an app's own message within 24 hours; recipients learn it through a recall entry in their inbox. */
export async function recallAppMessage(ctx: OrgContext, appId: number, msgId: string): Promise<void> {
  assertMayActAsApp(ctx.actor, appId);
  await ctx.db.transaction().execute(async (tx) => {
    const message = await tx
      .selectFrom('messages')
      .select(['id', 'app_id', 'created_at', 'recalled_at'])
      .where('org_id', '=', ctx.orgId)
      .where('msg_id', '=', msgId)
      .executeTakeFirst();
    if (!message || message.app_id !== appId) throw notFound(E.notFound, 'invalid msgid');
    if (message.recalled_at !== null) return;
    if (Date.now() - message.created_at > RECALL_WINDOW_MS) {
      throw invalid(E.recallExpired, 'messages can be recalled only within 24 hours of sending');
    }
    await recordRecall(tx, ctx.orgId, message.id);
    await recordEvent(tx, ctx.orgId, MessageRecalled.of({ messageId: message.id, msgId }));
  });
  announceEventsCommitted();
}

/** An app's most recent messages, newest first, with their read counts (the console's sent list). */
export async function recentAppMessages(ctx: OrgContext, appId: number, limit = 50): Promise<AppMessageSummary[]> {
  assertMayActAsApp(ctx.actor, appId);
  return listAppMessages(ctx.db, ctx.orgId, appId, limit);
}

/** Who has read one of an app's messages and who has not (one page of one of them), with both counts. */
export async function appMessageReceipts(ctx: OrgContext, appId: number, msgId: string, query: ReceiptQuery) {
  assertMayActAsApp(ctx.actor, appId);
  const message = await ctx.db
    .selectFrom('messages')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .where('app_id', '=', appId)
    .where('msg_id', '=', msgId)
    .executeTakeFirst();
  if (!message) throw notFound(E.notFound, `the app sent no message ${msgId}`);
  const [counts, items] = await Promise.all([
    countReceipts(ctx.db, ctx.orgId, message.id),
    listReceipts(ctx.db, ctx.orgId, message.id, query),
  ]);
  return { ...counts, state: query.state, items };
}

/** A member's inbox after a seq, in order (the resync a client does after a reconnect or a gap). */
export function listInbox(ctx: OrgContext, memberId: number, afterSeq: number, limit = 500) {
  return inbox.listEntries(ctx.db, ctx.orgId, memberId, afterSeq, Math.min(Math.max(limit, 1), 5000));
}
