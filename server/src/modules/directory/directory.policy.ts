import type { Actor } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import type { DepartmentTree } from './departments/department-tree.js';

/** Whether the actor may change the directory at all (subtree limits are checked separately). */
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

/** The department whose subtree bounds what the actor sees and changes; null means the whole org. */
export function managedRoot(actor: Actor): number | null {
  return actor.kind === 'admin' && actor.role === 'department_admin' ? actor.departmentId : null;
}

export function assertCanWriteDirectory(actor: Actor): void {
  if (!canWriteDirectory(actor)) {
    throw forbidden('directory.no_privilege', 'this credential may not change the directory');
  }
}

/** Refuses departments outside the actor's subtree. */
export function assertWithinScope(actor: Actor, tree: DepartmentTree, departmentIds: Iterable<number>): void {
  const root = managedRoot(actor);
  if (root === null) return;
  for (const id of departmentIds) {
    if (!tree.isWithin(id, root)) {
      throw forbidden('directory.no_privilege', `department ${id} is outside the subtree you manage`, {
        departmentId: id,
      });
    }
  }
}
