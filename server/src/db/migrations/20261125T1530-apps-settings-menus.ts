import type { Kysely } from 'kysely';

/** An app's settings as WeCom's agent/get shows them, its menu, and public (token-free) images. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const apps = () => db.schema.alterTable('apps');
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  /** An external logo URL set by an admin… */
  await apps().addColumn('logo_url', 'text').execute();
  /** …or a public image stored with us (agent/set `logo_mediaid`); the later one set wins. */
  await apps().addColumn('logo_media_id', 'text').execute();
  await apps()
    .addColumn('home_url', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await apps()
    .addColumn('redirect_domain', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await apps()
    .addColumn('report_location_flag', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await apps()
    .addColumn('is_report_enter', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  /** WeCom's `button` array as JSON text; null when the app has no menu (menu/get answers 46003). */
  await apps().addColumn('menu', 'text').execute();

  // uploadimg images and app logos are permanent and served without a token by their unguessable id.
  await db.schema
    .alterTable('media')
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('media').dropColumn('is_public').execute();
  const columns = ['menu', 'is_report_enter', 'report_location_flag', 'redirect_domain', 'home_url'];
  for (const column of [...columns, 'logo_media_id', 'logo_url']) {
    await db.schema.alterTable('apps').dropColumn(column).execute();
  }
}
