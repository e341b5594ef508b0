import type { Kysely } from 'kysely';
import { withSerialId } from '../../platform/db/dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A member's own message (1:1 and group chat); null for app messages.
  await db.schema.alterTable('messages').addColumn('sender_member_id', 'bigint').execute();

  await withSerialId(db, db.schema.createTable('group_chats'))
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_member_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('group_chat_members')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('group_chats.id').onDelete('cascade'))
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_chat_members_pk', ['group_id', 'member_id'])
    .execute();
  await db.schema.createIndex('group_chat_members_member').on('group_chat_members').columns(['member_id']).execute();

  // Per member and conversation: pinned, muted.
  await db.schema
    .createTable('conversation_settings')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('conversation', 'text', (c) => c.notNull())
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('conversation_settings_pk', ['member_id', 'conversation'])
    .execute();
  await db.schema
    .createIndex('inbox_entries_conversation')
    .on('inbox_entries')
    .columns(['member_id', 'conversation', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inbox_entries_conversation').execute();
  for (const table of ['conversation_settings', 'group_chat_members', 'group_chats'])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('messages').dropColumn('sender_member_id').execute();
}
