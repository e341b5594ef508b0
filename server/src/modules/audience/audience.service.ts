import type { Queryable } from '../../platform/db/database.js';
import { type DepartmentTree, existingTagIds, loadTree, reachOfScope, tagContentsOf } from '../directory/index.js';
import { checkNear, membersNear, type Near } from './near.js';

/** Who a message is for, as the sender names them. */
export type Audience = {
  /** Everyone in the sender's visible scope (WeCom's `@all`); the other fields are then ignored. */
  all?: boolean;
  userIds?: string[];
  /** Departments include all their sub-departments. */
  departmentIds?: number[];
  tagIds?: number[];
  /** Only members last seen inside this geofence (定点), checked at send time; cuts the audience above. */
  near?: Near;
};

/**
 * An app's visible scope; `null` stands for the whole org. External contacts are in reach only when the app
 * is opened to them (`externalContacts`) and the scope holds them.
 */
export type Scope = { memberIds: number[]; departmentIds: number[]; tagIds: number[]; externalContacts?: true } | null;

export type ResolvedAudience = {
  /** Internal member ids, de-duplicated, disabled members left out. */
  memberIds: number[];
  invalidUserIds: string[];
  invalidDepartmentIds: number[];
  invalidTagIds: number[];
};

const CHUNK = 500;

async function membersOfDepartments(db: Queryable, orgId: number, departmentIds: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < departmentIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('member_departments')
      .select('member_id')
      .where('org_id', '=', orgId)
      .where('department_id', 'in', departmentIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.add(r.member_id);
  }
  return out;
}

/** The tags among these that exist, and what they list (the directory's tables, read through it). */
async function tagContents(db: Queryable, orgId: number, tagIds: number[]) {
  const [existing, contents] = await Promise.all([existingTagIds(db, orgId, tagIds), tagContentsOf(db, orgId, tagIds)]);
  return { existing, ...contents };
}

function subtrees(tree: DepartmentTree, ids: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const id of ids) for (const d of tree.subtree(id)) out.add(d);
  return out;
}

/** The departments and members a scope reaches; `null` when it reaches the whole org. */
async function scopeReach(db: Queryable, orgId: number, tree: DepartmentTree, scope: Scope) {
  const bounds = scope === null ? null : await reachOfScope(db, orgId, tree, scope);
  if (bounds === null) return null;
  const members = await membersOfDepartments(db, orgId, [...bounds.departments]);
  for (const id of bounds.memberIds) members.add(id);
  return { departments: bounds.departments, members };
}

/** The ids of members who can be reached: not disabled, and staff unless the scope opens to external contacts. */
async function reachable(db: Queryable, orgId: number, ids: Iterable<number>, scope: Scope): Promise<Set<number>> {
  const all = [...ids];
  const withExternal = scope?.externalContacts === true;
  const unreachable = new Set<number>();
  for (let i = 0; i < all.length; i += CHUNK) {
    const rows = await db
      .selectFrom('members')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', all.slice(i, i + CHUNK))
      .where((eb) =>
        withExternal
          ? eb('status', '=', 'disabled')
          : eb.or([eb('status', '=', 'disabled'), eb('kind', '=', 'external')]),
      )
      .execute();
    for (const r of rows) unreachable.add(r.id);
  }
  return new Set(all.filter((id) => !unreachable.has(id)));
}

/**
 * Expands an audience at send time: users, departments with their sub-departments, tags, or everyone;
 * cut to the sender's scope and de-duplicated. What was named but cannot be reached comes back as invalid.
 * With `near`, only those of them last seen inside the geofence remain.
 */
export async function resolveAudience(
  db: Queryable,
  orgId: number,
  audience: Audience,
  scope: Scope,
): Promise<ResolvedAudience> {
  if (audience.near) checkNear(audience.near);
  const named = await resolveNamed(db, orgId, audience, scope);
  if (!audience.near) return named;
  const inside = await membersNear(db, orgId, audience.near, Date.now());
  return { ...named, memberIds: named.memberIds.filter((id) => inside.has(id)) };
}

async function resolveNamed(db: Queryable, orgId: number, audience: Audience, scope: Scope): Promise<ResolvedAudience> {
  const tree = await loadTree(db, orgId);
  const reach = await scopeReach(db, orgId, tree, scope);
  const result: ResolvedAudience = { memberIds: [], invalidUserIds: [], invalidDepartmentIds: [], invalidTagIds: [] };

  if (audience.all) {
    if (reach) {
      result.memberIds = [...(await reachable(db, orgId, reach.members, scope))];
    } else {
      const rows = await db
        .selectFrom('members')
        .select('id')
        .where('org_id', '=', orgId)
        .where('status', '!=', 'disabled')
        .$if(scope?.externalContacts !== true, (q) => q.where('kind', '=', 'staff'))
        .execute();
      result.memberIds = rows.map((r) => r.id);
    }
    return result;
  }

  const chosen = new Set<number>();
  const inReach = (id: number) => reach === null || reach.members.has(id);

  const userIds = audience.userIds ?? [];
  const byUser = new Map<string, number>();
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const lower = userIds.slice(i, i + CHUNK).map((u) => u.toLowerCase());
    const rows = await db
      .selectFrom('members')
      .select(['id', 'user_id_lower', 'status', 'kind'])
      .where('org_id', '=', orgId)
      .where('user_id_lower', 'in', lower)
      .execute();
    // An external contact named to an app not opened to them is as unreachable as a disabled member.
    for (const r of rows) {
      if (r.status !== 'disabled' && (r.kind === 'staff' || scope?.externalContacts === true)) {
        byUser.set(r.user_id_lower, r.id);
      }
    }
  }
  for (const userId of userIds) {
    const id = byUser.get(userId.toLowerCase());
    if (id === undefined || !inReach(id)) result.invalidUserIds.push(userId.toLowerCase());
    else chosen.add(id);
  }

  const validDepartments: number[] = [];
  for (const id of audience.departmentIds ?? []) {
    if (!tree.has(id) || (reach !== null && !reach.departments.has(id))) result.invalidDepartmentIds.push(id);
    else validDepartments.push(id);
  }
  for (const id of await membersOfDepartments(db, orgId, [...subtrees(tree, validDepartments)])) chosen.add(id);

  const tagIds = audience.tagIds ?? [];
  const tags = await tagContents(db, orgId, tagIds);
  result.invalidTagIds = tagIds.filter((id) => !tags.existing.has(id));
  const fromTags = new Set(tags.memberIds);
  for (const id of await membersOfDepartments(db, orgId, [...subtrees(tree, tags.departmentIds)])) fromTags.add(id);
  for (const id of fromTags) if (inReach(id)) chosen.add(id);

  result.memberIds = [...(await reachable(db, orgId, chosen, scope))];
  return result;
}
