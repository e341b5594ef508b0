import type { Kysely } from 'kysely';
import { withSerialId } from '../../platform/db/dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // OAuth codes handed to a web app's redirect_uri; single use, minutes long. We keep only their hash.
  await db.schema
    .createTable('oauth_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    // The app the code was asked for; 0 when the authorize URL named none (any app of the org may exchange it).
    .addColumn('agent_id', 'bigint', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('redirect_host', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('oauth_codes_expiry').on('oauth_codes').columns(['expires_at']).execute();

  // user_ticket: lets an app read a consenting member's private fields (getuserdetail) for half an hour.
  await db.schema
    .createTable('oauth_user_tickets')
    .addColumn('ticket_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('agent_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_user_tickets_expiry').on('oauth_user_tickets').columns(['expires_at']).execute();

  // A QR web login: the desktop shows the ticket as a QR code, a signed-in member confirms it on a phone,
  // and the desktop (proving itself with the poll key) collects an OAuth code for the app.
  await withSerialId(db, db.schema.createTable('oauth_qr_logins'))
    .addColumn('ticket_hash', 'text', (c) => c.notNull().unique())
    .addColumn('poll_key_hash', 'text', (c) => c.notNull())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('agent_id', 'bigint', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_qr_logins_expiry').on('oauth_qr_logins').columns(['expires_at']).execute();

  // JS-SDK tickets, one live ticket per org (app_id 0) and per app; kept in clear because signing needs them.
  await db.schema
    .createTable('jsapi_tickets')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('app_id', 'bigint', (c) => c.notNull())
    .addColumn('ticket', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('jsapi_tickets_pk', ['org_id', 'app_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['jsapi_tickets', 'oauth_qr_logins', 'oauth_user_tickets', 'oauth_codes']) {
    await db.schema.dropTable(table).execute();
  }
}
