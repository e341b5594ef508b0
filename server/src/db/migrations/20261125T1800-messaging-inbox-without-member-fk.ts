import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../platform/db/dialect.js';

// Inbox entries are the platform's hottest write: a 20,000-member broadcast inserts 20,000 at once, and the
// foreign key to members cost a trigger call per row on PostgreSQL (~80 ms of ~150 ms for those inserts). The
// entries' members come from the audience resolved in the same transaction, and deleting a member deletes
// their entries explicitly (members.repository remove), so the constraint goes (ADR 0015). On SQLite the table
// is rebuilt without it. (Not WITHOUT ROWID: clustered by member, a broadcast's rows land on 20,000 different
// leaf pages instead of appending, which measured slower for the write and for the relay's read.)
const COLUMNS = 'member_id, seq, org_id, message_id, conversation, kind, created_at, read_at';

async function rebuildSqlite(db: Kysely<unknown>, withForeignKey: boolean): Promise<void> {
  const member = withForeignKey
    ? sql`member_id bigint not null references members (id) on delete cascade`
    : sql`member_id bigint not null`;
  await sql`create table inbox_entries_rebuilt (
    ${member},
    seq bigint not null,
    org_id bigint not null,
    message_id bigint not null,
    conversation text not null,
    kind text not null,
    created_at bigint not null,
    read_at bigint,
    constraint inbox_entries_pk primary key (member_id, seq)
  )`.execute(db);
  await sql`insert into inbox_entries_rebuilt (${sql.raw(COLUMNS)}) select ${sql.raw(COLUMNS)} from inbox_entries`.execute(
    db,
  );
  await sql`drop table inbox_entries`.execute(db);
  await sql`alter table inbox_entries_rebuilt rename to inbox_entries`.execute(db);
  // After a commit the relay reads a message's entries (member, seq, conversation, time) to push them: with
  // those in the index, that read is an index-only scan instead of a table lookup per recipient. The index
  // grows at its end (message ids increase), so writing the wider entries costs little.
  const columns = withForeignKey
    ? ['message_id']
    : ['message_id', 'kind', 'member_id', 'seq', 'conversation', 'created_at'];
  await db.schema.createIndex('inbox_entries_message').on('inbox_entries').columns(columns).execute();
  await db.schema
    .createIndex('inbox_entries_conversation')
    .on('inbox_entries')
    .columns(['member_id', 'conversation', 'seq'])
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table inbox_entries drop constraint if exists inbox_entries_member_id_fkey`.execute(db);
    // Every broadcast bumps each recipient's counter: with half of each page free, PostgreSQL updates the
    // row in place (HOT, no index entry per update): 77 → 47 ms for 20,000 counters, measured.
    await sql`alter table member_sequences set (fillfactor = 50)`.execute(db);
  } else await rebuildSqlite(db, false);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table member_sequences reset (fillfactor)`.execute(db);
    await sql`alter table inbox_entries add constraint inbox_entries_member_id_fkey foreign key (member_id) references members (id) on delete cascade`.execute(
      db,
    );
  } else await rebuildSqlite(db, true);
}
