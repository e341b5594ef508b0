import { performance } from 'node:perf_hooks';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../server/src/platform/db/database.js';
import { isPostgres } from '../server/src/platform/db/dialect.js';

/** Earlier @all broadcasts the benches write before their large-store round: 50 × 20,000 members = 1,000,000 entries. */
export const PREFILL_BROADCASTS = 50;

export type PrefillOptions = {
  orgId: number;
  appId: number;
  /** The conversation the entries are in (`app:<agentid>`). */
  conversation: string;
  /** Broadcasts to every member of the org whose entries are written. */
  messages: number;
};

/**
 * Fills a store as `messages` earlier `@all` broadcasts of the app would have, in a few set-based statements
 * instead of `messages` sends: the messages (with a search term each), one entry per member and message
 * numbered after the member's current last seq, in the order the broadcasts would have written them, and every
 * member's counter moved on by `messages` — so the inbox's invariants (gap-free seqs, counters equal to the
 * last seq) hold and later sends continue the sequences. A fifth of the entries are read, as an inbox's would
 * be. Nothing is put in the outbox: these broadcasts were relayed long ago.
 */
export async function prefillInbox(db: Db, options: PrefillOptions): Promise<{ entries: number; ms: number }> {
  const started = performance.now();
  const { orgId, appId, conversation, messages } = options;
  const postgres = isPostgres(db as never);
  const now = Date.now() - messages * 60_000;
  // Broadcast k's time, a minute apart; a bigint on PostgreSQL (a bare parameter added to an integer is typed integer).
  const at = (k: RawBuilder<unknown>) =>
    postgres ? sql`(${now}::bigint + ${k} * 60000)` : sql`(${now} + ${k} * 60000)`;
  const payload = JSON.stringify({ content: '早先的全员通知：本周例会照常举行。' });
  await db.transaction().execute(async (tx) => {
    const first = await tx
      .selectFrom('messages')
      .select((eb) => eb.fn.coalesce(eb.fn.max('id'), sql<number>`0`).as('id'))
      .executeTakeFirstOrThrow();
    const base = Number(first.id);
    const members = await tx
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    const recipients = Number(members.n);
    // 1..messages as a set: generate_series on PostgreSQL, a recursive CTE on SQLite.
    const series = postgres
      ? sql`(select k from generate_series(1, ${messages}) as k)`
      : sql`(with recursive s(k) as (select 1 union all select k + 1 from s where k < ${messages}) select k from s)`;
    await sql`
      insert into messages (id, org_id, app_id, msg_id, msg_type, payload, is_confidential, recipient_count, created_at, recalled_at, sender_member_id)
      select ${base} + k, ${orgId}, ${appId}, 'prefill-' || (${base} + k), 'text', ${payload}, 0, ${recipients}, ${at(sql`k`)}, null, null
      from ${series} as s`.execute(tx);
    await sql`
      insert into message_search_grams (org_id, gram, message_id)
      select ${orgId}, '通知', ${base} + k from ${series} as s`.execute(tx);
    if (postgres)
      await sql`select setval(pg_get_serial_sequence('messages', 'id'), (select max(id) from messages))`.execute(tx);
    // Members without a counter yet start at 0, as their first send would.
    await sql`
      insert into member_sequences (member_id, org_id, last_seq)
      select id, org_id, 0 from members where org_id = ${orgId}
      on conflict (member_id) do nothing`.execute(tx);
    await sql`
      insert into inbox_entries (member_id, seq, org_id, message_id, conversation, kind, created_at, read_at)
      select q.member_id, q.last_seq + s.k, ${orgId}, ${base} + s.k, ${conversation}, 'message', ${at(sql`s.k`)},
        case when (q.member_id + s.k) % 5 = 0 then ${at(sql`s.k`)} + 1000 else null end
      from ${series} as s cross join member_sequences q
      where q.org_id = ${orgId}
      order by s.k, q.member_id`.execute(tx);
    await sql`update member_sequences set last_seq = last_seq + ${messages} where org_id = ${orgId}`.execute(tx);
  });
  // What a store that grew this way would have by now: on PostgreSQL, autovacuum's statistics of the grown tables;
  // on SQLite, the WAL copied back into the database file (the checkpointer would have done it long ago).
  if (postgres) await sql`analyze inbox_entries, member_sequences, messages, message_search_grams`.execute(db);
  else await sql`pragma wal_checkpoint(truncate)`.execute(db);
  const total = await db
    .selectFrom('inbox_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { entries: Number(total.n), ms: performance.now() - started };
}
