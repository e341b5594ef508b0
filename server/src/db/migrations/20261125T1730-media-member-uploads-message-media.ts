import type { Kysely } from 'kysely';

// Media in member chat (docs/decisions/0011-member-media.md): who uploaded a file from the member client,
// and which messages refer to which media, so a member may download exactly the media of their own inbox.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('media').addColumn('uploaded_by_member_id', 'bigint').execute();
  await db.schema
    .createTable('message_media')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'bigint', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('message_media_pk', ['org_id', 'media_id', 'message_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message_media').execute();
  await db.schema.alterTable('media').dropColumn('uploaded_by_member_id').execute();
}
