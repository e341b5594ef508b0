import type { ConversationState } from '@enclave/contracts';
import type { InboxItem } from '../sync';
import { isDirect } from './conversation-id';

export interface ConversationSummary {
  conversation: string;
  /** The newest message entry (recalled ones included: they show as "recalled"). */
  last: InboxItem;
  unread: number;
  /** Highest seq of this conversation in the local inbox: what "mark read" sends. */
  lastSeq: number;
  /** The other party of a direct chat, as seen on a message they sent (null until they write). */
  peer: { userId: string; name: string } | null;
}

/**
 * Server-side state of a conversation (GET /api/client/conversations); a change shown before the server
 * answers may hold only what changed.
 */
export type ConversationSettings = Pick<ConversationState, 'conversation'> & Partial<ConversationState>;

/**
 * Conversations from the local inbox, newest first. Unread counts the messages of others that arrived
 * after the last entry already read and are still unread.
 */
export function summarizeConversations(entries: readonly InboxItem[], me: string): ConversationSummary[] {
  const byConversation = new Map<string, InboxItem[]>();
  for (const entry of entries) {
    if (entry.kind !== 'message') continue;
    const list = byConversation.get(entry.conversation);
    if (list) list.push(entry);
    else byConversation.set(entry.conversation, [entry]);
  }
  const summaries: ConversationSummary[] = [];
  for (const [conversation, list] of byConversation) {
    const lastRead = list.findLastIndex((e) => e.readAt !== null);
    const unread = list
      .slice(lastRead + 1)
      .filter((e) => e.readAt === null && e.message.sender?.userId !== me && !e.message.recalled).length;
    const peerEntry = isDirect(conversation)
      ? list.findLast((e) => e.message.sender && e.message.sender.userId !== me)
      : undefined;
    const last = list[list.length - 1];
    if (!last) continue;
    summaries.push({
      conversation,
      last,
      unread,
      lastSeq: last.seq,
      peer: peerEntry?.message.sender ?? null,
    });
  }
  return summaries.sort((a, b) => b.last.seq - a.last.seq);
}

/** Pinned first (each group newest first), as the chats tab lists them. */
export function orderConversations<T extends { summary: ConversationSummary; pinned: boolean }>(items: T[]): T[] {
  return [...items].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.summary.lastSeq - a.summary.lastSeq);
}

/** Unread count to show on the chats tab: muted conversations do not count. */
export function totalUnread(summaries: readonly ConversationSummary[], muted: ReadonlySet<string>): number {
  return summaries.reduce((sum, s) => sum + (muted.has(s.conversation) ? 0 : s.unread), 0);
}
