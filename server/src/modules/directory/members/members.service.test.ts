import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../../../platform/context.js';
import { listOrgEvents } from '../../../platform/outbox/outbox.js';
import { given } from '../../../testing/given.js';
import { createTestStore, type TestStore } from '../../../testing/test-store.js';
import { listMembers, searchMembers } from './members.read.js';
import { createMember, deleteMembers, getMember, setMemberEnabled, updateMember } from './members.service.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

const inDepartments = (...ids: number[]) => ids.map((id) => ({ id, order: 0, isLeader: false }));

async function payloadsOf(ctx: OrgContext, type: string) {
  return (await listOrgEvents(store.db, ctx.orgId, type)).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
}

async function storedRow(ctx: OrgContext, userId: string) {
  return store.db
    .selectFrom('members')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where('user_id_lower', '=', userId.toLowerCase())
    .executeTakeFirst();
}

describe('createMember', () => {
  it('lists a member in the root department by default and records a contact event', async () => {
    const { ctx } = await given.org(store.db);
    const m = await createMember(ctx, {
      userId: 'zhangsan',
      name: ' 张三 ',
      mobile: '13800000001',
      email: 'ZS@Test.Local',
    });
    expect(m).toMatchObject({
      userId: 'zhangsan',
      name: '张三',
      mobile: '13800000001',
      email: 'zs@test.local',
      status: 'invited',
      kind: 'staff',
      mainDepartmentId: 1,
      departments: [{ id: 1, order: 0, isLeader: false }],
    });
    expect(await storedRow(ctx, 'zhangsan')).toMatchObject({ name: '张三', email: 'zs@test.local' });
    expect(await payloadsOf(ctx, 'contact.member_created')).toMatchObject([
      { userId: 'zhangsan', member: { name: '张三', departments: [{ id: 1, isLeader: false }] } },
    ]);
  });

  it.each([
    ['a userid starting with a symbol', { userId: '-abc' }, 'member.invalid_userid', 'userid'],
    ['a userid with a space', { userId: 'a b' }, 'member.invalid_userid', 'userid'],
    ['a userid of 65 characters', { userId: 'a'.repeat(65) }, 'member.invalid_userid', 'userid'],
    ['an empty name', { name: '  ' }, 'member.invalid_name', 'name'],
    ['a name of 65 characters', { name: '名'.repeat(65) }, 'member.invalid_name', 'name'],
    ['a mobile that is not a number', { mobile: 'call me' }, 'member.invalid_mobile', 'mobile'],
    ['a malformed email', { email: 'not-an-email' }, 'member.invalid_email', 'email'],
    ['neither mobile nor email', { mobile: null, email: null }, 'member.contact_missing', 'mobile'],
    ['an unknown department', { departments: inDepartments(999) }, 'member.invalid_department', 'department'],
    [
      'more than 100 departments',
      { departments: inDepartments(...Array.from({ length: 101 }, (_, i) => i + 2)) },
      'member.too_many_departments',
      'department',
    ],
    [
      'a main department the member is not in',
      { departments: inDepartments(1), mainDepartmentId: 7 },
      'member.invalid_department',
      'main_department',
    ],
  ])('refuses %s and stores nothing', async (_, overrides, code, field) => {
    const { ctx } = await given.org(store.db);
    await expect(given.member(ctx, { userId: 'target', ...overrides })).rejects.toMatchObject({
      code,
      details: { field },
    });
    expect((await listMembers(ctx, { recursive: true })).total).toBe(0);
    expect(await listOrgEvents(store.db, ctx.orgId)).toHaveLength(0);
  });

  it('accepts exactly 100 departments', async () => {
    const { ctx } = await given.org(store.db);
    const ids: number[] = [];
    for (let i = 0; i < 100; i += 1) ids.push((await given.department(ctx, `D${i}`)).id);
    const m = await given.member(ctx, { departments: inDepartments(...ids) });
    expect(m.departments).toHaveLength(100);
  });

  it('treats userids as case-insensitive', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'ZhangSan' });
    await expect(given.member(ctx, { userId: 'zhangsan' })).rejects.toMatchObject({ code: 'member.userid_exists' });
    expect((await getMember(ctx, 'ZHANGSAN')).userId).toBe('ZhangSan');
  });

  it('refuses a mobile or email another member already uses', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { mobile: '13800000002', email: 'taken@test.local' });
    await expect(given.member(ctx, { mobile: '13800000002' })).rejects.toMatchObject({
      code: 'member.mobile_exists',
      details: { field: 'mobile' },
    });
    await expect(given.member(ctx, { email: 'TAKEN@test.local' })).rejects.toMatchObject({
      code: 'member.email_exists',
      details: { field: 'email' },
    });
    expect((await listMembers(ctx)).total).toBe(1);
  });

  it('lists an external contact without mobile or email, with the departments they may see', async () => {
    const { ctx } = await given.org(store.db);
    const sales = await given.department(ctx, 'Sales');
    const m = await createMember(ctx, {
      userId: 'supplier1',
      name: '供应商',
      kind: 'external',
      externalCorpName: '绿野农场',
      externalScope: [sales.id, sales.id],
    });
    expect(m).toMatchObject({ kind: 'external', externalCorpName: '绿野农场', externalScope: [sales.id] });
    expect(m.mobile).toBeNull();
    expect(await getMember(ctx, 'supplier1')).toMatchObject({ kind: 'external', externalScope: [sales.id] });
    await expect(
      createMember(ctx, { userId: 'supplier2', name: 'x', kind: 'external', externalScope: [999] }),
    ).rejects.toMatchObject({ code: 'member.invalid_department', details: { field: 'scope' } });
  });

  it('refuses an app without directory permission', async () => {
    const { ctx } = await given.org(store.db);
    const app = given.as(ctx, {
      kind: 'app',
      appId: 1,
      agentId: 1000002,
      canWriteDirectory: false,
      scope: { memberIds: [], departmentIds: [1], tagIds: [] },
    });
    await expect(given.member(app)).rejects.toMatchObject({ code: 'directory.no_privilege' });
  });
});

describe('updateMember', () => {
  it('changes only the fields given and records an update event', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'lisi', name: '李四', mobile: '13800000003', position: 'Engineer' });
    const m = await updateMember(ctx, 'lisi', { position: 'Lead', gender: 2 });
    expect(m).toMatchObject({ name: '李四', mobile: '13800000003', position: 'Lead', gender: 2 });
    expect(await storedRow(ctx, 'lisi')).toMatchObject({ position: 'Lead', gender: 2, mobile: '13800000003' });
    expect(await payloadsOf(ctx, 'contact.member_updated')).toMatchObject([
      { userId: 'lisi', changed: { position: 'Lead', gender: 2 }, departmentIds: [1], tagIds: [] },
    ]);
    expect(Object.keys((await payloadsOf(ctx, 'contact.member_updated'))[0]?.changed as object)).toEqual([
      'position',
      'gender',
    ]);
  });

  it('renames the userid and tells subscribers the previous one', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'old' });
    await given.member(ctx, { userId: 'Other' });
    await expect(updateMember(ctx, 'old', { newUserId: 'other' })).rejects.toMatchObject({
      code: 'member.userid_exists',
    });
    await expect(updateMember(ctx, 'old', { newUserId: 'bad id' })).rejects.toMatchObject({
      code: 'member.invalid_userid',
    });
    expect((await updateMember(ctx, 'old', { newUserId: 'new' })).userId).toBe('new');
    await expect(getMember(ctx, 'old')).rejects.toMatchObject({ code: 'member.not_found' });
    expect((await getMember(ctx, 'new')).userId).toBe('new');
    expect((await updateMember(ctx, 'new', { newUserId: 'NEW' })).userId).toBe('NEW');
    expect(await payloadsOf(ctx, 'contact.member_updated')).toMatchObject([
      { userId: 'new', previousUserId: 'old' },
      { userId: 'NEW', previousUserId: 'new' },
    ]);
  });

  it('keeps the main department while the member stays in it, and otherwise takes the first new one', async () => {
    const { ctx } = await given.org(store.db);
    const a = await given.department(ctx, 'A');
    const b = await given.department(ctx, 'B');
    const c = await given.department(ctx, 'C');
    await given.member(ctx, { userId: 'mover', departments: inDepartments(a.id, b.id), mainDepartmentId: b.id });
    const kept = await updateMember(ctx, 'mover', { departments: inDepartments(c.id, b.id) });
    expect(kept.mainDepartmentId).toBe(b.id);
    expect(kept.departments.map((d) => d.id)).toEqual([c.id, b.id]);
    const moved = await updateMember(ctx, 'mover', { departments: inDepartments(a.id, c.id) });
    expect(moved.mainDepartmentId).toBe(a.id);
    const chosen = await updateMember(ctx, 'mover', { departments: inDepartments(a.id, c.id), mainDepartmentId: c.id });
    expect(chosen.mainDepartmentId).toBe(c.id);
    await expect(updateMember(ctx, 'mover', { mainDepartmentId: b.id })).rejects.toMatchObject({
      code: 'member.invalid_department',
    });
    await expect(updateMember(ctx, 'mover', { departments: inDepartments(999) })).rejects.toMatchObject({
      code: 'member.invalid_department',
    });
    expect((await getMember(ctx, 'mover')).departments.map((d) => d.id)).toEqual([a.id, c.id]);
  });

  it("refuses another member's mobile or email but keeps the member's own", async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'one', mobile: '13800000004', email: 'one@test.local' });
    await given.member(ctx, { userId: 'two', mobile: '13800000005' });
    await expect(updateMember(ctx, 'two', { mobile: '13800000004' })).rejects.toMatchObject({
      code: 'member.mobile_exists',
    });
    await expect(updateMember(ctx, 'two', { email: 'One@test.local' })).rejects.toMatchObject({
      code: 'member.email_exists',
    });
    expect(await updateMember(ctx, 'one', { mobile: '13800000004', name: 'Uno' })).toMatchObject({ name: 'Uno' });
    expect((await getMember(ctx, 'two')).mobile).toBe('13800000005');
  });

  it('refuses to leave a staff member with neither mobile nor email', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'solo', mobile: null, email: 'solo@test.local' });
    await expect(updateMember(ctx, 'solo', { email: '' })).rejects.toMatchObject({ code: 'member.contact_missing' });
    expect((await getMember(ctx, 'solo')).email).toBe('solo@test.local');
  });

  it('says which member does not exist', async () => {
    const { ctx } = await given.org(store.db);
    await expect(updateMember(ctx, 'ghost', { name: 'x' })).rejects.toMatchObject({
      code: 'member.not_found',
      details: { userid: 'ghost' },
    });
  });
});

describe('setMemberEnabled', () => {
  it('disables a member and re-enables them as invited', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'wangwu' });
    expect((await setMemberEnabled(ctx, 'wangwu', false)).status).toBe('disabled');
    expect((await storedRow(ctx, 'wangwu'))?.status).toBe('disabled');
    expect((await setMemberEnabled(ctx, 'wangwu', true)).status).toBe('invited');
    expect((await getMember(ctx, 'wangwu')).status).toBe('invited');
    expect(await payloadsOf(ctx, 'contact.member_updated')).toHaveLength(2);
  });
});

describe('deleteMembers', () => {
  it('deletes every member given and records one event each', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'a' });
    await given.member(ctx, { userId: 'b' });
    await given.member(ctx, { userId: 'c' });
    await deleteMembers(ctx, ['a', 'B']);
    expect((await listMembers(ctx)).items.map((m) => m.userId)).toEqual(['c']);
    expect(await payloadsOf(ctx, 'contact.member_deleted')).toMatchObject([
      { userId: 'a', departmentIds: [1], tagIds: [] },
      { userId: 'b', departmentIds: [1], tagIds: [] },
    ]);
  });

  it('deletes nothing when one userid is unknown', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'a' });
    await given.member(ctx, { userId: 'b' });
    await expect(deleteMembers(ctx, ['a', 'nobody', 'b'])).rejects.toMatchObject({
      code: 'member.not_found',
      details: { userid: 'nobody' },
    });
    expect((await listMembers(ctx)).total).toBe(2);
    expect(await listOrgEvents(store.db, ctx.orgId, 'contact.member_deleted')).toHaveLength(0);
  });

  it('refuses an empty list and more than 200 userids', async () => {
    const { ctx } = await given.org(store.db);
    await expect(deleteMembers(ctx, [])).rejects.toMatchObject({ code: 'member.not_found' });
    const many = Array.from({ length: 201 }, (_, i) => `u${i}`);
    await expect(deleteMembers(ctx, many)).rejects.toMatchObject({ code: 'member.too_many' });
  });
});

describe('a department admin', () => {
  async function scoped() {
    const { ctx } = await given.org(store.db);
    const sales = await given.department(ctx, 'Sales');
    const east = await given.department(ctx, 'East', sales.id);
    const rnd = await given.department(ctx, 'R&D');
    await given.member(ctx, { userId: 'seller', name: 'Seller', departments: inDepartments(east.id) });
    await given.member(ctx, { userId: 'coder', name: 'Coder', departments: inDepartments(rnd.id) });
    const admin = given.as(ctx, { kind: 'admin', adminId: 0, role: 'department_admin', departmentId: sales.id });
    return { ctx, admin, sales, east, rnd };
  }

  it('sees and changes members of their subtree', async () => {
    const { admin, sales } = await scoped();
    expect((await getMember(admin, 'seller')).userId).toBe('seller');
    expect((await updateMember(admin, 'seller', { position: 'Rep' })).position).toBe('Rep');
    await given.member(admin, { userId: 'hire', departments: inDepartments(sales.id) });
    expect((await listMembers(admin, { recursive: true })).items.map((m) => m.userId).sort()).toEqual([
      'hire',
      'seller',
    ]);
  });

  it('cannot see, change or delete a member outside it', async () => {
    const { ctx, admin } = await scoped();
    await expect(getMember(admin, 'coder')).rejects.toMatchObject({ code: 'member.not_found' });
    await expect(updateMember(admin, 'coder', { name: 'x' })).rejects.toMatchObject({ code: 'member.not_found' });
    await expect(setMemberEnabled(admin, 'coder', false)).rejects.toMatchObject({ code: 'member.not_found' });
    await expect(deleteMembers(admin, ['seller', 'coder'])).rejects.toMatchObject({ code: 'member.not_found' });
    expect(await searchMembers(admin, 'coder')).toEqual([]);
    expect((await listMembers(ctx, { recursive: true })).total).toBe(2);
    expect((await getMember(ctx, 'coder')).name).toBe('Coder');
  });

  it('cannot place a member outside it', async () => {
    const { admin, rnd } = await scoped();
    await expect(given.member(admin, { departments: inDepartments(rnd.id) })).rejects.toMatchObject({
      code: 'directory.no_privilege',
    });
    await expect(given.member(admin)).rejects.toMatchObject({ code: 'directory.no_privilege' });
    await expect(updateMember(admin, 'seller', { departments: inDepartments(rnd.id) })).rejects.toMatchObject({
      code: 'directory.no_privilege',
    });
    await expect(listMembers(admin, { departmentId: rnd.id })).rejects.toMatchObject({
      code: 'directory.no_privilege',
    });
  });
});

describe('the org wall', () => {
  it("does not read, change, delete or find another org's member", async () => {
    const mine = await given.org(store.db);
    const theirs = await given.org(store.db);
    await given.member(theirs.ctx, { userId: 'secret', name: '秘密', mobile: '13800000006' });
    await expect(getMember(mine.ctx, 'secret')).rejects.toMatchObject({ code: 'member.not_found' });
    await expect(updateMember(mine.ctx, 'secret', { name: 'hijacked' })).rejects.toMatchObject({
      code: 'member.not_found',
    });
    await expect(setMemberEnabled(mine.ctx, 'secret', false)).rejects.toMatchObject({ code: 'member.not_found' });
    await expect(deleteMembers(mine.ctx, ['secret'])).rejects.toMatchObject({ code: 'member.not_found' });
    expect(await searchMembers(mine.ctx, 'secret')).toEqual([]);
    expect(await searchMembers(mine.ctx, '秘密')).toEqual([]);
    expect((await listMembers(mine.ctx, { recursive: true })).total).toBe(0);
    expect(await getMember(theirs.ctx, 'secret')).toMatchObject({ name: '秘密', status: 'invited' });
    expect(await listOrgEvents(store.db, mine.ctx.orgId)).toHaveLength(0);
  });

  it('lets two orgs use the same userid, mobile and email', async () => {
    const mine = await given.org(store.db);
    const theirs = await given.org(store.db);
    const same = { userId: 'same', mobile: '13800000007', email: 'same@test.local' };
    await given.member(mine.ctx, same);
    await given.member(theirs.ctx, same);
    await deleteMembers(mine.ctx, ['same']);
    expect((await getMember(theirs.ctx, 'same')).email).toBe('same@test.local');
  });
});
