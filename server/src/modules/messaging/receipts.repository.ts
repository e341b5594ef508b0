import type { Queryable } from '../../platform/db/database.js';

export type ReceiptRow = { userId: string; name: string; readAt: number | null };

export type ReceiptQuery = {
  /** Only those who have read it, or only those who have not; both when absent. */
  state?: 'read' | 'unread';
  /** Leaves out one member (the sender of a chat message). */
  excludeMemberId?: number;
  offset?: number;
  limit?: number;
};

function receiptsBase(db: Queryable, orgId: number, messageId: number, query: ReceiptQuery) {
  let q = db
    .selectFrom('inbox_entries')
    .innerJoin('members', 'members.id', 'inbox_entries.member_id')
    .where('inbox_entries.org_id', '=', orgId)
    .where('inbox_entries.message_id', '=', messageId)
    .where('inbox_entries.kind', '=', 'message');
  if (query.excludeMemberId !== undefined) q = q.where('inbox_entries.member_id', '!=', query.excludeMemberId);
  if (query.state === 'read') q = q.where('inbox_entries.read_at', 'is not', null);
  if (query.state === 'unread') q = q.where('inbox_entries.read_at', 'is', null);
  return q;
}

/**
 * The recipients of one message with when each read it (null: not yet), by name — the receipts a sender
 * sees. Read receipts are the `read_at` of the recipients' own inbox entries (ADR 0006).
 */
export async function listReceipts(
  db: Queryable,
  orgId: number,
  messageId: number,
  query: ReceiptQuery = {},
): Promise<ReceiptRow[]> {
  let q = receiptsBase(db, orgId, messageId, query)
    .select(['members.user_id', 'members.name', 'inbox_entries.read_at'])
    .orderBy('members.name')
    .orderBy('members.user_id');
  if (query.limit !== undefined) q = q.limit(query.limit).offset(query.offset ?? 0);
  const rows = await q.execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name, readAt: r.read_at }));
}

/** How many recipients have read the message and how many have not. */
export async function countReceipts(
  db: Queryable,
  orgId: number,
  messageId: number,
  query: Pick<ReceiptQuery, 'excludeMemberId'> = {},
): Promise<{ read: number; unread: number }> {
  const rows = await receiptsBase(db, orgId, messageId, query)
    .select((eb) => [eb.fn.countAll().as('total'), eb.fn.count('inbox_entries.read_at').as('read')])
    .execute();
  const total = Number(rows[0]?.total ?? 0);
  const read = Number(rows[0]?.read ?? 0);
  return { read, unread: total - read };
}
