import type { Kysely } from 'kysely';
import { withSerialId } from '../../platform/db/dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Group chats an app created (WeCom's appchat/*); `chat_id` is the id apps use, unique within the org.
  await withSerialId(db, db.schema.createTable('app_chats'))
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('app_id', 'bigint', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Null only when the owner left the directory; the API then names no owner.
    .addColumn('owner_member_id', 'bigint', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('app_chats_org_chat_id', ['org_id', 'chat_id'])
    .execute();

  // Members of each chat; `slot` keeps the order they joined in (the order appchat/get lists them).
  await db.schema
    .createTable('app_chat_members')
    .addColumn('app_chat_id', 'bigint', (c) => c.notNull().references('app_chats.id').onDelete('cascade'))
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_chat_members_pk', ['app_chat_id', 'member_id'])
    .execute();
  await db.schema.createIndex('app_chat_members_member').on('app_chat_members').columns(['member_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('app_chat_members').execute();
  await db.schema.dropTable('app_chats').execute();
}
