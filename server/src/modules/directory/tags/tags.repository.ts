import type { Queryable } from '../../../platform/db/database.js';

export type Tag = { id: number; name: string; appId: number | null };

export async function list(db: Queryable, orgId: number): Promise<Tag[]> {
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name', 'app_id'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, appId: r.app_id }));
}

export async function find(db: Queryable, orgId: number, id: number): Promise<Tag | undefined> {
  const r = await db
    .selectFrom('tags')
    .select(['id', 'name', 'app_id'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { id: r.id, name: r.name, appId: r.app_id };
}

export async function findByName(db: Queryable, orgId: number, name: string) {
  return db.selectFrom('tags').select('id').where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
}

export async function nextId(db: Queryable, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('tags')
    .select((eb) => eb.fn.max('id').as('max'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insert(db: Queryable, orgId: number, tag: Tag): Promise<void> {
  await db
    .insertInto('tags')
    .values({ org_id: orgId, id: tag.id, name: tag.name, app_id: tag.appId, created_at: Date.now() })
    .execute();
}

export async function rename(db: Queryable, orgId: number, id: number, name: string): Promise<void> {
  await db.updateTable('tags').set({ name }).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function remove(db: Queryable, orgId: number, id: number): Promise<void> {
  await db.deleteFrom('tag_members').where('org_id', '=', orgId).where('tag_id', '=', id).execute();
  await db.deleteFrom('tag_departments').where('org_id', '=', orgId).where('tag_id', '=', id).execute();
  await db.deleteFrom('tags').where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function membersOf(db: Queryable, orgId: number, id: number) {
  return db
    .selectFrom('tag_members')
    .innerJoin('members', 'members.id', 'tag_members.member_id')
    .select(['members.id', 'members.user_id', 'members.name'])
    .where('tag_members.org_id', '=', orgId)
    .where('tag_members.tag_id', '=', id)
    .orderBy('members.name')
    .execute();
}

export async function departmentsOf(db: Queryable, orgId: number, id: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tag_departments')
    .select('department_id')
    .where('org_id', '=', orgId)
    .where('tag_id', '=', id)
    .orderBy('department_id')
    .execute();
  return rows.map((r) => r.department_id);
}

export async function addMembers(db: Queryable, orgId: number, id: number, memberIds: number[]) {
  const existing = new Set((await membersOf(db, orgId, id)).map((m) => m.id));
  // A call may name the same member twice ("alice" and "Alice"); insert each once.
  const fresh = [...new Set(memberIds)].filter((m) => !existing.has(m));
  if (fresh.length > 0) {
    await db
      .insertInto('tag_members')
      .values(fresh.map((member_id) => ({ org_id: orgId, tag_id: id, member_id })))
      .execute();
  }
}

export async function addDepartments(db: Queryable, orgId: number, id: number, departmentIds: number[]) {
  const existing = new Set(await departmentsOf(db, orgId, id));
  const fresh = [...new Set(departmentIds)].filter((d) => !existing.has(d));
  if (fresh.length > 0) {
    await db
      .insertInto('tag_departments')
      .values(fresh.map((department_id) => ({ org_id: orgId, tag_id: id, department_id })))
      .execute();
  }
}

export async function removeMembers(db: Queryable, orgId: number, id: number, memberIds: number[]) {
  if (memberIds.length === 0) return;
  await db
    .deleteFrom('tag_members')
    .where('org_id', '=', orgId)
    .where('tag_id', '=', id)
    .where('member_id', 'in', memberIds)
    .execute();
}

export async function removeDepartments(db: Queryable, orgId: number, id: number, departmentIds: number[]) {
  if (departmentIds.length === 0) return;
  await db
    .deleteFrom('tag_departments')
    .where('org_id', '=', orgId)
    .where('tag_id', '=', id)
    .where('department_id', 'in', departmentIds)
    .execute();
}

/** Which of these tag ids exist in the org. */
export async function existingIds(db: Queryable, orgId: number, tagIds: number[]): Promise<Set<number>> {
  if (tagIds.length === 0) return new Set();
  const rows = await db.selectFrom('tags').select('id').where('org_id', '=', orgId).where('id', 'in', tagIds).execute();
  return new Set(rows.map((r) => r.id));
}

/** The members and departments listed in any of these tags. */
export async function contentsOf(db: Queryable, orgId: number, tagIds: number[]) {
  if (tagIds.length === 0) return { memberIds: [] as number[], departmentIds: [] as number[] };
  const [members, departments] = await Promise.all([
    db
      .selectFrom('tag_members')
      .select('member_id')
      .where('org_id', '=', orgId)
      .where('tag_id', 'in', tagIds)
      .execute(),
    db
      .selectFrom('tag_departments')
      .select('department_id')
      .where('org_id', '=', orgId)
      .where('tag_id', 'in', tagIds)
      .execute(),
  ]);
  return { memberIds: members.map((m) => m.member_id), departmentIds: departments.map((d) => d.department_id) };
}
