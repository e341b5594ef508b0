import type { OrgContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { announceEventsCommitted, recordEvent } from '../../platform/outbox/outbox.js';
import { idsByUserIds, loadMembersByIds, loadTree } from '../directory/index.js';
import { memberMediaAccess } from '../media/index.js';
import { listReceipts, MessageRecalled, recordRecall, storeAndDeliver } from '../messaging/index.js';
import { chatErrors as E } from './chat.errors.js';
import { normaliseChatPayload } from './chat.payloads.js';

/** Members may recall their own messages for 2 minutes. */
export const MEMBER_RECALL_MS = 2 * 60 * 1000;

export function memberOf(ctx: OrgContext): { memberId: number; userId: string } {
  if (ctx.actor.kind !== 'member') throw forbidden(E.memberOnly, 'only members chat');
  return { memberId: ctx.actor.memberId, userId: ctx.actor.userId };
}

/** Whether `viewer` may see and message `target`: external contacts only reach the departments they were given. */
async function canReach(ctx: OrgContext, db: Queryable, viewerId: number, targetId: number): Promise<boolean> {
  // Inside a transaction `db` is that transaction: SQLite has one connection, so ctx.db would wait forever.
  const [viewer, target] = await loadMembersByIds(db, ctx.orgId, [viewerId, targetId]);
  if (!viewer || !target || target.status === 'disabled') return false;
  const tree = await loadTree(db, ctx.orgId);
  const within = (external: typeof viewer, other: typeof viewer) =>
    other.departments.some((d) => external.externalScope.some((root) => tree.isWithin(d.id, root)));
  if (viewer.kind === 'external' && !within(viewer, target)) return false;
  if (target.kind === 'external' && !within(target, viewer)) return false;
  return true;
}

/** The 1:1 conversation with a colleague — no friending: anyone in the directory one may see. */
export async function openDirect(ctx: OrgContext, userId: string): Promise<{ conversation: string }> {
  const me = memberOf(ctx);
  const other = (await idsByUserIds(ctx.db, ctx.orgId, [userId])).get(userId.toLowerCase());
  if (other === undefined) throw notFound(E.unknownMember, `member "${userId}" does not exist`);
  if (!(await canReach(ctx, ctx.db, me.memberId, other)))
    throw forbidden(E.notVisible, 'you cannot message this member');
  const [a, b] = [me.memberId, other].sort((x, y) => x - y);
  return { conversation: `dm:${a}:${b}` };
}

/** The members of a conversation the actor belongs to; refuses conversations they are not in. */
export async function participants(ctx: OrgContext, db: Queryable, conversation: string): Promise<number[]> {
  const me = memberOf(ctx);
  const dm = /^dm:(\d+):(\d+)$/.exec(conversation);
  if (dm) {
    const ids = [Number(dm[1]), Number(dm[2])];
    if (!ids.includes(me.memberId)) throw forbidden(E.notInConversation, 'not your conversation');
    const found = await db
      .selectFrom('members')
      .select('id')
      .where('org_id', '=', ctx.orgId)
      .where('id', 'in', ids)
      .execute();
    if (found.length !== new Set(ids).size) throw notFound(E.badConversation, 'this conversation does not exist');
    return [...new Set(ids)];
  }
  const group = /^group:(\d+)$/.exec(conversation);
  if (group) {
    const rows = await db
      .selectFrom('group_chat_members')
      .select('member_id')
      .where('org_id', '=', ctx.orgId)
      .where('group_id', '=', Number(group[1]))
      .execute();
    const ids = rows.map((r) => r.member_id);
    if (!ids.includes(me.memberId)) throw forbidden(E.notInConversation, 'not a member of this group');
    return ids;
  }
  throw invalid(E.badConversation, 'members write in dm:… and group:… conversations');
}

export type ChatMessageOptions = { msgType: string; payload: unknown; mentions?: string[] };

/** Sends a member's message to a 1:1 or group conversation; every participant's inbox gets it, the sender's too. */
export async function sendChatMessage(ctx: OrgContext, conversation: string, options: ChatMessageOptions) {
  const me = memberOf(ctx);
  const mentions = [...new Set(options.mentions ?? [])].slice(0, 100);
  const { payload, mediaIds } = normaliseChatPayload(options.msgType, options.payload, mentions);
  // Only media the member may see themselves (their upload, or in their inbox) can be sent on (ADR 0011).
  for (const mediaId of mediaIds) await memberMediaAccess(ctx, me.memberId, mediaId);
  const result = await ctx.db.transaction().execute(async (tx) => {
    const memberIds = await participants(ctx, tx, conversation);
    if (conversation.startsWith('dm:')) {
      const other = memberIds.find((id) => id !== me.memberId) ?? me.memberId;
      if (!(await canReach(ctx, tx, me.memberId, other)))
        throw forbidden(E.notVisible, 'you cannot message this member');
    }
    const sent = await storeAndDeliver(tx, ctx.orgId, {
      appId: null,
      conversation,
      memberIds,
      msgType: options.msgType,
      payload,
      confidential: false,
      senderMemberId: me.memberId,
    });
    const mine = await tx
      .selectFrom('inbox_entries')
      .select('seq')
      .where('member_id', '=', me.memberId)
      .where('message_id', '=', sent.messageId)
      .executeTakeFirstOrThrow();
    return { msgId: sent.msgId, seq: mine.seq };
  });
  announceEventsCommitted();
  return result;
}

/** Recalls one's own chat message within 2 minutes. */
export async function recallOwnMessage(ctx: OrgContext, msgId: string): Promise<void> {
  const me = memberOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const message = await tx
      .selectFrom('messages')
      .select(['id', 'created_at', 'recalled_at', 'sender_member_id'])
      .where('org_id', '=', ctx.orgId)
      .where('msg_id', '=', msgId)
      .executeTakeFirst();
    if (!message || message.sender_member_id !== me.memberId)
      throw notFound(E.messageNotFound, 'no such message of yours');
    if (message.recalled_at !== null) return;
    if (Date.now() - message.created_at > MEMBER_RECALL_MS)
      throw invalid(E.recallExpired, 'messages can be recalled within 2 minutes');
    await recordRecall(tx, ctx.orgId, message.id);
    await recordEvent(tx, ctx.orgId, MessageRecalled.of({ messageId: message.id, msgId }));
  });
  announceEventsCommitted();
}

/** Marks the actor's entries of a conversation read up to a seq (read receipts are these fields). */
export async function markRead(ctx: OrgContext, conversation: string, upToSeq: number): Promise<number> {
  const me = memberOf(ctx);
  const result = await ctx.db
    .updateTable('inbox_entries')
    .set({ read_at: Date.now() })
    .where('member_id', '=', me.memberId)
    .where('org_id', '=', ctx.orgId)
    .where('conversation', '=', conversation)
    .where('seq', '<=', upToSeq)
    .where('read_at', 'is', null)
    .where('kind', '=', 'message')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Who has read one's own message and who has not (the sender's view of receipts). */
export async function receiptsOf(ctx: OrgContext, msgId: string) {
  const me = memberOf(ctx);
  const message = await ctx.db
    .selectFrom('messages')
    .select(['id', 'sender_member_id'])
    .where('org_id', '=', ctx.orgId)
    .where('msg_id', '=', msgId)
    .executeTakeFirst();
  if (!message || message.sender_member_id !== me.memberId)
    throw notFound(E.messageNotFound, 'no such message of yours');
  const rows = await listReceipts(ctx.db, ctx.orgId, message.id, { excludeMemberId: me.memberId });
  return {
    read: rows.filter((r) => r.readAt !== null).map((r) => ({ userId: r.userId, name: r.name, readAt: r.readAt })),
    unread: rows.filter((r) => r.readAt === null).map((r) => ({ userId: r.userId, name: r.name })),
  };
}
