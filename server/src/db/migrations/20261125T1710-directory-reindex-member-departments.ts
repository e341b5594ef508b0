import type { Kysely } from 'kysely';

// An index leading with org_id competed with the primary key (member_id, department_id) for "this member's
// departments" (org_id and member_id both given); without statistics SQLite could pick it and read every
// membership of the org. Leading with department_id leaves it only to the queries that need it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('member_departments_department').execute();
  await db.schema
    .createIndex('member_departments_department')
    .on('member_departments')
    .columns(['department_id', 'org_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('member_departments_department').execute();
  await db.schema
    .createIndex('member_departments_department')
    .on('member_departments')
    .columns(['org_id', 'department_id'])
    .execute();
}
