import type { OrgContext } from '../../../platform/context.js';
import type { Queryable } from '../../../platform/db/database.js';
import { DomainError, invalid } from '../../../platform/errors.js';
import { type OutboxEvent, recordEvents } from '../../../platform/outbox/outbox.js';
import type { DepartmentTree } from '../departments/department-tree.js';
import * as repo from '../departments/departments.repository.js';
import type { Department } from '../departments/departments.repository.js';
import { loadTree, MAX_DEPTH, ROOT_DEPARTMENT_ID, validateDepartmentName } from '../departments/departments.service.js';
import { assertCanWriteDirectory, managedRoot } from '../directory.policy.js';
import { mapColumns, parseCsv } from './csv.js';
import { DepartmentCreated, DepartmentDeleted, DepartmentUpdated } from '../directory.events.js';

/** Bits of WeCom's replace_party `action`: 1 create, 2 rename, 4 move, 8 reorder. */
const ACTION = { create: 1, rename: 2, move: 4, reorder: 8 } as const;

export type DepartmentImportRow = { partyId: number; action: number; code?: string; message?: string };

type FileDepartment = { id: number; parentId: number; name: string; order: number | undefined; line: number };

function readFile(data: Buffer): FileDepartment[] {
  const table = parseCsv(data);
  const columns = mapColumns(table.header, {
    name: ['部门名称', 'name'],
    id: ['部门ID', 'id'],
    parentId: ['父部门ID', 'parentid', 'parent_id'],
    order: ['排序', 'order'],
  });
  if (columns.name === undefined || columns.id === undefined || columns.parentId === undefined) {
    throw invalid('job.invalid_file', 'a department file needs the columns 部门名称, 部门ID and 父部门ID');
  }
  return table.rows.map(({ line, cells }) => {
    const at = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
    const id = at(columns.id);
    const parentId = at(columns.parentId);
    const order = at(columns.order);
    if (!/^\d+$/.test(id) || !/^\d+$/.test(parentId) || (order !== '' && !/^\d+$/.test(order))) {
      throw invalid('job.invalid_file', `line ${line}: 部门ID, 父部门ID and 排序 must be numbers`);
    }
    let name: string;
    try {
      name = validateDepartmentName(at(columns.name));
    } catch (error) {
      if (error instanceof DomainError) throw invalid(error.code, `line ${line}: ${error.message}`);
      throw error;
    }
    return {
      id: Number(id),
      parentId: Number(parentId),
      name,
      order: order === '' || order === '0' ? undefined : Number(order),
      line,
    };
  });
}

/** Checks the file describes one tree under the root, before anything is written (WeCom's 3020xx codes). */
function assertTree(rows: FileDepartment[]): Map<number, FileDepartment> {
  const byId = new Map<number, FileDepartment>();
  for (const row of rows) {
    if (byId.has(row.id))
      throw new DomainError(
        'job.duplicate_department',
        'invalid',
        `department id ${row.id} appears twice (line ${row.line})`,
      );
    byId.set(row.id, row);
  }
  const names = new Set<string>();
  for (const row of rows) {
    if (row.id !== ROOT_DEPARTMENT_ID && row.parentId !== ROOT_DEPARTMENT_ID && !byId.has(row.parentId)) {
      throw new DomainError('job.not_a_tree', 'invalid', `line ${row.line}: parent ${row.parentId} is not in the file`);
    }
    const key = `${row.parentId}/${row.name}`;
    if (names.has(key))
      throw new DomainError(
        'job.duplicate_sibling',
        'invalid',
        `line ${row.line}: two departments named "${row.name}" under ${row.parentId}`,
      );
    names.add(key);
    let depth = 1;
    for (let at = row; at.id !== ROOT_DEPARTMENT_ID && at.parentId !== ROOT_DEPARTMENT_ID; depth += 1) {
      const parent = byId.get(at.parentId) as FileDepartment;
      if (depth > MAX_DEPTH)
        throw new DomainError(
          'job.not_a_tree',
          'invalid',
          `line ${row.line}: the tree has a cycle or is deeper than ${MAX_DEPTH}`,
        );
      at = parent;
    }
  }
  return byId;
}

/** Replaces the department tree with the file's: creates, renames, moves; deletes departments left empty. */
export async function replaceDepartments(ctx: OrgContext, data: Buffer): Promise<{ rows: DepartmentImportRow[] }> {
  assertCanWriteDirectory(ctx.actor);
  if (managedRoot(ctx.actor) !== null)
    throw invalid('directory.no_privilege', 'only org-wide admins can replace the department tree');
  const file = readFile(data);
  const byId = assertTree(file);
  return ctx.db.transaction().execute(async (tx) => {
    const tree = await loadTree(tx, ctx.orgId);
    const rows: DepartmentImportRow[] = [];
    const events: OutboxEvent[] = [];
    const { doomed, kept } = await sortLeftovers(ctx, tx, tree, byId);
    const fileNames = new Set(file.map((d) => `${d.parentId}/${d.name}`));
    for (const id of kept) {
      const d = tree.byId.get(id) as Department;
      if (fileNames.has(`${d.parentId}/${d.name}`)) {
        throw new DomainError(
          'job.duplicate_sibling',
          'invalid',
          `department ${id} "${d.name}" is not in the file but still has members, and the file gives its name to another department under ${d.parentId}`,
        );
      }
    }
    // Names are unique among siblings at every moment, so free the names the file hands on before writing
    // it: delete the departments it leaves out first, and park every department it renames or moves
    // under a name no department may have (":" is refused in names) until all of them are written.
    for (const id of doomed) {
      await repo.remove(tx, ctx.orgId, id);
      events.push(DepartmentDeleted.of({ departmentId: id, parentId: tree.byId.get(id)?.parentId }));
    }
    for (const d of file) {
      const current = tree.byId.get(d.id);
      if (d.id !== ROOT_DEPARTMENT_ID && current && (current.name !== d.name || current.parentId !== d.parentId)) {
        await repo.update(tx, ctx.orgId, { ...current, name: `:${d.id}` });
      }
    }
    // Parents first, so every parent exists when its child is written.
    const ordered = [...file].sort((a, b) => depthOf(a, byId) - depthOf(b, byId));
    for (const d of ordered) {
      if (d.id === ROOT_DEPARTMENT_ID) continue;
      const current = tree.byId.get(d.id);
      const next = {
        id: d.id,
        parentId: d.parentId,
        name: d.name,
        nameEn: current?.nameEn ?? '',
        order: d.order ?? current?.order ?? 0,
      };
      if (!current) {
        await repo.insert(tx, ctx.orgId, next);
        rows.push({ partyId: d.id, action: ACTION.create });
        events.push(DepartmentCreated.of({ department: next }));
        continue;
      }
      const action =
        (current.name !== next.name ? ACTION.rename : 0) |
        (current.parentId !== next.parentId ? ACTION.move : 0) |
        (current.order !== next.order ? ACTION.reorder : 0);
      if (action !== 0) {
        await repo.update(tx, ctx.orgId, next);
        events.push(DepartmentUpdated.of({ department: next, previous: current }));
      }
      rows.push({ partyId: d.id, action });
    }
    for (const id of kept) {
      rows.push({
        partyId: id,
        action: 0,
        code: 'department.has_members',
        message: 'kept: it still has members or sub-departments',
      });
    }
    await recordEvents(tx, ctx.orgId, events);
    return { rows };
  });
}

/**
 * Splits the departments the file leaves out into those to delete and those kept because they (or a
 * sub-department that is also left out) still have members; deepest first, so children go before parents.
 */
async function sortLeftovers(ctx: OrgContext, tx: Queryable, tree: DepartmentTree, inFile: Map<number, unknown>) {
  const leftovers = [...tree.byId.keys()]
    .filter((id) => id !== ROOT_DEPARTMENT_ID && !inFile.has(id))
    .sort((a, b) => tree.depth(b) - tree.depth(a));
  const doomed: number[] = [];
  const kept = new Set<number>();
  for (const id of leftovers) {
    // A child the file lists moves under a parent in the file; a kept child keeps its parent.
    const keepsChild = tree.childrenOf(id).some((child) => kept.has(child));
    if (keepsChild || (await repo.countMembers(tx, ctx.orgId, id)) > 0) kept.add(id);
    else doomed.push(id);
  }
  return { doomed, kept: [...kept] };
}

function depthOf(d: FileDepartment, byId: Map<number, FileDepartment>): number {
  let depth = 0;
  for (let at: FileDepartment | undefined = d; at && depth <= MAX_DEPTH + 1; at = byId.get(at.parentId)) depth += 1;
  return depth;
}
