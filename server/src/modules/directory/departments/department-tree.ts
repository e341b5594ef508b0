import type { Queryable } from '../../../platform/db/database.js';
import { listAll, type Department } from './departments.repository.js';

/** Every org's root department: the whole org. */
export const ROOT_DEPARTMENT_ID = 1;

/** The org's department tree in memory: an org has at most 30,000 departments, so one read is cheap. */
export class DepartmentTree {
  readonly byId = new Map<number, Department>();
  private readonly children = new Map<number, number[]>();

  constructor(departments: Department[]) {
    for (const d of departments) {
      this.byId.set(d.id, d);
      const siblings = this.children.get(d.parentId) ?? [];
      siblings.push(d.id);
      this.children.set(d.parentId, siblings);
    }
  }

  /** Adds a department created while the tree is in use (imports that create departments by path). */
  add(d: Department): void {
    this.byId.set(d.id, d);
    this.children.set(d.parentId, [...this.childrenOf(d.parentId), d.id]);
  }

  /** The child of `parentId` with this name, if any. */
  childNamed(parentId: number, name: string): Department | undefined {
    for (const id of this.childrenOf(parentId)) {
      const d = this.byId.get(id);
      if (d?.name === name) return d;
    }
    return undefined;
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  childrenOf(id: number): number[] {
    return this.children.get(id) ?? [];
  }

  /** The department and everything under it, parents before children. */
  subtree(id: number): number[] {
    if (!this.byId.has(id)) return [];
    const out: number[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const next = stack.pop() as number;
      out.push(next);
      stack.push(...this.childrenOf(next));
    }
    return out;
  }

  /** Depth counted from the root, which is at depth 1. */
  depth(id: number): number {
    let depth = 0;
    let current = this.byId.get(id);
    while (current) {
      depth += 1;
      current = this.byId.get(current.parentId);
      if (depth > 10_000) break;
    }
    return depth;
  }

  /** Height of the subtree under `id` (1 for a leaf). */
  height(id: number): number {
    const kids = this.childrenOf(id);
    return 1 + (kids.length === 0 ? 0 : Math.max(...kids.map((k) => this.height(k))));
  }

  /** True when `id` is `ancestorId` or lies beneath it. */
  isWithin(id: number, ancestorId: number): boolean {
    let current = this.byId.get(id);
    for (let guard = 0; current && guard < 10_000; guard += 1) {
      if (current.id === ancestorId) return true;
      current = this.byId.get(current.parentId);
    }
    return false;
  }
}

export async function loadTree(db: Queryable, orgId: number): Promise<DepartmentTree> {
  return new DepartmentTree(await listAll(db, orgId));
}
