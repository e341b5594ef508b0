import type { Kysely } from 'kysely';
import { bytewiseText, withSerialId } from '../../platform/db/dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('departments')
    .addColumn('org_id', 'bigint', (c) => c.notNull().references('orgs.id'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('parent_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('departments_pk', ['org_id', 'id'])
    .addUniqueConstraint('departments_sibling_name', ['org_id', 'parent_id', 'name'])
    .execute();

  await withSerialId(db, db.schema.createTable('members'))
    .addColumn('org_id', 'bigint', (c) => c.notNull().references('orgs.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_id_lower', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mobile', 'text')
    .addColumn('email', 'text')
    .addColumn('position', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('gender', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('avatar', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('telephone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('external_corp_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('main_department_id', 'bigint')
    .addColumn('extattr', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('members_org_user', ['org_id', 'user_id_lower'])
    .addUniqueConstraint('members_org_mobile', ['org_id', 'mobile'])
    .addUniqueConstraint('members_org_email', ['org_id', 'email'])
    .execute();

  await db.schema
    .createTable('member_departments')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('department_id', 'bigint', (c) => c.notNull())
    .addColumn('sort_order', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('is_leader', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('slot', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('member_departments_pk', ['member_id', 'department_id'])
    .execute();
  await db.schema
    .createIndex('member_departments_department')
    .on('member_departments')
    .columns(['org_id', 'department_id'])
    .execute();

  await db.schema
    .createTable('member_search_terms')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('term', bytewiseText(db), (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('member_search_terms_lookup')
    .on('member_search_terms')
    .columns(['org_id', 'term', 'member_id'])
    .execute();
  await db.schema.createIndex('member_search_terms_member').on('member_search_terms').columns(['member_id']).execute();

  await db.schema
    .createTable('external_scopes')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('department_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('external_scopes_pk', ['member_id', 'department_id'])
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('org_id', 'bigint', (c) => c.notNull().references('orgs.id'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('app_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['org_id', 'id'])
    .addUniqueConstraint('tags_org_name', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('tag_members')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('tag_id', 'bigint', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('tag_members_pk', ['org_id', 'tag_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('tag_departments')
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('tag_id', 'bigint', (c) => c.notNull())
    .addColumn('department_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_departments_pk', ['org_id', 'tag_id', 'department_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'tag_departments',
    'tag_members',
    'tags',
    'external_scopes',
    'member_search_terms',
    'member_departments',
    'members',
    'departments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
