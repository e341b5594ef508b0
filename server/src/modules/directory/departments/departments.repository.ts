import type { Queryable } from '../../../platform/db/database.js';
import type { DepartmentTable } from '../../../platform/db/schema.js';

export type Department = {
  id: number;
  parentId: number;
  name: string;
  nameEn: string;
  order: number;
};

type DepartmentRow = Pick<DepartmentTable, 'id' | 'parent_id' | 'name' | 'name_en' | 'sort_order'>;

function toDepartment(row: DepartmentRow): Department {
  return { id: row.id, parentId: row.parent_id, name: row.name, nameEn: row.name_en, order: row.sort_order };
}

export async function listAll(db: Queryable, orgId: number): Promise<Department[]> {
  const rows = await db
    .selectFrom('departments')
    .select(['id', 'parent_id', 'name', 'name_en', 'sort_order'])
    .where('org_id', '=', orgId)
    .orderBy('parent_id')
    .orderBy('sort_order', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toDepartment);
}

export async function find(db: Queryable, orgId: number, id: number): Promise<Department | undefined> {
  const row = await db
    .selectFrom('departments')
    .select(['id', 'parent_id', 'name', 'name_en', 'sort_order'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toDepartment(row);
}

export async function nextId(db: Queryable, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('departments')
    .select((eb) => eb.fn.max('id').as('max'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Math.max(Number(row?.max ?? 0), 1) + 1;
}

export async function insert(db: Queryable, orgId: number, d: Department): Promise<void> {
  const now = Date.now();
  await db
    .insertInto('departments')
    .values({
      org_id: orgId,
      id: d.id,
      parent_id: d.parentId,
      name: d.name,
      name_en: d.nameEn,
      sort_order: d.order,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function update(db: Queryable, orgId: number, d: Department): Promise<void> {
  await db
    .updateTable('departments')
    .set({ parent_id: d.parentId, name: d.name, name_en: d.nameEn, sort_order: d.order, updated_at: Date.now() })
    .where('org_id', '=', orgId)
    .where('id', '=', d.id)
    .execute();
}

export async function remove(db: Queryable, orgId: number, id: number): Promise<void> {
  await db.deleteFrom('tag_departments').where('org_id', '=', orgId).where('department_id', '=', id).execute();
  await db.deleteFrom('departments').where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function countMembers(db: Queryable, orgId: number, id: number): Promise<number> {
  const row = await db
    .selectFrom('member_departments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('department_id', '=', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Member counts of every department, for the console's tree. */
export async function memberCounts(db: Queryable, orgId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('member_departments')
    .select(['department_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .groupBy('department_id')
    .execute();
  return new Map(rows.map((r) => [r.department_id, Number(r.n)]));
}

/** userids of each department's leaders. */
export async function leaders(db: Queryable, orgId: number): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom('member_departments')
    .innerJoin('members', 'members.id', 'member_departments.member_id')
    .select(['member_departments.department_id', 'members.user_id'])
    .where('member_departments.org_id', '=', orgId)
    .where('member_departments.is_leader', '=', 1)
    .orderBy('members.user_id')
    .execute();
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.department_id, [...(out.get(r.department_id) ?? []), r.user_id]);
  return out;
}
