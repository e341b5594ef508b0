import type { OrgContext } from '../../../platform/context.js';
import type { Queryable } from '../../../platform/db/database.js';
import { isUniqueViolation } from '../../../platform/db/constraint.js';
import { conflict, forbidden, invalid, notFound } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/outbox/outbox.js';
import {
  assertCanWriteDirectory,
  assertReachesDepartments,
  assertWithinReach,
  managedRoot,
  reachOf,
} from '../directory.policy.js';
import { type DepartmentTree, loadTree, ROOT_DEPARTMENT_ID } from './department-tree.js';
import { departmentErrors as E } from './departments.errors.js';
import * as repo from './departments.repository.js';
import type { Department } from './departments.repository.js';
import { DepartmentCreated, DepartmentDeleted, DepartmentUpdated } from '../directory.events.js';

export { loadTree, ROOT_DEPARTMENT_ID };
export const MAX_DEPTH = 15;
const ILLEGAL_NAME_CHARACTERS = /[\\:*?"<>|]/;

export type CreateDepartmentOptions = {
  name: string;
  nameEn?: string;
  parentId: number;
  /** Bigger sorts first, as in WeCom. */
  order?: number;
  /** Chosen id (> 1); the next free id when absent. */
  id?: number;
};

export type UpdateDepartmentOptions = {
  id: number;
  name?: string;
  nameEn?: string;
  parentId?: number;
  order?: number;
};

/** Trims a department name and refuses an empty, over-long or ill-charactered one. */
export function validateDepartmentName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || [...trimmed].length > 32) {
    throw invalid(E.invalidName, 'department name must be 1 to 32 characters');
  }
  if (ILLEGAL_NAME_CHARACTERS.test(trimmed)) {
    throw invalid(E.nameCharacters, 'department name may not contain \\ : * ? " < > |');
  }
  return trimmed;
}

function assertSiblingNameFree(tree: DepartmentTree, parentId: number, name: string, selfId?: number): void {
  for (const id of tree.childrenOf(parentId)) {
    if (id !== selfId && tree.byId.get(id)?.name === name) {
      throw conflict(E.exists, `a department named "${name}" already exists under department ${parentId}`);
    }
  }
}

/**
 * The org's departments the actor may see, optionally only one subtree: for an app with a partial scope and
 * no department asked, every department the scope reaches (WeCom's department/list), parents first.
 */
export async function listDepartments(ctx: OrgContext, rootId?: number): Promise<Department[]> {
  const tree = await loadTree(ctx.db, ctx.orgId);
  const reach = await reachOf(ctx, ctx.db, tree);
  const start = rootId ?? managedRoot(ctx.actor) ?? ROOT_DEPARTMENT_ID;
  if (!tree.has(start)) throw notFound(E.notFound, `department ${start} does not exist`);
  const reached = (ids: number[]) => ids.map((id) => tree.byId.get(id) as Department);
  if (rootId === undefined && reach !== null && !reach.departments.has(start)) {
    return reached(tree.subtree(ROOT_DEPARTMENT_ID).filter((id) => reach.departments.has(id)));
  }
  assertReachesDepartments(reach, [start]);
  return reached(tree.subtree(start));
}

export async function getDepartment(ctx: OrgContext, id: number): Promise<Department> {
  const tree = await loadTree(ctx.db, ctx.orgId);
  const department = tree.byId.get(id);
  if (!department) throw notFound(E.notFound, `department ${id} does not exist`);
  await assertWithinReach(ctx, ctx.db, tree, [id]);
  return department;
}

/** Creates a department under an existing parent. */
export async function createDepartment(ctx: OrgContext, options: CreateDepartmentOptions): Promise<Department> {
  assertCanWriteDirectory(ctx.actor);
  const name = validateDepartmentName(options.name);
  if (options.id !== undefined && (!Number.isInteger(options.id) || options.id <= 1 || options.id > 2 ** 31 - 1)) {
    throw invalid(E.invalidId, 'department id must be an integer greater than 1');
  }
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const tree = await loadTree(tx, ctx.orgId);
      if (!tree.has(options.parentId)) {
        throw notFound(E.parentNotFound, `parent department ${options.parentId} does not exist`);
      }
      await assertWithinReach(ctx, tx, tree, [options.parentId]);
      if (tree.depth(options.parentId) + 1 > MAX_DEPTH) {
        throw invalid(E.tooDeep, `departments can be at most ${MAX_DEPTH} levels deep`);
      }
      assertSiblingNameFree(tree, options.parentId, name);
      const id = options.id ?? (await repo.nextId(tx, ctx.orgId));
      if (tree.has(id)) throw conflict(E.exists, `department ${id} already exists`);
      const department: Department = {
        id,
        parentId: options.parentId,
        name,
        nameEn: options.nameEn?.trim() ?? '',
        order: options.order ?? 0,
      };
      await repo.insert(tx, ctx.orgId, department);
      await recordEvent(tx, ctx.orgId, DepartmentCreated.of({ department }));
      return department;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(E.exists, 'a department with this id or name already exists');
    throw error;
  }
}

/** Renames, reorders or moves a department; absent fields stay as they are. */
export async function updateDepartment(ctx: OrgContext, options: UpdateDepartmentOptions): Promise<Department> {
  assertCanWriteDirectory(ctx.actor);
  const name = options.name === undefined ? undefined : validateDepartmentName(options.name);
  return ctx.db.transaction().execute(async (tx) => {
    const tree = await loadTree(tx, ctx.orgId);
    const current = tree.byId.get(options.id);
    if (!current) throw notFound(E.notFound, `department ${options.id} does not exist`);
    await assertWithinReach(ctx, tx, tree, [options.id]);
    const next: Department = {
      ...current,
      name: name ?? current.name,
      nameEn: options.nameEn?.trim() ?? current.nameEn,
      order: options.order ?? current.order,
      parentId: options.parentId ?? current.parentId,
    };
    if (next.parentId !== current.parentId) {
      if (current.id === ROOT_DEPARTMENT_ID) throw invalid(E.isRoot, 'the root department cannot be moved');
      if (!tree.has(next.parentId)) {
        throw notFound(E.parentNotFound, `parent department ${next.parentId} does not exist`);
      }
      if (tree.isWithin(next.parentId, current.id)) {
        throw invalid(E.cycle, 'a department cannot move under itself or its own sub-departments');
      }
      await assertWithinReach(ctx, tx, tree, [next.parentId]);
      if (managedRoot(ctx.actor) === current.id) {
        throw forbidden('directory.no_privilege', 'you cannot move the department you manage');
      }
      if (tree.depth(next.parentId) + tree.height(current.id) > MAX_DEPTH) {
        throw invalid(E.tooDeep, `departments can be at most ${MAX_DEPTH} levels deep`);
      }
    }
    if (next.name !== current.name || next.parentId !== current.parentId) {
      assertSiblingNameFree(tree, next.parentId, next.name, current.id);
    }
    await repo.update(tx, ctx.orgId, next);
    await recordEvent(tx, ctx.orgId, DepartmentUpdated.of({ department: next, previous: current }));
    return next;
  });
}

/** Deletes an empty department; one with members or sub-departments is refused with the reason. */
export async function deleteDepartment(ctx: OrgContext, id: number): Promise<void> {
  assertCanWriteDirectory(ctx.actor);
  await ctx.db.transaction().execute(async (tx) => {
    const tree = await loadTree(tx, ctx.orgId);
    if (!tree.has(id)) throw notFound(E.notFound, `department ${id} does not exist`);
    if (id === ROOT_DEPARTMENT_ID) throw invalid(E.isRoot, 'the root department cannot be deleted');
    await assertWithinReach(ctx, tx, tree, [id]);
    if (managedRoot(ctx.actor) === id) {
      throw forbidden('directory.no_privilege', 'you cannot delete the department you manage');
    }
    if (tree.childrenOf(id).length > 0) {
      throw conflict(E.hasChildren, 'this department has sub-departments: move or delete them first');
    }
    const members = await repo.countMembers(tx, ctx.orgId, id);
    if (members > 0) {
      throw conflict(E.hasMembers, `this department still has ${members} member(s): move or remove them first`, {
        members,
      });
    }
    await repo.remove(tx, ctx.orgId, id);
    await recordEvent(tx, ctx.orgId, DepartmentDeleted.of({ departmentId: id, parentId: tree.byId.get(id)?.parentId }));
  });
}

export { memberCounts } from './departments.repository.js';
export type { Department };

/** The leaders of every department, by userid. */
export function listDepartmentLeaders(ctx: OrgContext): Promise<Map<number, string[]>> {
  return repo.leaders(ctx.db, ctx.orgId);
}

/**
 * Resolves a path of department names under the root ("研发部/前端组"), creating what is missing inside the
 * caller's transaction; the in-memory tree is updated as it goes. With `planned`, missing departments are
 * only added to the tree and to that map, for the caller to insert once it knows they are needed.
 */
export async function ensureDepartmentPath(
  ctx: OrgContext,
  tx: Queryable,
  tree: DepartmentTree,
  names: string[],
  planned?: Map<number, Department>,
): Promise<number> {
  let parentId = ROOT_DEPARTMENT_ID;
  const root = tree.byId.get(ROOT_DEPARTMENT_ID);
  const path = names[0] === root?.name ? names.slice(1) : names;
  for (const raw of path) {
    const name = validateDepartmentName(raw);
    const existing = tree.childNamed(parentId, name);
    if (existing) {
      parentId = existing.id;
      continue;
    }
    await assertWithinReach(ctx, tx, tree, [parentId]);
    if (tree.depth(parentId) + 1 > MAX_DEPTH)
      throw invalid(E.tooDeep, `departments can be at most ${MAX_DEPTH} levels deep`);
    const id = planned ? largestId(tree) + 1 : await repo.nextId(tx, ctx.orgId);
    const department: Department = { id, parentId, name, nameEn: '', order: 0 };
    if (planned) {
      planned.set(id, department);
    } else {
      await repo.insert(tx, ctx.orgId, department);
      await recordEvent(tx, ctx.orgId, DepartmentCreated.of({ department }));
    }
    tree.add(department);
    parentId = department.id;
  }
  return parentId;
}

/** The tree holds every department of the org (planned ones included), so its largest id is the store's. */
function largestId(tree: DepartmentTree): number {
  let largest = ROOT_DEPARTMENT_ID;
  for (const id of tree.byId.keys()) if (id > largest) largest = id;
  return largest;
}
