import type { Queryable } from '../../platform/db/database.js';
import { inboxItemsQuery } from './inbox.repository.js';
import type { QueryTerm } from './search-text.js';

const CHUNK = 300;

/** Writes the terms a message is found by, inside the transaction that stores it. */
export async function insertSearchTerms(
  tx: Queryable,
  orgId: number,
  messageId: number,
  terms: string[],
): Promise<void> {
  for (let i = 0; i < terms.length; i += CHUNK) {
    await tx
      .insertInto('message_search_grams')
      .values(terms.slice(i, i + CHUNK).map((gram) => ({ org_id: orgId, gram, message_id: messageId })))
      .execute();
  }
}

export type SearchCandidate = {
  seq: number;
  conversation: string;
  readAt: number | null;
  createdAt: number;
  msgId: string;
  msgType: string;
  payload: string;
  isConfidential: boolean;
  messageCreatedAt: number;
  sender: { userId: string; name: string } | null;
};

/**
 * A member's own message entries (not recalled) indexed under every term, newest first, before a seq.
 * Candidates only: the caller confirms each with a substring check.
 */
export async function findCandidates(
  db: Queryable,
  orgId: number,
  memberId: number,
  terms: QueryTerm[],
  options: { beforeSeq: number | null; limit: number },
): Promise<SearchCandidate[]> {
  let query = inboxItemsQuery(db, orgId, memberId)
    .where('inbox_entries.kind', '=', 'message')
    .where('messages.recalled_at', 'is', null);
  for (const term of terms) {
    let grams = db.selectFrom('message_search_grams').select('message_id').where('org_id', '=', orgId);
    grams =
      'exact' in term
        ? grams.where('gram', '=', term.exact)
        : grams.where('gram', '>=', term.prefix).where('gram', '<', `${term.prefix}\uffff`);
    query = query.where('inbox_entries.message_id', 'in', grams);
  }
  if (options.beforeSeq !== null) query = query.where('inbox_entries.seq', '<', options.beforeSeq);
  const rows = await query.orderBy('inbox_entries.seq', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({
    seq: r.seq,
    conversation: r.conversation,
    readAt: r.read_at,
    createdAt: r.created_at,
    msgId: r.msg_id,
    msgType: r.msg_type,
    payload: r.payload,
    isConfidential: r.is_confidential === 1,
    messageCreatedAt: r.message_created_at,
    sender: r.sender_user_id ? { userId: r.sender_user_id, name: r.sender_name ?? '' } : null,
  }));
}
