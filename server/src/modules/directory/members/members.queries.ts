import type { Queryable } from '../../../platform/db/database.js';
import { loadByIds } from './members.repository.js';
import type { Member } from './members.types.js';

/** Members in any of these departments, ordered by name, one page at a time. */
export async function listInDepartments(
  db: Queryable,
  orgId: number,
  departmentIds: number[],
  page: { limit: number; offset: number },
): Promise<{ items: Member[]; total: number }> {
  if (departmentIds.length === 0) return { items: [], total: 0 };
  const inDepartments = db
    .selectFrom('member_departments')
    .select('member_id')
    .where('org_id', '=', orgId)
    .where('department_id', 'in', departmentIds);
  const [countRow, rows] = await Promise.all([
    db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('id', 'in', inDepartments)
      .executeTakeFirst(),
    db
      .selectFrom('members')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', inDepartments)
      .orderBy('name')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  return {
    items: await loadByIds(
      db,
      orgId,
      rows.map((r) => r.id),
    ),
    total: Number(countRow?.n ?? 0),
  };
}

/**
 * Members whose name, pinyin, initials, userid, mobile, email or alias starts with the query: a range scan
 * on the (org, term) index, never a table scan.
 */
export async function searchIds(db: Queryable, orgId: number, query: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('member_search_terms')
    .select('member_id')
    .where('org_id', '=', orgId)
    .where('term', '>=', query)
    .where('term', '<', `${query}\uffff`)
    .orderBy('term')
    // A member matches through several terms at most a handful of times; de-duplicate here rather than
    // with DISTINCT, which would make the database read every match before applying the limit.
    .limit(limit * 8)
    .execute();
  return [...new Set(rows.map((r) => r.member_id))].slice(0, limit);
}

/** One row per (member, department), in member id order after the cursor; for `user/list_id`. */
export async function listIdPage(db: Queryable, orgId: number, afterMemberId: number, limit: number) {
  const members = await db
    .selectFrom('members')
    .select(['id', 'user_id'])
    .where('org_id', '=', orgId)
    .where('id', '>', afterMemberId)
    .orderBy('id')
    .limit(limit)
    .execute();
  if (members.length === 0) return [];
  const links = await db
    .selectFrom('member_departments')
    .select(['member_id', 'department_id'])
    .where('org_id', '=', orgId)
    .where(
      'member_id',
      'in',
      members.map((m) => m.id),
    )
    .orderBy('member_id')
    .orderBy('slot')
    .execute();
  const byMember = new Map<number, number[]>();
  for (const l of links) byMember.set(l.member_id, [...(byMember.get(l.member_id) ?? []), l.department_id]);
  return members.map((m) => ({ id: m.id, userId: m.user_id, departmentIds: byMember.get(m.id) ?? [] }));
}
