import type { Selectable } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import type { MemberTable } from '../../../platform/db/schema.js';
import { searchTermsOf } from './members.search.js';
import type { Member, MemberDepartment } from './members.types.js';
import { reusableQuery } from '../../../platform/db/reusable-query.js';
import { cachedMember, type MemberTx } from './member-cache.js';

type MemberRow = Selectable<MemberTable>;

function toMember(row: MemberRow, departments: MemberDepartment[], externalScope: number[]): Member {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    alias: row.alias,
    mobile: row.mobile,
    email: row.email,
    position: row.position,
    gender: row.gender,
    avatar: row.avatar,
    telephone: row.telephone,
    address: row.address,
    status: row.status,
    kind: row.kind,
    externalCorpName: row.external_corp_name,
    mainDepartmentId: row.main_department_id,
    extattr: JSON.parse(row.extattr) as Record<string, unknown>,
    departments,
    externalScope,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Loads the members with these internal ids, with their departments, in the order given. */
export async function loadByIds(db: Queryable, orgId: number, ids: number[]): Promise<Member[]> {
  if (ids.length === 0) return [];
  const out: Member[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [rows, links, scopes] = await Promise.all([
      db.selectFrom('members').selectAll().where('org_id', '=', orgId).where('id', 'in', chunk).execute(),
      db
        .selectFrom('member_departments')
        .select(['member_id', 'department_id', 'sort_order', 'is_leader'])
        .where('org_id', '=', orgId)
        .where('member_id', 'in', chunk)
        .orderBy('member_id')
        .orderBy('slot')
        .execute(),
      db
        .selectFrom('external_scopes')
        .select(['member_id', 'department_id'])
        .where('org_id', '=', orgId)
        .where('member_id', 'in', chunk)
        .execute(),
    ]);
    const departments = new Map<number, MemberDepartment[]>();
    for (const link of links) {
      const list = departments.get(link.member_id) ?? [];
      list.push({ id: link.department_id, order: link.sort_order, isLeader: link.is_leader === 1 });
      departments.set(link.member_id, list);
    }
    const scope = new Map<number, number[]>();
    for (const s of scopes) scope.set(s.member_id, [...(scope.get(s.member_id) ?? []), s.department_id]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of chunk) {
      const row = byId.get(id);
      if (row) out.push(toMember(row, departments.get(id) ?? [], scope.get(id) ?? []));
    }
  }
  return out;
}

// user/get is the directory's hottest read: its two queries are compiled once (reusable-query.ts).
const memberByUserId = reusableQuery(
  (db) => db.selectFrom('members').selectAll().where('org_id', '=', 0).where('user_id_lower', '=', ''),
  (orgId: number, userIdLower: string) => [orgId, userIdLower],
);
const departmentLinksOf = reusableQuery(
  (db) =>
    db
      .selectFrom('member_departments')
      .select(['department_id', 'sort_order', 'is_leader'])
      .where('org_id', '=', 0)
      .where('member_id', '=', 0)
      .orderBy('slot'),
  (orgId: number, memberId: number) => [orgId, memberId],
);

/** A member by userid (case-insensitive); outside a transaction through the member cache (frozen then). */
export function findByUserId(db: Queryable, orgId: number, userId: string): Promise<Member | undefined> {
  const lower = userId.toLowerCase();
  return cachedMember(db, orgId, lower, () => readByUserId(db, orgId, lower));
}

async function readByUserId(db: Queryable, orgId: number, userIdLower: string): Promise<Member | undefined> {
  const [row] = await memberByUserId(db, orgId, userIdLower);
  if (!row) return undefined;
  const [links, scopes] = await Promise.all([
    departmentLinksOf(db, orgId, row.id),
    // Only external contacts have a visibility scope; staff skip the read (user/get is a hot path).
    row.kind === 'external'
      ? db
          .selectFrom('external_scopes')
          .select('department_id')
          .where('org_id', '=', orgId)
          .where('member_id', '=', row.id)
          .execute()
      : [],
  ]);
  return toMember(
    row,
    links.map((l) => ({ id: l.department_id, order: l.sort_order, isLeader: l.is_leader === 1 })),
    scopes.map((s) => s.department_id),
  );
}

/** Internal ids of the given userids (case-insensitive), keyed by lower-cased userid. */
export async function idsByUserIds(db: Queryable, orgId: number, userIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const lower = [...new Set(userIds.map((u) => u.toLowerCase()))];
  for (let i = 0; i < lower.length; i += 500) {
    const rows = await db
      .selectFrom('members')
      .select(['id', 'user_id_lower'])
      .where('org_id', '=', orgId)
      .where('user_id_lower', 'in', lower.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.user_id_lower, r.id);
  }
  return out;
}

/** Which member (other than `exceptId`) holds this value of a unique field, if any. */
export async function holderOf(
  db: Queryable,
  orgId: number,
  field: 'mobile' | 'email',
  value: string,
  exceptId?: number,
): Promise<number | undefined> {
  let query = db.selectFrom('members').select('id').where('org_id', '=', orgId).where(field, '=', value);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst())?.id;
}

export type Writable = Omit<Member, 'id' | 'createdAt' | 'updatedAt'>;

function columnsOf(m: Writable) {
  return {
    user_id: m.userId,
    user_id_lower: m.userId.toLowerCase(),
    name: m.name,
    alias: m.alias,
    mobile: m.mobile,
    email: m.email,
    position: m.position,
    gender: m.gender,
    avatar: m.avatar,
    telephone: m.telephone,
    address: m.address,
    status: m.status,
    kind: m.kind,
    external_corp_name: m.externalCorpName,
    main_department_id: m.mainDepartmentId,
    extattr: JSON.stringify(m.extattr),
  };
}

/** Replaces the department links, search terms and external scope of many members at once. */
async function writeLinks(db: MemberTx, orgId: number, members: { id: number; m: Writable }[]): Promise<void> {
  const ids = members.map((x) => x.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.deleteFrom('member_departments').where('member_id', 'in', chunk).execute();
    await db.deleteFrom('member_search_terms').where('member_id', 'in', chunk).execute();
    await db.deleteFrom('external_scopes').where('member_id', 'in', chunk).execute();
  }
  const links = members.flatMap(({ id, m }) =>
    m.departments.map((d, slot) => ({
      org_id: orgId,
      member_id: id,
      department_id: d.id,
      sort_order: d.order,
      is_leader: d.isLeader ? 1 : 0,
      slot,
    })),
  );
  const terms = members.flatMap(({ id, m }) =>
    searchTermsOf(m).map((term) => ({ org_id: orgId, member_id: id, term })),
  );
  const scopes = members.flatMap(({ id, m }) =>
    m.externalScope.map((d) => ({ org_id: orgId, member_id: id, department_id: d })),
  );
  // Row-count per statement stays well under SQLite's 32,766 bound parameters.
  for (let i = 0; i < links.length; i += 1000) {
    await db
      .insertInto('member_departments')
      .values(links.slice(i, i + 1000))
      .execute();
  }
  for (let i = 0; i < terms.length; i += 2000) {
    await db
      .insertInto('member_search_terms')
      .values(terms.slice(i, i + 2000))
      .execute();
  }
  for (let i = 0; i < scopes.length; i += 2000) {
    await db
      .insertInto('external_scopes')
      .values(scopes.slice(i, i + 2000))
      .execute();
  }
}

/** Inserts many members in few statements; returns their ids in the order given. */
export async function insertMany(db: MemberTx, orgId: number, members: Writable[]): Promise<number[]> {
  const now = Date.now();
  const ids: number[] = [];
  for (let i = 0; i < members.length; i += 500) {
    const chunk = members.slice(i, i + 500);
    const rows = await db
      .insertInto('members')
      .values(chunk.map((m) => ({ org_id: orgId, ...columnsOf(m), created_at: now, updated_at: now })))
      .returning(['id', 'user_id_lower'])
      .execute();
    const byUser = new Map(rows.map((r) => [r.user_id_lower, r.id]));
    ids.push(...chunk.map((m) => byUser.get(m.userId.toLowerCase()) as number));
  }
  await writeLinks(
    db,
    orgId,
    members.map((m, i) => ({ id: ids[i] as number, m })),
  );
  return ids;
}

export async function insert(db: MemberTx, orgId: number, m: Writable): Promise<number> {
  const [id] = await insertMany(db, orgId, [m]);
  return id as number;
}

export async function update(db: MemberTx, orgId: number, id: number, m: Writable): Promise<void> {
  await db
    .updateTable('members')
    .set({ ...columnsOf(m), updated_at: Date.now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
  await writeLinks(db, orgId, [{ id, m }]);
}

export async function setStatus(db: MemberTx, orgId: number, id: number, status: Member['status']) {
  await db
    .updateTable('members')
    .set({ status, updated_at: Date.now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Invited → active; false when the member is not (or no longer) invited. */
export async function activate(db: MemberTx, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .updateTable('members')
    .set({ status: 'active', updated_at: Date.now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'invited')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The tags each of these members is in (members in none are left out). */
export async function tagIdsOf(db: Queryable, orgId: number, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('tag_members')
      .select(['member_id', 'tag_id'])
      .where('org_id', '=', orgId)
      .where('member_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.member_id, [...(out.get(r.member_id) ?? []), r.tag_id]);
  }
  return out;
}

/** Deletes members; returns the tags each was in, which their deletion event needs (the rows go with them). */
export async function remove(db: MemberTx, orgId: number, ids: number[]): Promise<Map<number, number[]>> {
  const tagsOf = new Map<number, number[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const tagged = await db
      .deleteFrom('tag_members')
      .where('org_id', '=', orgId)
      .where('member_id', 'in', chunk)
      .returning(['member_id', 'tag_id'])
      .execute();
    for (const r of tagged) tagsOf.set(r.member_id, [...(tagsOf.get(r.member_id) ?? []), r.tag_id]);
    // Inbox entries carry no foreign key (the hottest insert; ADR 0015): a member's go with the member.
    await db.deleteFrom('inbox_entries').where('org_id', '=', orgId).where('member_id', 'in', chunk).execute();
    await db.deleteFrom('members').where('org_id', '=', orgId).where('id', 'in', chunk).execute();
  }
  return tagsOf;
}

/** Holders of many values of a unique field at once, keyed by value. */
export async function holdersOf(
  db: Queryable,
  orgId: number,
  field: 'mobile' | 'email',
  values: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const unique = [...new Set(values)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('members')
      .select(['id', field])
      .where('org_id', '=', orgId)
      .where(field, 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r[field] as string, r.id);
  }
  return out;
}
