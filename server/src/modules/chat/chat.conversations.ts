import type { OrgContext } from '../../platform/context.js';
import { invalid } from '../../platform/errors.js';
import { chatErrors as E } from './chat.errors.js';
import { memberOf } from './chat.service.js';

const CONVERSATION = /^(app:\d+|dm:\d+:\d+|group:\d+|chat:[0-9a-zA-Z]{1,32})$/;

/**
 * The member's conversations, newest first: last entry, unread count (messages not read, not one's own),
 * pinned and muted. Titles are left to the client, which knows app and member names.
 */
export async function listConversations(ctx: OrgContext) {
  const me = memberOf(ctx);
  const rows = await ctx.db
    .selectFrom('inbox_entries')
    .innerJoin('messages', 'messages.id', 'inbox_entries.message_id')
    .select((eb) => [
      'inbox_entries.conversation',
      eb.fn.max('inbox_entries.seq').as('last_seq'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.and([
                eb('inbox_entries.read_at', 'is', null),
                eb('inbox_entries.kind', '=', 'message'),
                eb.or([
                  eb('messages.sender_member_id', 'is', null),
                  eb('messages.sender_member_id', '!=', me.memberId),
                ]),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('unread'),
    ])
    .where('inbox_entries.member_id', '=', me.memberId)
    .where('inbox_entries.org_id', '=', ctx.orgId)
    .groupBy('inbox_entries.conversation')
    .execute();
  const settings = await ctx.db
    .selectFrom('conversation_settings')
    .selectAll()
    .where('member_id', '=', me.memberId)
    .execute();
  const byConversation = new Map(settings.map((s) => [s.conversation, s]));
  return rows
    .map((r) => ({
      conversation: r.conversation,
      lastSeq: Number(r.last_seq),
      unread: Number(r.unread ?? 0),
      pinned: byConversation.get(r.conversation)?.pinned === 1,
      muted: byConversation.get(r.conversation)?.muted === 1,
    }))
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.lastSeq - a.lastSeq);
}

/** Pins or mutes a conversation for the member. */
export async function setConversationSettings(
  ctx: OrgContext,
  conversation: string,
  change: { pinned?: boolean; muted?: boolean },
) {
  const me = memberOf(ctx);
  if (!CONVERSATION.test(conversation)) throw invalid(E.badConversation, 'not a conversation');
  const current = await ctx.db
    .selectFrom('conversation_settings')
    .selectAll()
    .where('member_id', '=', me.memberId)
    .where('conversation', '=', conversation)
    .executeTakeFirst();
  const values = {
    org_id: ctx.orgId,
    member_id: me.memberId,
    conversation,
    pinned: change.pinned === undefined ? (current?.pinned ?? 0) : change.pinned ? 1 : 0,
    muted: change.muted === undefined ? (current?.muted ?? 0) : change.muted ? 1 : 0,
  };
  await ctx.db
    .insertInto('conversation_settings')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['member_id', 'conversation']).doUpdateSet({ pinned: values.pinned, muted: values.muted }),
    )
    .execute();
  return { conversation, pinned: values.pinned === 1, muted: values.muted === 1 };
}
