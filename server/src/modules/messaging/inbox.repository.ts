import { type Kysely, sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import { isPostgres } from '../../platform/db/dialect.js';

/** Members per statement pair: bounds one statement's parameter size on both dialects. */
const CHUNK = 10_000;

export type InboxEntryInput = {
  messageId: number;
  /** e.g. `app:1000002` */
  conversation: string;
  kind: 'message' | 'recall';
};

/**
 * Appends one entry per member, each numbered with the member's next seq, inside the caller's transaction:
 * the seq counter and the entry commit together, so a member's seqs never have a gap.
 *
 * Two set-based statements per chunk, whatever its size: bump (or create) every member's counter, then insert
 * the entries from the counters. The member ids travel as one parameter (a JSON array on SQLite, an array on
 * PostgreSQL), so a 20,000-member broadcast costs no statement building (ADR 0006).
 */
export async function appendEntries(
  tx: Queryable,
  orgId: number,
  memberIds: number[],
  entry: InboxEntryInput,
): Promise<void> {
  // Ascending, distinct ids: concurrent broadcasts lock the same counters in the same order.
  const ids = [...new Set(memberIds)].sort((a, b) => a - b);
  const postgres = isPostgres(tx as Kysely<unknown>);
  const now = Date.now();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const members = postgres
      ? sql`(select m as member_id from unnest(${chunk}::bigint[]) with ordinality as u(m, n) order by n)`
      : sql`(select value as member_id from json_each(${JSON.stringify(chunk)}) order by key)`;
    await sql`
      insert into member_sequences (member_id, org_id, last_seq)
      select member_id, ${orgId}, 1 from ${members} as ids where true
      on conflict (member_id) do update set last_seq = member_sequences.last_seq + 1`.execute(tx);
    await sql`
      insert into inbox_entries (member_id, seq, org_id, message_id, conversation, kind, created_at, read_at)
      select s.member_id, s.last_seq, ${orgId}, ${entry.messageId}, ${entry.conversation}, ${entry.kind}, ${now}, null
      from ${members} as ids join member_sequences s on s.member_id = ids.member_id`.execute(tx);
  }
}

/**
 * Appends several messages' entries at once (a batch of sends, see send-batcher.ts): each member's counter is
 * bumped once by the number of those messages that reach them, and their entries take the seqs in the order
 * the messages are given. On PostgreSQL two set-based statements for the whole batch; on SQLite (one writer,
 * no lock contention to save) one `appendEntries` per message.
 */
export async function appendEntriesMany(
  tx: Queryable,
  orgId: number,
  items: (InboxEntryInput & { memberIds: number[] })[],
): Promise<void> {
  if (items.length === 1 || !isPostgres(tx as Kysely<unknown>)) {
    for (const item of items) await appendEntries(tx, orgId, item.memberIds, item);
    return;
  }
  // (member, item) pairs, by member then item; item numbers are 1-based like `with ordinality`.
  const pairs: [number, number][] = [];
  items.forEach((item, i) => {
    for (const m of new Set(item.memberIds)) pairs.push([m, i + 1]);
  });
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const now = Date.now();
  const messages = sql`unnest(${items.map((x) => x.messageId)}::bigint[], ${items.map((x) => x.conversation)}::text[], ${items.map((x) => x.kind)}::text[]) with ordinality as x(id, conversation, kind, i)`;
  // Chunks end at a member boundary: a member's pairs are counted together.
  for (let start = 0; start < pairs.length;) {
    let end = Math.min(start + CHUNK * items.length, pairs.length);
    while (end < pairs.length && (pairs[end] as [number, number])[0] === (pairs[end - 1] as [number, number])[0])
      end += 1;
    const members = pairs.slice(start, end).map((p) => p[0]);
    const itemsOf = pairs.slice(start, end).map((p) => p[1]);
    await sql`
      insert into member_sequences (member_id, org_id, last_seq)
      select m, ${orgId}, count(*) from unnest(${members}::bigint[]) as u(m) group by m order by m
      on conflict (member_id) do update set last_seq = member_sequences.last_seq + excluded.last_seq`.execute(tx);
    await sql`
      insert into inbox_entries (member_id, seq, org_id, message_id, conversation, kind, created_at, read_at)
      select p.m, s.last_seq - p.total + p.rank, ${orgId}, x.id, x.conversation, x.kind, ${now}, null
      from (
        select m, i, row_number() over (partition by m order by i) as rank, count(*) over (partition by m) as total
        from unnest(${members}::bigint[], ${itemsOf}::int[]) as u(m, i)
      ) p
      join member_sequences s on s.member_id = p.m
      join ${messages} on x.i = p.i`.execute(tx);
    start = end;
  }
}

export type InboxItem = {
  seq: number;
  kind: 'message' | 'recall';
  conversation: string;
  readAt: number | null;
  createdAt: number;
  message: {
    msgId: string;
    msgType: string;
    payload: unknown;
    isConfidential: boolean;
    recalled: boolean;
    createdAt: number;
  };
};

/** A member's inbox entries joined with their messages and senders: what every inbox read selects. */
export function inboxItemsQuery(db: Queryable, orgId: number, memberId: number) {
  return db
    .selectFrom('inbox_entries')
    .innerJoin('messages', 'messages.id', 'inbox_entries.message_id')
    .leftJoin('members as sender', 'sender.id', 'messages.sender_member_id')
    .select([
      'sender.user_id as sender_user_id',
      'sender.name as sender_name',
      'inbox_entries.seq',
      'inbox_entries.kind',
      'inbox_entries.conversation',
      'inbox_entries.read_at',
      'inbox_entries.created_at',
      'messages.msg_id',
      'messages.msg_type',
      'messages.payload',
      'messages.is_confidential',
      'messages.recalled_at',
      'messages.created_at as message_created_at',
    ])
    .where('inbox_entries.org_id', '=', orgId)
    .where('inbox_entries.member_id', '=', memberId);
}

/** A member's entries after `afterSeq`, in seq order: what a client asks for after a reconnect or a gap. */
export async function listEntries(
  db: Queryable,
  orgId: number,
  memberId: number,
  afterSeq: number,
  limit: number,
): Promise<InboxItem[]> {
  const rows = await inboxItemsQuery(db, orgId, memberId)
    .where('inbox_entries.seq', '>', afterSeq)
    .orderBy('inbox_entries.seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    kind: r.kind,
    conversation: r.conversation,
    readAt: r.read_at,
    createdAt: r.created_at,
    message: {
      msgId: r.msg_id,
      msgType: r.msg_type,
      // A recalled message keeps its row (receipts, audit) but no longer shows its content.
      payload: r.recalled_at === null ? JSON.parse(r.payload) : null,
      isConfidential: r.is_confidential === 1,
      recalled: r.recalled_at !== null,
      createdAt: r.message_created_at,
      sender: r.sender_user_id ? { userId: r.sender_user_id, name: r.sender_name ?? '' } : null,
    },
  }));
}
