import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../../../platform/context.js';
import { given } from '../../../testing/given.js';
import { createTestStore, type TestStore } from '../../../testing/test-store.js';
import { findMemberBy, listMemberIds, listMembers, searchMembers } from './members.read.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

const inDepartments = (...ids: number[]) => ids.map((id) => ({ id, order: 0, isLeader: false }));
const userIdsOf = (members: { userId: string }[]) => members.map((m) => m.userId).sort();

describe('searchMembers', () => {
  let ctx: OrgContext;
  beforeAll(async () => {
    ({ ctx } = await given.org(store.db));
    await given.member(ctx, { userId: 'zhangsan', name: '张三', mobile: '13812345678', email: 'zs@corp.local' });
    await given.member(ctx, { userId: 'lisi', name: '李四', mobile: '13998765432', email: 'four@corp.local' });
    await given.member(ctx, { userId: 'Wang.Xiaoming', name: '王小明', alias: 'Tommy', email: 'xm@corp.local' });
  });

  it.each([
    ['full pinyin', 'zhangsan', ['zhangsan']],
    ['full pinyin typed with spaces and capitals', ' Zhang San ', ['zhangsan']],
    ['a pinyin prefix', 'zhan', ['zhangsan']],
    ['initials', 'zs', ['zhangsan']],
    ['initials of a three-character name', 'wxm', ['Wang.Xiaoming']],
    ['the given name in pinyin', 'xiaoming', ['Wang.Xiaoming']],
    ['the given name in characters', '小明', ['Wang.Xiaoming']],
    ['a Chinese name prefix', '李', ['lisi']],
    ['the whole Chinese name', '张三', ['zhangsan']],
    ['a mobile prefix', '1399876', ['lisi']],
    ['an email prefix', 'four@', ['lisi']],
    ['a userid prefix, case-insensitively', 'WANG.X', ['Wang.Xiaoming']],
    ['an alias', 'tom', ['Wang.Xiaoming']],
  ])('finds a member by %s', async (_, query, expected) => {
    expect(userIdsOf(await searchMembers(ctx, query))).toEqual(expected);
  });

  it('finds nothing for an empty query or one nobody matches', async () => {
    expect(await searchMembers(ctx, '   ')).toEqual([]);
    expect(await searchMembers(ctx, 'zzz')).toEqual([]);
    expect(await searchMembers(ctx, '赵')).toEqual([]);
  });

  it('returns each member once even when several of their terms match', async () => {
    // "l" starts lisi's userid, pinyin and initials.
    expect(userIdsOf(await searchMembers(ctx, 'l'))).toEqual(['lisi']);
  });

  it('returns whole members with their departments', async () => {
    const [found] = await searchMembers(ctx, 'zs');
    expect(found).toMatchObject({ userId: 'zhangsan', name: '张三', departments: [{ id: 1 }] });
  });
});

describe('searchMembers limit', () => {
  it('returns at most the limit asked for, and at most 100', async () => {
    const { ctx } = await given.org(store.db);
    for (let i = 0; i < 5; i += 1) await given.member(ctx, { userId: `chen${i}`, name: `陈${i}` });
    expect(await searchMembers(ctx, 'chen')).toHaveLength(5);
    expect(await searchMembers(ctx, 'chen', 2)).toHaveLength(2);
    expect(await searchMembers(ctx, 'chen', 0)).toHaveLength(1);
  });
});

describe('listMembers', () => {
  it('pages through a department with a total', async () => {
    const { ctx } = await given.org(store.db);
    const team = await given.department(ctx, 'Team');
    for (let i = 1; i <= 5; i += 1) await given.member(ctx, { userId: `m${i}`, departments: inDepartments(team.id) });
    await given.member(ctx, { userId: 'elsewhere' });
    const seen: string[] = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const page = await listMembers(ctx, { departmentId: team.id, limit: 2, offset });
      expect(page.total).toBe(5);
      expect(page.items.length).toBe(offset < 4 ? 2 : 1);
      seen.push(...page.items.map((m) => m.userId));
    }
    expect(seen.sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(await listMembers(ctx, { departmentId: team.id, offset: 10 })).toEqual({ items: [], total: 5 });
  });

  it('orders members by name', async () => {
    const { ctx } = await given.org(store.db);
    for (const name of ['Carol', 'Alice', 'Bob']) await given.member(ctx, { name });
    expect((await listMembers(ctx)).items.map((m) => m.name)).toEqual(['Alice', 'Bob', 'Carol']);
  });

  it('includes sub-departments only when recursive, counting each member once', async () => {
    const { ctx } = await given.org(store.db);
    const parent = await given.department(ctx, 'Parent');
    const child = await given.department(ctx, 'Child', parent.id);
    await given.member(ctx, { userId: 'top', departments: inDepartments(parent.id) });
    await given.member(ctx, { userId: 'below', departments: inDepartments(child.id) });
    await given.member(ctx, { userId: 'both', departments: inDepartments(parent.id, child.id) });
    await given.member(ctx, { userId: 'root' });
    expect(userIdsOf((await listMembers(ctx, { departmentId: parent.id })).items)).toEqual(['both', 'top']);
    const recursive = await listMembers(ctx, { departmentId: parent.id, recursive: true });
    expect(userIdsOf(recursive.items)).toEqual(['below', 'both', 'top']);
    expect(recursive.total).toBe(3);
    expect((await listMembers(ctx, { recursive: true })).total).toBe(4);
  });

  it('refuses an unknown department', async () => {
    const { ctx } = await given.org(store.db);
    await expect(listMembers(ctx, { departmentId: 404 })).rejects.toMatchObject({ code: 'department.not_found' });
  });
});

describe('listMemberIds', () => {
  it('pages with a cursor and covers every member exactly once', async () => {
    const { ctx } = await given.org(store.db);
    const team = await given.department(ctx, 'Team');
    const expected: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const m = await given.member(ctx, { departments: inDepartments(...(i === 0 ? [1, team.id] : [team.id])) });
      expected.push(m.userId);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listMemberIds(ctx, { cursor, limit: 3 });
      seen.push(...page.rows.map((r) => r.userId));
      cursor = page.nextCursor || undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
    const first = await listMemberIds(ctx, { limit: 1 });
    expect(first.rows[0]).toMatchObject({ userId: expected[0], departmentIds: [1, team.id] });
  });

  it('ends with an empty cursor on an exact final page', async () => {
    const { ctx } = await given.org(store.db);
    for (let i = 0; i < 4; i += 1) await given.member(ctx);
    const first = await listMemberIds(ctx, { limit: 2 });
    const second = await listMemberIds(ctx, { cursor: first.nextCursor, limit: 2 });
    const third = await listMemberIds(ctx, { cursor: second.nextCursor, limit: 2 });
    expect([first.rows.length, second.rows.length, third.rows.length]).toEqual([2, 2, 0]);
    expect(third.nextCursor).toBe('');
  });

  it('refuses a bad limit or cursor', async () => {
    const { ctx } = await given.org(store.db);
    await expect(listMemberIds(ctx, { limit: 0 })).rejects.toMatchObject({ code: 'member.invalid_limit' });
    await expect(listMemberIds(ctx, { limit: 10_001 })).rejects.toMatchObject({ code: 'member.invalid_limit' });
    const negative = Buffer.from('-5').toString('base64url');
    await expect(listMemberIds(ctx, { cursor: negative })).rejects.toMatchObject({ code: 'member.invalid_cursor' });
    await expect(listMemberIds(ctx, { cursor: '%%%' })).rejects.toMatchObject({ code: 'member.invalid_cursor' });
  });
});

describe('findMemberBy', () => {
  it('finds a member by mobile or by email in any case', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'finder', mobile: '13800000010', email: 'finder@test.local' });
    expect((await findMemberBy(ctx, 'mobile', ' 13800000010 ')).userId).toBe('finder');
    expect((await findMemberBy(ctx, 'email', 'Finder@Test.Local')).userId).toBe('finder');
    await expect(findMemberBy(ctx, 'mobile', '13800000011')).rejects.toMatchObject({ code: 'member.not_found' });
  });

  it('hides a member outside a department admin’s subtree', async () => {
    const { ctx } = await given.org(store.db);
    const sales = await given.department(ctx, 'Sales');
    await given.member(ctx, { userId: 'outside', mobile: '13800000012' });
    const admin = given.as(ctx, { kind: 'admin', adminId: 0, role: 'department_admin', departmentId: sales.id });
    await expect(findMemberBy(admin, 'mobile', '13800000012')).rejects.toMatchObject({ code: 'member.not_found' });
    expect(await searchMembers(admin, 'outside')).toEqual([]);
  });
});

describe('the org wall', () => {
  it("never lists, pages, searches or finds another org's members", async () => {
    const mine = await given.org(store.db);
    const theirs = await given.org(store.db);
    await given.member(mine.ctx, { userId: 'mine', name: '张三' });
    await given.member(theirs.ctx, {
      userId: 'theirs',
      name: '张四',
      mobile: '13800000013',
      email: 'theirs@test.local',
    });
    expect(userIdsOf(await searchMembers(mine.ctx, 'zhang'))).toEqual(['mine']);
    expect(userIdsOf(await searchMembers(mine.ctx, '张'))).toEqual(['mine']);
    expect(userIdsOf((await listMembers(mine.ctx, { recursive: true })).items)).toEqual(['mine']);
    expect((await listMemberIds(mine.ctx, {})).rows.map((r) => r.userId)).toEqual(['mine']);
    const before = await listMemberIds(theirs.ctx, {});
    expect(before.rows.map((r) => r.userId)).toEqual(['theirs']);
    await expect(findMemberBy(mine.ctx, 'mobile', '13800000013')).rejects.toMatchObject({ code: 'member.not_found' });
    await expect(findMemberBy(mine.ctx, 'email', 'theirs@test.local')).rejects.toMatchObject({
      code: 'member.not_found',
    });
  });
});
