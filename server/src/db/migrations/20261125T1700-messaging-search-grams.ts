import type { Kysely } from 'kysely';
import { bytewiseText } from '../../platform/db/dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Search in one's own messages: each message's words and ideograph pairs and singles
  // (docs/decisions/0010-message-search.md). Byte-wise text, so a word prefix is a range scan.
  await db.schema
    .createTable('message_search_grams')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('gram', bytewiseText(db), (c) => c.notNull())
    .addColumn('message_id', 'bigint', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('message_search_grams_pk', ['org_id', 'gram', 'message_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message_search_grams').execute();
}
