import type { Department } from './contacts.queries';

/** Top-level departments: those whose parent is not in the list (the root's children, or the root). */
export function rootDepartments(all: readonly Department[]): Department[] {
  const ids = new Set(all.map((d) => d.id));
  return sortDepartments(all.filter((d) => d.parentId === 0 || !ids.has(d.parentId)));
}

export function childDepartments(all: readonly Department[], parentId: number): Department[] {
  return sortDepartments(all.filter((d) => d.parentId === parentId));
}

/** The path from a top-level department down to `id` (breadcrumb). */
export function departmentPath(all: readonly Department[], id: number): Department[] {
  const byId = new Map(all.map((d) => [d.id, d]));
  const path: Department[] = [];
  for (let d = byId.get(id); d && path.length < 50; d = d.parentId ? byId.get(d.parentId) : undefined) path.unshift(d);
  return path;
}

function sortDepartments(list: Department[]): Department[] {
  return list.sort((a, b) => b.order - a.order || a.id - b.id);
}
