import type { Kysely } from 'kysely';

// A broadcast adds one entry to every recipient's inbox, and each index in member order takes it at that
// recipient's own place. Once members hold a page of entries each (a few hundred broadcasts; ~50 in a
// 20,000-member org), a 2,000-member @all dirtied one page per recipient in the primary key (member_id, seq)
// and one more in (member_id, conversation, seq): ~5,000 pages, 20 MB of SQLite WAL per send, 9 ms on a fresh
// store and 70–130 ms at 1.2 million entries, measured. The conversation index goes: a member's conversations
// (the list, marking one read) are found in the member's range of the primary key, which those reads scanned
// in full or in large part anyway (ADR 0006, amended). Both dialects, so the schema stays one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inbox_entries_conversation').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('inbox_entries_conversation')
    .on('inbox_entries')
    .columns(['member_id', 'conversation', 'seq'])
    .execute();
}
