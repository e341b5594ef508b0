import type { Department } from './directory.queries';

export interface DepartmentNode {
  department: Department;
  children: DepartmentNode[];
}

/** Higher `order` first (WeCom convention), then by id so the order is stable. */
function compareSiblings(a: Department, b: Department): number {
  return b.order - a.order || a.id - b.id;
}

/**
 * Builds the tree from the flat list. Roots are departments whose parent is 0 or not in the list
 * (a department admin only receives their own subtree).
 */
export function buildDepartmentTree(departments: readonly Department[]): DepartmentNode[] {
  const nodes = new Map<number, DepartmentNode>();
  for (const department of departments) nodes.set(department.id, { department, children: [] });
  const roots: DepartmentNode[] = [];
  for (const department of [...departments].sort(compareSiblings)) {
    const node = nodes.get(department.id);
    if (!node) continue;
    const parent = department.parentId === 0 ? undefined : nodes.get(department.parentId);
    (parent && parent !== node ? parent.children : roots).push(node);
  }
  return roots;
}

/** The department and all its descendants. */
export function collectSubtreeIds(departments: readonly Department[], rootId: number): Set<number> {
  const childrenOf = new Map<number, number[]>();
  for (const d of departments) childrenOf.set(d.parentId, [...(childrenOf.get(d.parentId) ?? []), d.id]);
  const ids = new Set<number>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || ids.has(id)) continue;
    ids.add(id);
    stack.push(...(childrenOf.get(id) ?? []));
  }
  return ids;
}

export interface DepartmentOption {
  value: number;
  title: string;
  disabled?: boolean;
  children: DepartmentOption[];
}

/** TreeSelect data; departments in `disabledIds` can't be picked. */
export function toTreeSelectData(nodes: DepartmentNode[], disabledIds?: ReadonlySet<number>): DepartmentOption[] {
  return nodes.map(({ department, children }) => ({
    value: department.id,
    title: department.name,
    disabled: disabledIds?.has(department.id) || undefined,
    children: toTreeSelectData(children, disabledIds),
  }));
}
