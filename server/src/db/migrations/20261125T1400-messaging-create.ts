import type { Kysely } from 'kysely';
import { withSerialId } from '../../platform/db/dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // An app's visible scope: members, departments (with their sub-departments) and tags.
  await db.schema
    .createTable('app_scopes')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('app_id', 'bigint', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_scopes_pk', ['app_id', 'kind', 'ref_id'])
    .execute();

  await withSerialId(db, db.schema.createTable('messages'))
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('app_id', 'bigint')
    .addColumn('msg_id', 'text', (c) => c.notNull())
    .addColumn('msg_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('is_confidential', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recipient_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('recalled_at', 'bigint')
    .addUniqueConstraint('messages_org_msgid', ['org_id', 'msg_id'])
    .execute();

  // Each member's gap-free sequence: the last seq handed out.
  await db.schema
    .createTable('member_sequences')
    .addColumn('member_id', 'bigint', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('inbox_entries')
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('message_id', 'bigint', (c) => c.notNull())
    .addColumn('conversation', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addPrimaryKeyConstraint('inbox_entries_pk', ['member_id', 'seq'])
    .execute();
  await db.schema.createIndex('inbox_entries_message').on('inbox_entries').columns(['message_id']).execute();

  // Duplicate check of message/send: the same request from the same app within the interval is not sent again.
  await db.schema
    .createTable('message_fingerprints')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('app_id', 'bigint', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('msg_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_fingerprints_pk', ['org_id', 'app_id', 'fingerprint'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['message_fingerprints', 'inbox_entries', 'member_sequences', 'messages', 'app_scopes']) {
    await db.schema.dropTable(table).execute();
  }
}
