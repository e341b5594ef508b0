import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../../../platform/context.js';
import { listOrgEvents } from '../../../platform/outbox/outbox.js';
import { given } from '../../../testing/given.js';
import { createTestStore, type TestStore } from '../../../testing/test-store.js';
import { createDepartment, listDepartments } from '../departments/departments.service.js';
import { replaceDepartments } from './department-import.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

const file = (...rows: string[]) => Buffer.from(`部门名称,部门ID,父部门ID,排序\n${rows.join('\n')}\n`);
const treeOf = async (ctx: OrgContext) =>
  (await listDepartments(ctx)).map((d) => [d.id, d.parentId, d.name]).sort((a, b) => Number(a[0]) - Number(b[0]));
const eventCount = async (ctx: OrgContext) => (await listOrgEvents(store.db, ctx.orgId)).length;

describe('replaceDepartments', () => {
  it('creates the departments of the file, parents before children, whatever the order of lines', async () => {
    const { ctx } = await given.org(store.db, 'Acme');
    const result = await replaceDepartments(ctx, file('前端组,3,2,0', '研发部,2,1,10', '市场部,4,1,0', 'Acme,1,0,0'));
    expect(result.rows.sort((a, b) => a.partyId - b.partyId)).toEqual([
      { partyId: 2, action: 1 },
      { partyId: 3, action: 1 },
      { partyId: 4, action: 1 },
    ]);
    expect(await treeOf(ctx)).toEqual([
      [1, 0, 'Acme'],
      [2, 1, '研发部'],
      [3, 2, '前端组'],
      [4, 1, '市场部'],
    ]);
    expect((await listDepartments(ctx)).find((d) => d.id === 2)?.order).toBe(10);
    expect(await listOrgEvents(store.db, ctx.orgId, 'contact.department_created')).toHaveLength(3);
  });

  it('renames, moves and reorders existing departments, saying which', async () => {
    const { ctx } = await given.org(store.db);
    await createDepartment(ctx, { id: 2, name: '研发部', parentId: 1 });
    await createDepartment(ctx, { id: 3, name: '前端组', parentId: 2 });
    await createDepartment(ctx, { id: 4, name: '市场部', parentId: 1, order: 1 });
    const result = await replaceDepartments(ctx, file('研发中心,2,1,0', '前端组,3,1,0', '市场部,4,1,9'));
    expect(Object.fromEntries(result.rows.map((r) => [r.partyId, r.action]))).toEqual({ 2: 2, 3: 4, 4: 8 });
    expect(await treeOf(ctx)).toEqual([
      [1, 0, expect.any(String)],
      [2, 1, '研发中心'],
      [3, 1, '前端组'],
      [4, 1, '市场部'],
    ]);
    expect(await listOrgEvents(store.db, ctx.orgId, 'contact.department_updated')).toHaveLength(3);
  });

  it('changes nothing and records nothing when the file matches the tree', async () => {
    const { ctx } = await given.org(store.db);
    const data = file('研发部,2,1,0', '前端组,3,2,0');
    await replaceDepartments(ctx, data);
    const events = await eventCount(ctx);
    const again = await replaceDepartments(ctx, data);
    expect(again.rows.map((r) => r.action)).toEqual([0, 0]);
    expect(await eventCount(ctx)).toBe(events);
  });

  it('deletes departments the file leaves out, but keeps those that still hold members', async () => {
    const { ctx } = await given.org(store.db);
    const empty = await createDepartment(ctx, { id: 5, name: 'Empty', parentId: 1 });
    await createDepartment(ctx, { id: 6, name: 'EmptyChild', parentId: empty.id });
    const staffed = await createDepartment(ctx, { id: 7, name: 'Staffed', parentId: 1 });
    const staffedChild = await createDepartment(ctx, { id: 8, name: 'StaffedChild', parentId: staffed.id });
    await given.member(ctx, { departments: [{ id: staffedChild.id, order: 0, isLeader: false }] });
    const result = await replaceDepartments(ctx, file('研发部,2,1,0'));
    expect(await treeOf(ctx)).toEqual([
      [1, 0, expect.any(String)],
      [2, 1, '研发部'],
      [7, 1, 'Staffed'],
      [8, 7, 'StaffedChild'],
    ]);
    const kept = result.rows.filter((r) => r.code).map((r) => [r.partyId, r.code]);
    expect(kept.sort()).toEqual([
      [7, 'department.has_members'],
      [8, 'department.has_members'],
    ]);
    const deleted = await listOrgEvents(store.db, ctx.orgId, 'contact.department_deleted');
    expect(deleted.map((e) => JSON.parse(e.payload).departmentId)).toEqual([6, 5]);
  });

  it('moves a department out from under one it deletes', async () => {
    const { ctx } = await given.org(store.db);
    await createDepartment(ctx, { id: 2, name: 'Old', parentId: 1 });
    await createDepartment(ctx, { id: 3, name: 'Team', parentId: 2 });
    await replaceDepartments(ctx, file('Team,3,1,0'));
    expect(await treeOf(ctx)).toEqual([
      [1, 0, expect.any(String)],
      [3, 1, 'Team'],
    ]);
  });

  it('gives a name to a new id when the department that had it is left out', async () => {
    const { ctx } = await given.org(store.db);
    await createDepartment(ctx, { id: 2, name: 'Sales', parentId: 1 });
    await createDepartment(ctx, { id: 3, name: 'Ops', parentId: 1 });
    await replaceDepartments(ctx, file('Sales,20,1,0', 'Ops2,3,1,0'));
    expect(await treeOf(ctx)).toEqual([
      [1, 0, expect.any(String)],
      [3, 1, 'Ops2'],
      [20, 1, 'Sales'],
    ]);
  });

  it('swaps the names of two departments', async () => {
    const { ctx } = await given.org(store.db);
    await createDepartment(ctx, { id: 2, name: 'A', parentId: 1 });
    await createDepartment(ctx, { id: 3, name: 'B', parentId: 1 });
    await replaceDepartments(ctx, file('B,2,1,0', 'A,3,1,0'));
    expect(await treeOf(ctx)).toEqual([
      [1, 0, expect.any(String)],
      [2, 1, 'B'],
      [3, 1, 'A'],
    ]);
  });

  it.each([
    ['an id that appears twice', file('A,2,1,0', 'B,2,1,0'), 'job.duplicate_department'],
    ['a parent that is not in the file', file('A,2,1,0', 'B,3,9,0'), 'job.not_a_tree'],
    ['a cycle', file('A,2,3,0', 'B,3,2,0'), 'job.not_a_tree'],
    ['two siblings with one name', file('A,2,1,0', 'A,3,1,0'), 'job.duplicate_sibling'],
    ['an id that is not a number', file('A,x,1,0'), 'job.invalid_file'],
    ['an empty name', file(',2,1,0'), 'department.invalid_name'],
    ['a name with a colon', file('a:b,2,1,0'), 'department.name_characters'],
    ['a name the members still hold', file('Existing,2,1,0'), 'job.duplicate_sibling'],
  ])('refuses a file with %s and changes nothing', async (_, data, code) => {
    const { ctx } = await given.org(store.db);
    const existing = await createDepartment(ctx, { id: 5, name: 'Existing', parentId: 1 });
    await given.member(ctx, { departments: [{ id: existing.id, order: 0, isLeader: false }] });
    const before = await treeOf(ctx);
    const events = await eventCount(ctx);
    await expect(replaceDepartments(ctx, data)).rejects.toMatchObject({ code });
    expect(await treeOf(ctx)).toEqual(before);
    expect(await eventCount(ctx)).toBe(events);
  });

  it('refuses a file without the id columns', async () => {
    const { ctx } = await given.org(store.db);
    await expect(replaceDepartments(ctx, Buffer.from('部门名称\nA\n'))).rejects.toMatchObject({
      code: 'job.invalid_file',
    });
  });

  it('is for org-wide admins only', async () => {
    const { ctx } = await given.org(store.db);
    const sales = await createDepartment(ctx, { name: 'Sales', parentId: 1 });
    const admin = given.as(ctx, { kind: 'admin', adminId: 0, role: 'department_admin', departmentId: sales.id });
    await expect(replaceDepartments(admin, file('A,20,1,0'))).rejects.toMatchObject({ code: 'directory.no_privilege' });
    const app = given.as(ctx, {
      kind: 'app',
      appId: 1,
      agentId: 1000002,
      canWriteDirectory: false,
      scope: { memberIds: [], departmentIds: [1], tagIds: [] },
    });
    await expect(replaceDepartments(app, file('A,20,1,0'))).rejects.toMatchObject({ code: 'directory.no_privilege' });
  });

  it("leaves another org's departments alone", async () => {
    const mine = await given.org(store.db);
    const theirs = await given.org(store.db);
    await createDepartment(theirs.ctx, { id: 2, name: 'Theirs', parentId: 1 });
    await createDepartment(theirs.ctx, { id: 3, name: 'Kept', parentId: 1 });
    await replaceDepartments(mine.ctx, file('Mine,2,1,0'));
    expect((await treeOf(theirs.ctx)).map((d) => d[2])).toEqual([expect.any(String), 'Theirs', 'Kept']);
    expect((await treeOf(mine.ctx)).map((d) => d[2])).toEqual([expect.any(String), 'Mine']);
  });
});
