import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../../../platform/context.js';
import { listOrgEvents } from '../../../platform/outbox/outbox.js';
import { given } from '../../../testing/given.js';
import { createTestStore, type TestStore } from '../../../testing/test-store.js';
import { deleteDepartment } from '../departments/departments.service.js';
import { deleteMembers } from '../members/members.service.js';
import { addToTag, createTag, deleteTag, getTag, listTags, removeFromTag, renameTag } from './tags.service.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

async function asApp(ctx: OrgContext, name = 'HR Sync') {
  const { app } = await given.app(ctx, { name });
  return given.as(ctx, {
    kind: 'app',
    appId: app.id,
    agentId: app.agentId,
    canWriteDirectory: false,
    scope: { memberIds: [], departmentIds: [1], tagIds: [] },
  });
}

async function eventTypes(ctx: OrgContext) {
  return (await listOrgEvents(store.db, ctx.orgId)).map((e) => e.type).filter((t) => t.startsWith('contact.tag'));
}

describe('creating, renaming and deleting tags', () => {
  it('numbers tags from 1, takes a chosen id, and records events', async () => {
    const { ctx } = await given.org(store.db);
    expect(await createTag(ctx, { name: ' 经理 ' })).toEqual({ id: 1, name: '经理', appId: null });
    expect(await createTag(ctx, { name: 'Chosen', id: 40 })).toMatchObject({ id: 40 });
    expect(await createTag(ctx, { name: 'Next' })).toMatchObject({ id: 41 });
    expect((await listTags(ctx)).map((t) => t.name)).toEqual(['经理', 'Chosen', 'Next']);
    expect(await eventTypes(ctx)).toEqual(['contact.tag_created', 'contact.tag_created', 'contact.tag_created']);
  });

  it('refuses a bad name or id, a name in use and an id in use', async () => {
    const { ctx } = await given.org(store.db);
    await createTag(ctx, { name: 'Taken', id: 5 });
    await expect(createTag(ctx, { name: ' ' })).rejects.toMatchObject({ code: 'tag.invalid_name' });
    await expect(createTag(ctx, { name: 'x'.repeat(33) })).rejects.toMatchObject({ code: 'tag.invalid_name' });
    await expect(createTag(ctx, { name: 'x', id: 0 })).rejects.toMatchObject({ code: 'tag.invalid_id' });
    await expect(createTag(ctx, { name: 'Taken' })).rejects.toMatchObject({ code: 'tag.name_exists' });
    await expect(createTag(ctx, { name: 'Other', id: 5 })).rejects.toMatchObject({ code: 'tag.invalid_id' });
    expect(await listTags(ctx)).toHaveLength(1);
  });

  it('renames a tag, but not to a name another tag has', async () => {
    const { ctx } = await given.org(store.db);
    const a = await createTag(ctx, { name: 'A' });
    await createTag(ctx, { name: 'B' });
    await expect(renameTag(ctx, a.id, 'B')).rejects.toMatchObject({ code: 'tag.name_exists' });
    expect(await renameTag(ctx, a.id, 'A')).toMatchObject({ name: 'A' });
    expect(await renameTag(ctx, a.id, 'A2')).toMatchObject({ id: a.id, name: 'A2' });
    expect((await getTag(ctx, a.id)).tag.name).toBe('A2');
    await expect(renameTag(ctx, 99, 'x')).rejects.toMatchObject({ code: 'tag.not_found' });
  });

  it('deletes a tag with its memberships and records the event', async () => {
    const { ctx } = await given.org(store.db);
    const tag = await createTag(ctx, { name: 'Gone' });
    const m = await given.member(ctx);
    await addToTag(ctx, tag.id, { userIds: [m.userId], departmentIds: [1] });
    await deleteTag(ctx, tag.id);
    await expect(getTag(ctx, tag.id)).rejects.toMatchObject({ code: 'tag.not_found' });
    expect(await store.db.selectFrom('tag_members').selectAll().where('org_id', '=', ctx.orgId).execute()).toEqual([]);
    expect(await store.db.selectFrom('tag_departments').selectAll().where('org_id', '=', ctx.orgId).execute()).toEqual(
      [],
    );
    expect((await eventTypes(ctx)).at(-1)).toBe('contact.tag_deleted');
    await expect(deleteTag(ctx, tag.id)).rejects.toMatchObject({ code: 'tag.not_found' });
  });
});

describe('tag members', () => {
  it('adds members and departments, reporting the unknown ones and applying the rest', async () => {
    const { ctx } = await given.org(store.db);
    const tag = await createTag(ctx, { name: 'T' });
    const dept = await given.department(ctx, 'Team');
    await given.member(ctx, { userId: 'Alice', name: 'Alice' });
    await given.member(ctx, { userId: 'bob', name: 'Bob' });
    const result = await addToTag(ctx, tag.id, {
      userIds: ['alice', 'ghost', 'bob'],
      departmentIds: [dept.id, 999],
    });
    expect(result).toEqual({ invalidUserIds: ['ghost'], invalidDepartmentIds: [999] });
    expect(await getTag(ctx, tag.id)).toEqual({
      tag,
      members: [
        { userId: 'Alice', name: 'Alice' },
        { userId: 'bob', name: 'Bob' },
      ],
      departmentIds: [dept.id],
    });
    expect(await eventTypes(ctx)).toContain('contact.tag_members_added');
  });

  it('adds a member or department named twice, or already tagged, only once', async () => {
    const { ctx } = await given.org(store.db);
    const tag = await createTag(ctx, { name: 'T' });
    const m = await given.member(ctx, { userId: 'twice' });
    await addToTag(ctx, tag.id, { userIds: ['twice', 'TWICE'], departmentIds: [1, 1] });
    await addToTag(ctx, tag.id, { userIds: [m.userId], departmentIds: [1] });
    const { members, departmentIds } = await getTag(ctx, tag.id);
    expect(members).toHaveLength(1);
    expect(departmentIds).toEqual([1]);
  });

  it('refuses when nothing given exists, and changes nothing', async () => {
    const { ctx } = await given.org(store.db);
    const tag = await createTag(ctx, { name: 'T' });
    await expect(addToTag(ctx, tag.id, { userIds: ['ghost'], departmentIds: [999] })).rejects.toMatchObject({
      code: 'tag.all_invalid_add',
      details: { invalidUserIds: ['ghost'], invalidDepartmentIds: [999] },
    });
    await expect(removeFromTag(ctx, tag.id, { userIds: ['ghost'], departmentIds: [] })).rejects.toMatchObject({
      code: 'tag.all_invalid_remove',
    });
    await expect(addToTag(ctx, tag.id, { userIds: [], departmentIds: [] })).rejects.toMatchObject({
      code: 'tag.list_missing',
    });
    expect(await getTag(ctx, tag.id)).toMatchObject({ members: [], departmentIds: [] });
    expect(await eventTypes(ctx)).toEqual(['contact.tag_created']);
  });

  it('refuses more than 1000 userids or 100 departments in one call', async () => {
    const { ctx } = await given.org(store.db);
    const tag = await createTag(ctx, { name: 'T' });
    const userIds = Array.from({ length: 1001 }, (_, i) => `u${i}`);
    await expect(addToTag(ctx, tag.id, { userIds, departmentIds: [] })).rejects.toMatchObject({ code: 'tag.too_many' });
    const departmentIds = Array.from({ length: 101 }, (_, i) => i + 1);
    await expect(addToTag(ctx, tag.id, { userIds: [], departmentIds })).rejects.toMatchObject({
      code: 'tag.too_many',
    });
  });

  it('removes members and departments, reporting the unknown ones', async () => {
    const { ctx } = await given.org(store.db);
    const tag = await createTag(ctx, { name: 'T' });
    const dept = await given.department(ctx, 'Team');
    await given.member(ctx, { userId: 'stay' });
    await given.member(ctx, { userId: 'leave' });
    await addToTag(ctx, tag.id, { userIds: ['stay', 'leave'], departmentIds: [1, dept.id] });
    const result = await removeFromTag(ctx, tag.id, { userIds: ['LEAVE', 'ghost'], departmentIds: [dept.id, 777] });
    expect(result).toEqual({ invalidUserIds: ['ghost'], invalidDepartmentIds: [777] });
    const after = await getTag(ctx, tag.id);
    expect(after.members.map((m) => m.userId)).toEqual(['stay']);
    expect(after.departmentIds).toEqual([1]);
  });

  it('forgets a member who is deleted and a department that is deleted', async () => {
    const { ctx } = await given.org(store.db);
    const tag = await createTag(ctx, { name: 'T' });
    const dept = await given.department(ctx, 'Temp');
    await given.member(ctx, { userId: 'leaver' });
    await addToTag(ctx, tag.id, { userIds: ['leaver'], departmentIds: [dept.id] });
    await deleteMembers(ctx, ['leaver']);
    await deleteDepartment(ctx, dept.id);
    expect(await getTag(ctx, tag.id)).toMatchObject({ members: [], departmentIds: [] });
  });
});

describe('who may change a tag', () => {
  it('lets an app change its own tags but not those of another app or of an admin', async () => {
    const { ctx } = await given.org(store.db);
    const hr = await asApp(ctx, 'HR');
    const crm = await asApp(ctx, 'CRM');
    await given.member(ctx, { userId: 'someone' });
    const own = await createTag(hr, { name: 'HR tag' });
    const admins = await createTag(ctx, { name: 'Admin tag' });
    expect(own.appId).toBe(hr.actor.kind === 'app' ? hr.actor.appId : -1);
    expect(await renameTag(hr, own.id, 'HR tag 2')).toMatchObject({ name: 'HR tag 2' });
    expect(await addToTag(hr, own.id, { userIds: ['someone'], departmentIds: [] })).toEqual({
      invalidUserIds: [],
      invalidDepartmentIds: [],
    });
    const change = { userIds: ['someone'], departmentIds: [] };
    for (const tag of [own, admins]) {
      const app = tag === own ? crm : hr;
      await expect(renameTag(app, tag.id, 'mine now')).rejects.toMatchObject({ code: 'tag.not_owner' });
      await expect(addToTag(app, tag.id, change)).rejects.toMatchObject({ code: 'tag.not_owner' });
      await expect(removeFromTag(app, tag.id, change)).rejects.toMatchObject({ code: 'tag.not_owner' });
      await expect(deleteTag(app, tag.id)).rejects.toMatchObject({ code: 'tag.not_owner' });
    }
    expect((await getTag(crm, own.id)).members.map((m) => m.userId)).toEqual(['someone']);
    expect((await listTags(ctx)).map((t) => t.name)).toEqual(['HR tag 2', 'Admin tag']);
    await deleteTag(hr, own.id);
    expect((await listTags(ctx)).map((t) => t.name)).toEqual(['Admin tag']);
  });

  it('lets an org admin change an app’s tag', async () => {
    const { ctx } = await given.org(store.db);
    const tag = await createTag(await asApp(ctx), { name: 'App tag' });
    expect(await renameTag(ctx, tag.id, 'Renamed')).toMatchObject({ name: 'Renamed', appId: tag.appId });
  });

  it('keeps department admins away from tags', async () => {
    const { ctx } = await given.org(store.db);
    const sales = await given.department(ctx, 'Sales');
    const admin = given.as(ctx, { kind: 'admin', adminId: 0, role: 'department_admin', departmentId: sales.id });
    const tag = await createTag(ctx, { name: 'T' });
    await expect(createTag(admin, { name: 'x' })).rejects.toMatchObject({ code: 'directory.no_privilege' });
    await expect(renameTag(admin, tag.id, 'x')).rejects.toMatchObject({ code: 'directory.no_privilege' });
    await expect(deleteTag(admin, tag.id)).rejects.toMatchObject({ code: 'directory.no_privilege' });
  });
});

describe('the org wall', () => {
  it("does not read or change another org's tag, nor tag another org's member", async () => {
    const mine = await given.org(store.db);
    const theirs = await given.org(store.db);
    const secret = await createTag(theirs.ctx, { name: 'Secret', id: 7 });
    await given.member(theirs.ctx, { userId: 'outsider' });
    await given.member(mine.ctx, { userId: 'insider' });
    const change = { userIds: ['insider'], departmentIds: [] };
    await expect(getTag(mine.ctx, secret.id)).rejects.toMatchObject({ code: 'tag.not_found' });
    await expect(renameTag(mine.ctx, secret.id, 'hijacked')).rejects.toMatchObject({ code: 'tag.not_found' });
    await expect(addToTag(mine.ctx, secret.id, change)).rejects.toMatchObject({ code: 'tag.not_found' });
    await expect(removeFromTag(mine.ctx, secret.id, change)).rejects.toMatchObject({ code: 'tag.not_found' });
    await expect(deleteTag(mine.ctx, secret.id)).rejects.toMatchObject({ code: 'tag.not_found' });
    expect(await listTags(mine.ctx)).toEqual([]);

    const own = await createTag(mine.ctx, { name: 'Secret', id: 7 });
    await expect(addToTag(mine.ctx, own.id, { userIds: ['outsider'], departmentIds: [] })).rejects.toMatchObject({
      code: 'tag.all_invalid_add',
    });
    expect(await addToTag(mine.ctx, own.id, { userIds: ['insider', 'outsider'], departmentIds: [] })).toEqual({
      invalidUserIds: ['outsider'],
      invalidDepartmentIds: [],
    });
    expect(await getTag(theirs.ctx, secret.id)).toEqual({ tag: secret, members: [], departmentIds: [] });
    expect((await getTag(mine.ctx, own.id)).members.map((m) => m.userId)).toEqual(['insider']);
  });
});
