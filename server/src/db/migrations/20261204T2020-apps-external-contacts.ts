import type { Kysely } from 'kysely';

// Whether an app is opened to external contacts (suppliers, customers, farmers listed in the directory). Off
// by default: an internal app's @all and department sends leave them out, and they do not see it on their
// workbench (issue 11 case 4).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('apps')
    .addColumn('external_contacts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('apps').dropColumn('external_contacts').execute();
}
