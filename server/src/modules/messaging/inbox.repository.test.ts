import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { inboxItemsQuery } from './inbox.repository.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

/** Each index of inbox_entries: its first column, and whether it is the primary key. */
async function inboxIndexes(): Promise<{ name: string; leading: string; primary: boolean }[]> {
  const { rows } =
    store.dialect === 'postgres'
      ? await sql<{ name: string; leading: string; primary: boolean }>`
        select i.relname as name, a.attname as leading, x.indisprimary as primary
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class t on t.oid = x.indrelid
        join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
        where t.relname = 'inbox_entries' and t.relnamespace = 'public'::regnamespace`.execute(store.db)
      : await sql<{ name: string; leading: string; primary: number }>`
        select l.name, c.name as leading, l.origin = 'pk' as "primary"
        from pragma_index_list('inbox_entries') l join pragma_index_info(l.name) c
        where c.seqno = 0`.execute(store.db);
  return rows.map((r) => ({ ...r, primary: Boolean(r.primary) }));
}

describe('the inbox indexes', () => {
  // A broadcast adds one entry to every recipient's inbox. Each index in member order takes that entry at the
  // recipient's own place, so once members have a page of entries each, a 2,000-member @all dirties 2,000 pages
  // per such index (on SQLite a 4 KiB WAL frame each). The primary key is the only one: the inbox is read
  // by (member, seq), and a member's conversations are found in that range.
  it('has one index in member order, its primary key', async () => {
    const memberLed = (await inboxIndexes()).filter((i) => i.leading === 'member_id');
    expect(memberLed).toEqual([expect.objectContaining({ primary: true })]);
  });

  it('keeps the index the relay and the receipts read a message by', async () => {
    const byMessage = (await inboxIndexes()).filter((i) => i.leading === 'message_id');
    expect(byMessage.map((i) => i.name)).toEqual(['inbox_entries_message']);
  });

  it('reads a member’s entries after a seq through the primary key, already in seq order', async () => {
    const org = await given.org(store.db);
    const member = await given.member(org.ctx);
    const plan = await planOf(
      inboxItemsQuery(store.db, org.orgId, member.id)
        .where('inbox_entries.seq', '>', 0)
        .orderBy('inbox_entries.seq')
        .limit(100)
        .compile(),
    );
    if (store.dialect === 'postgres') {
      expect(plan).toMatch(/Index Scan using inbox_entries_pk on inbox_entries/);
      expect(plan).toMatch(/Index Cond: \(\(member_id = .*\) AND \(seq > .*\)\)/);
      expect(plan).not.toMatch(/Sort Key: inbox_entries\.seq/);
    } else {
      expect(plan).toMatch(
        /SEARCH inbox_entries USING INDEX sqlite_autoindex_inbox_entries_1 \(member_id=\? AND seq>\?\)/,
      );
      expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });
});

/**
 * The plan of a query, one line per step. On PostgreSQL sequential scans are ruled out first: the test's tables
 * are tiny, and the question is which index serves the query once they are not.
 */
async function planOf(query: CompiledQuery): Promise<string> {
  if (store.dialect === 'postgres') {
    return store.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      const plan = await tx.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
      );
      return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }
  const plan = await store.db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
  );
  return plan.rows.map((r) => r.detail).join('\n');
}
