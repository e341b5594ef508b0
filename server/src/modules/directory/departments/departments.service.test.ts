import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../../testing/given.js';
import { createTestStore, type TestStore } from '../../../testing/test-store.js';
import { listOrgEvents } from '../../../platform/outbox/outbox.js';
import {
  createDepartment,
  deleteDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
} from './departments.service.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

describe('departments', () => {
  it('creates a department under the root and records a contact event', async () => {
    const { ctx } = await given.org(store.db);
    const d = await createDepartment(ctx, { name: '研发部', parentId: 1, order: 5 });
    expect(d).toMatchObject({ id: 2, parentId: 1, name: '研发部', order: 5 });
    const events = await listOrgEvents(store.db, ctx.orgId, 'contact.department_created');
    expect(events).toHaveLength(1);
  });

  it('takes a chosen id and refuses one already used', async () => {
    const { ctx } = await given.org(store.db);
    await createDepartment(ctx, { name: 'A', parentId: 1, id: 100 });
    await expect(createDepartment(ctx, { name: 'B', parentId: 1, id: 100 })).rejects.toMatchObject({
      code: 'department.exists',
    });
  });

  it('refuses a bad name, an unknown parent and a duplicate sibling name', async () => {
    const { ctx } = await given.org(store.db);
    await expect(createDepartment(ctx, { name: 'a:b', parentId: 1 })).rejects.toMatchObject({
      code: 'department.name_characters',
    });
    await expect(createDepartment(ctx, { name: ' ', parentId: 1 })).rejects.toMatchObject({
      code: 'department.invalid_name',
    });
    await expect(createDepartment(ctx, { name: 'x', parentId: 99 })).rejects.toMatchObject({
      code: 'department.parent_not_found',
    });
    await createDepartment(ctx, { name: 'Same', parentId: 1 });
    await expect(createDepartment(ctx, { name: 'Same', parentId: 1 })).rejects.toMatchObject({
      code: 'department.exists',
    });
  });

  it('allows 15 levels and refuses the 16th', async () => {
    const { ctx } = await given.org(store.db);
    let parentId = 1;
    for (let level = 2; level <= 15; level += 1)
      parentId = (await createDepartment(ctx, { name: `L${level}`, parentId })).id;
    await expect(createDepartment(ctx, { name: 'L16', parentId })).rejects.toMatchObject({
      code: 'department.too_deep',
    });
  });

  it('moves a department but never under itself', async () => {
    const { ctx } = await given.org(store.db);
    const a = await createDepartment(ctx, { name: 'A', parentId: 1 });
    const b = await createDepartment(ctx, { name: 'B', parentId: a.id });
    await expect(updateDepartment(ctx, { id: a.id, parentId: b.id })).rejects.toMatchObject({
      code: 'department.cycle',
    });
    const moved = await updateDepartment(ctx, { id: b.id, parentId: 1, name: 'B2' });
    expect(moved).toMatchObject({ parentId: 1, name: 'B2' });
    expect((await getDepartment(ctx, b.id)).parentId).toBe(1);
  });

  it('refuses to delete the root, a department with sub-departments or with members, and says why', async () => {
    const { ctx } = await given.org(store.db);
    const a = await createDepartment(ctx, { name: 'A', parentId: 1 });
    const child = await createDepartment(ctx, { name: 'child', parentId: a.id });
    await expect(deleteDepartment(ctx, 1)).rejects.toMatchObject({ code: 'department.is_root' });
    await expect(deleteDepartment(ctx, a.id)).rejects.toMatchObject({ code: 'department.has_children' });
    await given.member(ctx, { departments: [{ id: child.id, order: 0, isLeader: false }] });
    await expect(deleteDepartment(ctx, child.id)).rejects.toMatchObject({
      code: 'department.has_members',
      message: expect.stringContaining('1 member'),
    });
    expect((await listDepartments(ctx)).map((d) => d.id)).toContain(child.id);
  });

  it('limits a department admin to their subtree', async () => {
    const { ctx } = await given.org(store.db);
    const sales = await createDepartment(ctx, { name: 'Sales', parentId: 1 });
    const rnd = await createDepartment(ctx, { name: 'R&D', parentId: 1 });
    const scoped = given.as(ctx, { kind: 'admin', adminId: 0, role: 'department_admin', departmentId: sales.id });
    expect((await listDepartments(scoped)).map((d) => d.id)).toEqual([sales.id]);
    await expect(createDepartment(scoped, { name: 'x', parentId: rnd.id })).rejects.toMatchObject({
      code: 'directory.no_privilege',
    });
    await expect(deleteDepartment(scoped, sales.id)).rejects.toMatchObject({ code: 'directory.no_privilege' });
    const east = await createDepartment(scoped, { name: 'East', parentId: sales.id });
    expect(east.parentId).toBe(sales.id);
  });

  it('refuses an app without directory permission', async () => {
    const { ctx } = await given.org(store.db);
    const readOnly = given.as(ctx, {
      kind: 'app',
      appId: 1,
      agentId: 1000002,
      canWriteDirectory: false,
      scope: { memberIds: [], departmentIds: [1], tagIds: [] },
    });
    await expect(createDepartment(readOnly, { name: 'x', parentId: 1 })).rejects.toMatchObject({
      code: 'directory.no_privilege',
    });
  });

  it("does not read or change another org's departments", async () => {
    const mine = await given.org(store.db);
    const theirs = await given.org(store.db);
    const secret = await createDepartment(theirs.ctx, { name: 'Theirs', parentId: 1, id: 500 });
    await expect(getDepartment(mine.ctx, secret.id)).rejects.toMatchObject({ code: 'department.not_found' });
    await expect(updateDepartment(mine.ctx, { id: secret.id, name: 'hijacked' })).rejects.toMatchObject({
      code: 'department.not_found',
    });
    await expect(deleteDepartment(mine.ctx, secret.id)).rejects.toMatchObject({ code: 'department.not_found' });
    expect((await listDepartments(mine.ctx)).map((d) => d.name)).not.toContain('Theirs');
    expect((await getDepartment(theirs.ctx, secret.id)).name).toBe('Theirs');
  });
});
