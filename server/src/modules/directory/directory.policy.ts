import type { Actor, OrgContext, VisibleScope } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { type DepartmentTree, loadTree, ROOT_DEPARTMENT_ID } from './departments/department-tree.js';
import { memberErrors } from './members/members.errors.js';
import { contentsOf } from './tags/tags.repository.js';

/** Whether the actor may change the directory at all (what it reaches is checked separately). */
export function canWriteDirectory(actor: Actor): boolean {
  switch (actor.kind) {
    case 'admin':
    case 'directory':
    case 'system':
      return true;
    case 'app':
      return actor.canWriteDirectory;
    case 'member':
      return false;
  }
}

/** The department a department admin manages; null for everyone else. */
export function managedRoot(actor: Actor): number | null {
  return actor.kind === 'admin' && actor.role === 'department_admin' ? actor.departmentId : null;
}

export function assertCanWriteDirectory(actor: Actor): void {
  if (!canWriteDirectory(actor)) {
    throw forbidden('directory.no_privilege', 'this credential may not change the directory');
  }
}

/**
 * What of the directory an actor sees and changes (one answer for every use case): a department admin their
 * subtree; an app its visible scope — departments with their sub-departments, members named, and what its
 * tags list; null for the whole org (owner, org-wide admins, the directory secret, Enclave, a whole-org app).
 */
export type Reach = {
  /** Departments in reach, sub-departments included. */
  departments: ReadonlySet<number>;
  /** Members in reach one by one (an app's named members and its tags'), besides those of `departments`. */
  memberIds: ReadonlySet<number>;
  /** Tags the scope names (an app hears of their changes). */
  tagIds: ReadonlySet<number>;
} | null;

function subtrees(tree: DepartmentTree, ids: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const id of ids) for (const d of tree.subtree(id)) out.add(d);
  return out;
}

/** Whether the actor reaches the whole org: then no tree or tag is read (the hot path of user/get). */
export function reachesWholeOrg(actor: Actor): boolean {
  if (managedRoot(actor) !== null) return false;
  return actor.kind !== 'app' || actor.scope.departmentIds.includes(ROOT_DEPARTMENT_ID);
}

/** The actor's reach; `tree` when the caller has it already (in a transaction, after a change). */
export async function reachOf(ctx: OrgContext, db: Queryable = ctx.db, tree?: DepartmentTree): Promise<Reach> {
  if (reachesWholeOrg(ctx.actor)) return null;
  const known = tree ?? (await loadTree(db, ctx.orgId));
  const root = managedRoot(ctx.actor);
  if (root !== null) return { departments: new Set(known.subtree(root)), memberIds: new Set(), tagIds: new Set() };
  if (ctx.actor.kind !== 'app') return null;
  return reachOfScope(db, ctx.orgId, known, ctx.actor.scope);
}

/**
 * What an app's visible scope reaches: its departments with their sub-departments, the members it names and
 * what its tags list; null for the whole org. The one reading of a scope — messages' audience, callbacks and
 * the directory's reads all use it.
 */
export async function reachOfScope(
  db: Queryable,
  orgId: number,
  tree: DepartmentTree,
  scope: Pick<VisibleScope, 'memberIds' | 'departmentIds' | 'tagIds'>,
): Promise<Reach> {
  if (scope.departmentIds.includes(ROOT_DEPARTMENT_ID)) return null;
  const tags = await contentsOf(db, orgId, scope.tagIds);
  return {
    departments: subtrees(tree, [...scope.departmentIds, ...tags.departmentIds]),
    memberIds: new Set([...scope.memberIds, ...tags.memberIds]),
    tagIds: new Set(scope.tagIds),
  };
}

export function reachesDepartment(reach: Reach, id: number): boolean {
  return reach === null || reach.departments.has(id);
}

export function reachesMember(reach: Reach, member: { id: number; departments: { id: number }[] }): boolean {
  return (
    reach === null || reach.memberIds.has(member.id) || member.departments.some((d) => reach.departments.has(d.id))
  );
}

/** Refuses departments outside the reach (WeCom's 60011). */
export function assertReachesDepartments(reach: Reach, departmentIds: Iterable<number>): void {
  for (const id of departmentIds) {
    if (!reachesDepartment(reach, id)) {
      throw forbidden('directory.no_privilege', `department ${id} is outside what this credential reaches`, {
        departmentId: id,
      });
    }
  }
}

/**
 * A member outside the reach: an app hears 60011 as from WeCom; a department admin does not learn that the
 * member exists (member.not_found).
 */
export function outOfReach(actor: Actor, userId: string) {
  return actor.kind === 'app'
    ? forbidden('directory.no_privilege', `member "${userId}" is outside this app's visible scope`, { userid: userId })
    : notFound(memberErrors.notFound, `member "${userId}" does not exist`, { userid: userId });
}

/** Refuses departments outside the actor's reach, read with `db` (the caller's transaction, if any). */
export async function assertWithinReach(
  ctx: OrgContext,
  db: Queryable,
  tree: DepartmentTree,
  departmentIds: Iterable<number>,
): Promise<void> {
  assertReachesDepartments(await reachOf(ctx, db, tree), departmentIds);
}
