import { z } from 'zod';
import { Count, Id, listOf, Timestamp } from './common.js';

/** The member client's chats: direct and group chats, conversations' settings, read receipts (`/api/client/{chats,conversations,messages}`). */

/** `POST /api/client/chats/direct`: the conversation with that member, opened or found. */
export const DirectChat = z.strictObject({ conversation: z.string() });
export type DirectChat = z.infer<typeof DirectChat>;

/** `POST /api/client/chats/groups` */
export const CreatedGroup = z.strictObject({ id: Id, conversation: z.string() });
export type CreatedGroup = z.infer<typeof CreatedGroup>;

export const GroupMember = z.strictObject({ userId: z.string(), name: z.string() });
export type GroupMember = z.infer<typeof GroupMember>;

/** `GET /api/client/chats/groups/:id`; `owner` is the owner's user id. */
export const GroupInfo = z.strictObject({
  id: Id,
  name: z.string(),
  owner: z.string(),
  members: z.array(GroupMember),
});
export type GroupInfo = z.infer<typeof GroupInfo>;

/** `PATCH /api/client/chats/groups/:id`: the group as it is now, or `left` when the member removed themselves. */
export const GroupUpdate = z.union([GroupInfo, z.strictObject({ id: Id, left: z.literal(true) })]);
export type GroupUpdate = z.infer<typeof GroupUpdate>;

/** `POST /api/client/conversations/:conversation/messages`: the message and the sender's own inbox seq of it. */
export const SentChatMessage = z.strictObject({ msgId: z.string(), seq: z.number().int().min(1) });
export type SentChatMessage = z.infer<typeof SentChatMessage>;

/** `POST /api/client/conversations/:conversation/read`: how many entries it marked read. */
export const MarkedRead = z.strictObject({ marked: Count });
export type MarkedRead = z.infer<typeof MarkedRead>;

/** `PUT /api/client/conversations/:conversation/settings` */
export const ConversationSettings = z.strictObject({
  conversation: z.string(),
  pinned: z.boolean(),
  muted: z.boolean(),
});
export type ConversationSettings = z.infer<typeof ConversationSettings>;

/** A conversation as the server keeps it for the member: its settings, its last seq and unread count. */
export const ConversationState = ConversationSettings.extend({ lastSeq: z.number().int().min(0), unread: Count });
export type ConversationState = z.infer<typeof ConversationState>;

/** `GET /api/client/conversations` */
export const ConversationList = listOf(ConversationState);
export type ConversationList = z.infer<typeof ConversationList>;

/** `GET /api/client/messages/:msgId/receipts`: who has read the member's message, and who has not. */
export const ChatReceipts = z.strictObject({
  read: z.array(z.strictObject({ userId: z.string(), name: z.string(), readAt: Timestamp })),
  unread: z.array(GroupMember),
});
export type ChatReceipts = z.infer<typeof ChatReceipts>;
