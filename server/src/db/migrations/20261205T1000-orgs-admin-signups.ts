import type { Kysely } from 'kysely';
import { withSerialId } from '../../platform/db/dialect.js';

// Sign-up proves the email before anything is created (issue 10, ADR 0019): a sign-up waits here until its
// link is followed. Mail that belongs to no org (the sign-up links) goes to dev_mail when no SMTP server is
// configured, since dev_outbox rows belong to an org and its console.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('admin_signups')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('org_name', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('admin_signups_email').on('admin_signups').columns(['email']).execute();

  await withSerialId(db, db.schema.createTable('dev_mail'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dev_mail').execute();
  await db.schema.dropTable('admin_signups').execute();
}
