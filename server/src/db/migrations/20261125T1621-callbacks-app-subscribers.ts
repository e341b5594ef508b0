import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The members each app with a callback has been told `subscribe` for and not yet `unsubscribe`. No foreign
  // key on member_id: a deleted member's rows must outlive the member, so the app still hears `unsubscribe`.
  await db.schema
    .createTable('app_subscribers')
    .addColumn('app_id', 'bigint', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    // The member's userid, kept current on renames: a deletion event names the member only by it.
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('subscribed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_subscribers_pk', ['app_id', 'member_id'])
    .execute();
  await db.schema
    .createIndex('app_subscribers_member')
    .on('app_subscribers')
    .columns(['org_id', 'member_id'])
    .execute();
  await db.schema.createIndex('app_subscribers_user').on('app_subscribers').columns(['org_id', 'user_id']).execute();
  // Apps that already had a callback and see the whole org count every active member as subscribed.
  await sql`
    insert into app_subscribers (app_id, member_id, org_id, user_id, subscribed_at)
    select c.app_id, m.id, m.org_id, m.user_id, ${Date.now()}
    from app_callbacks c
    join app_scopes s on s.app_id = c.app_id and s.kind = 'department' and s.ref_id = 1
    join members m on m.org_id = c.org_id and m.status = 'active'
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('app_subscribers').execute();
}
