import type { Queryable } from '../../platform/db/database.js';

export type AppMessageSummary = {
  msgId: string;
  msgType: string;
  /** The stored payload; null once the message is recalled. */
  payload: unknown;
  isConfidential: boolean;
  recalled: boolean;
  recipientCount: number;
  /** Recipients who have read it (their `message` inbox entry has a read_at). */
  readCount: number;
  createdAt: number;
};

/** An app's most recent messages, newest first, each with how many of its recipients have read it. */
export async function listAppMessages(
  db: Queryable,
  orgId: number,
  appId: number,
  limit = 50,
): Promise<AppMessageSummary[]> {
  const rows = await db
    .selectFrom('messages')
    .select((eb) => [
      'messages.msg_id',
      'messages.msg_type',
      'messages.payload',
      'messages.is_confidential',
      'messages.recalled_at',
      'messages.recipient_count',
      'messages.created_at',
      eb
        .selectFrom('inbox_entries')
        .select((sub) => sub.fn.countAll().as('n'))
        .whereRef('inbox_entries.message_id', '=', 'messages.id')
        .where('inbox_entries.org_id', '=', orgId)
        .where('inbox_entries.kind', '=', 'message')
        .where('inbox_entries.read_at', 'is not', null)
        .as('read_count'),
    ])
    .where('messages.org_id', '=', orgId)
    .where('messages.app_id', '=', appId)
    .orderBy('messages.created_at', 'desc')
    .orderBy('messages.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    msgId: r.msg_id,
    msgType: r.msg_type,
    payload: r.recalled_at === null ? JSON.parse(r.payload) : null,
    isConfidential: r.is_confidential === 1,
    recalled: r.recalled_at !== null,
    recipientCount: r.recipient_count,
    // COUNT(*) comes back as a string (bigint) from PostgreSQL.
    readCount: Number(r.read_count ?? 0),
    createdAt: r.created_at,
  }));
}
