import type { Kysely } from 'kysely';
import { withSerialId } from '../../platform/db/dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Whether people may join by scanning the org's QR code (still verified against the directory).
  await db.schema
    .alterTable('orgs')
    .addColumn('allow_self_join', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // An invitation bound to one listed member; the link carries the token, we keep its hash.
  await db.schema
    .createTable('member_invites')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  // One-time codes sent to a member's listed mobile or email.
  await withSerialId(db, db.schema.createTable('verification_codes'))
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('verification_codes_member')
    .on('verification_codes')
    .columns(['member_id', 'created_at'])
    .execute();

  await withSerialId(db, db.schema.createTable('member_sessions'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('member_sessions_member').on('member_sessions').columns(['member_id']).execute();

  // What the development sender "sent": the admin console shows it instead of a real SMS or mail.
  await withSerialId(db, db.schema.createTable('dev_outbox'))
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dev_outbox_org').on('dev_outbox').columns(['org_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['dev_outbox', 'member_sessions', 'verification_codes', 'member_invites']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('orgs').dropColumn('allow_self_join').execute();
}
