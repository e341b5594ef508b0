import type { OrgContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { forbidden } from '../../platform/errors.js';
import type { InboxItem } from './inbox.repository.js';
import { findCandidates, insertSearchTerms } from './search.repository.js';
import { foldForSearch, searchableText, termsOfQuery, termsOfText } from './search-text.js';

/** Candidates read per round; a round's misses (index hits the substring check refuses) are rare. */
const ROUND = 100;
/** Bounds the work of one search when the index finds many candidates the substring check refuses. */
const MAX_ROUNDS = 20;

/** Indexes a message's text for search, inside the transaction that stores it (see storeAndDeliver). */
export async function indexMessageText(
  tx: Queryable,
  orgId: number,
  messageId: number,
  msgType: string,
  payload: unknown,
): Promise<void> {
  const terms = termsOfText(searchableText(msgType, payload));
  if (terms.length > 0) await insertSearchTerms(tx, orgId, messageId, terms);
}

/** An inbox entry the search found; the same shape as the inbox's, with the sender of chat messages. */
export type FoundMessage = InboxItem & {
  message: InboxItem['message'] & { sender: { userId: string; name: string } | null };
};

export type SearchOwnMessagesOptions = {
  /** Text to find, anywhere in a message for Chinese (and Japanese, Korean); from a word start otherwise. */
  query: string;
  /** At most this many results. */
  limit: number;
};

/**
 * The calling member's own messages whose text contains the query, newest first, with their conversation
 * and seq. Only the member's inbox is searched, so another member's messages are never found; recalled
 * messages are left out.
 */
export async function searchOwnMessages(ctx: OrgContext, options: SearchOwnMessagesOptions): Promise<FoundMessage[]> {
  if (ctx.actor.kind !== 'member') throw forbidden('message.search_members_only', 'only members search messages');
  const memberId = ctx.actor.memberId;
  const folded = foldForSearch(options.query);
  const terms = termsOfQuery(folded);
  if (terms.length === 0) return [];
  const found: FoundMessage[] = [];
  let beforeSeq: number | null = null;
  for (let round = 0; round < MAX_ROUNDS && found.length < options.limit; round += 1) {
    const candidates = await findCandidates(ctx.db, ctx.orgId, memberId, terms, { beforeSeq, limit: ROUND });
    for (const c of candidates) {
      const payload: unknown = JSON.parse(c.payload);
      if (!searchableText(c.msgType, payload).includes(folded)) continue;
      found.push({
        seq: c.seq,
        kind: 'message',
        conversation: c.conversation,
        readAt: c.readAt,
        createdAt: c.createdAt,
        message: {
          msgId: c.msgId,
          msgType: c.msgType,
          payload,
          isConfidential: c.isConfidential,
          recalled: false,
          createdAt: c.messageCreatedAt,
          sender: c.sender,
        },
      });
      if (found.length === options.limit) break;
    }
    if (candidates.length < ROUND) break;
    beforeSeq = (candidates.at(-1) as { seq: number }).seq;
  }
  return found;
}
