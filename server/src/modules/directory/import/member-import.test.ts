import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../../../platform/context.js';
import { listOrgEvents } from '../../../platform/outbox/outbox.js';
import { given } from '../../../testing/given.js';
import { createTestStore, type TestStore } from '../../../testing/test-store.js';
import { listDepartments } from '../departments/departments.service.js';
import { listMembers } from '../members/members.read.js';
import { getMember } from '../members/members.service.js';
import { importMembers } from './member-import.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

const HEADER = '姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,别名,地址,座机,禁用';
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
const noProgress = async () => {};
const sync = (ctx: OrgContext, data: Buffer) => importMembers(ctx, { mode: 'sync', data, progress: noProgress });
const replace = (ctx: OrgContext, data: Buffer) => importMembers(ctx, { mode: 'replace', data, progress: noProgress });
const eventCount = async (ctx: OrgContext) => (await listOrgEvents(store.db, ctx.orgId)).length;
const userIdsOf = async (ctx: OrgContext) =>
  (await listMembers(ctx, { recursive: true, limit: 1000 })).items.map((m) => m.userId).sort();

describe('importMembers: a file with some bad rows', () => {
  const file = csv(
    HEADER,
    '张三,zhangsan,13800000001,ZS@Test.Local,研发部/前端组,工程师,男,1,10,小张,上海,021-1234,0',
    '李四,-bad,13800000002,,1,,,,,,,,',
    '王五,wangwu,not-a-phone,,1,,,,,,,,',
    ',noname,13800000004,,1,,,,,,,,',
    '赵六,zhaoliu,,,1,,,,,,,,',
    '钱七,qianqi,13800000007,,999,,,,,,,,',
    '孙八,sunba,13800000008,,1,,不知道,,,,,,',
    '周九,zhoujiu,13800000009,zj@test.local,1;研发部,,女,0;1,0;5,,,,1',
  );

  it('reports each bad row with its line, userid, field and message, and applies the rest', async () => {
    const { ctx } = await given.org(store.db);
    const result = await sync(ctx, file);
    expect(result.summary).toEqual({ created: 2, updated: 0, unchanged: 0, deleted: 0, failed: 6 });
    const failed = result.rows.filter((r) => r.action === 'failed');
    expect(failed.map(({ row, userId, code, field }) => ({ row, userId, code, field }))).toEqual([
      { row: 3, userId: '-bad', code: 'member.invalid_userid', field: 'userid' },
      { row: 4, userId: 'wangwu', code: 'member.invalid_mobile', field: 'mobile' },
      { row: 5, userId: 'noname', code: 'member.invalid_name', field: 'name' },
      { row: 6, userId: 'zhaoliu', code: 'member.contact_missing', field: 'mobile' },
      { row: 7, userId: 'qianqi', code: 'member.invalid_department', field: 'department' },
      { row: 8, userId: 'sunba', code: 'member.invalid_field', field: 'gender' },
    ]);
    for (const r of failed) expect(r.message).toEqual(expect.any(String));
    expect(result.rows.filter((r) => r.action === 'created')).toEqual([
      { row: 2, userId: 'zhangsan', action: 'created' },
      { row: 9, userId: 'zhoujiu', action: 'created' },
    ]);
    expect(await userIdsOf(ctx)).toEqual(['zhangsan', 'zhoujiu']);
  });

  it('stores every column of the good rows, creating department paths', async () => {
    const { ctx } = await given.org(store.db);
    await sync(ctx, file);
    const departments = await listDepartments(ctx);
    const rnd = departments.find((d) => d.name === '研发部');
    const frontEnd = departments.find((d) => d.name === '前端组');
    expect(rnd?.parentId).toBe(1);
    expect(frontEnd?.parentId).toBe(rnd?.id);
    expect(await getMember(ctx, 'zhangsan')).toMatchObject({
      name: '张三',
      mobile: '13800000001',
      email: 'zs@test.local',
      position: '工程师',
      gender: 1,
      alias: '小张',
      address: '上海',
      telephone: '021-1234',
      status: 'invited',
      departments: [{ id: frontEnd?.id, isLeader: true, order: 10 }],
      mainDepartmentId: frontEnd?.id,
    });
    expect(await getMember(ctx, 'zhoujiu')).toMatchObject({
      gender: 2,
      status: 'disabled',
      departments: [
        { id: 1, isLeader: false, order: 0 },
        { id: rnd?.id, isLeader: true, order: 5 },
      ],
    });
    expect(await listOrgEvents(store.db, ctx.orgId, 'contact.member_created')).toHaveLength(2);
    expect(await listOrgEvents(store.db, ctx.orgId, 'contact.department_created')).toHaveLength(2);
  });

  it('finds nothing to do the second time and records no events', async () => {
    const { ctx } = await given.org(store.db);
    await sync(ctx, file);
    const events = await eventCount(ctx);
    const again = await sync(ctx, file);
    expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 2, deleted: 0, failed: 6 });
    expect(await eventCount(ctx)).toBe(events);
  });

  it('reports progress up to the total', async () => {
    const { ctx } = await given.org(store.db);
    const calls: [number, number][] = [];
    await importMembers(ctx, {
      mode: 'sync',
      data: file,
      progress: async (done, total) => void calls.push([done, total]),
    });
    expect(calls.at(-1)).toEqual([8, 8]);
  });
});

describe('importMembers: sync', () => {
  it('changes only the columns the file has', async () => {
    const { ctx } = await given.org(store.db);
    const team = await given.department(ctx, 'Team');
    await given.member(ctx, {
      userId: 'keeper',
      name: '原名',
      alias: 'K',
      mobile: '13800000010',
      position: 'Engineer',
      departments: [{ id: team.id, order: 7, isLeader: true }],
    });
    await given.member(ctx, { userId: 'bystander', position: 'Intern' });
    const result = await sync(ctx, csv('帐号,职位', 'KEEPER,Chief'));
    expect(result.rows).toEqual([{ row: 2, userId: 'keeper', action: 'updated' }]);
    expect(await getMember(ctx, 'keeper')).toMatchObject({
      name: '原名',
      alias: 'K',
      mobile: '13800000010',
      position: 'Chief',
      departments: [{ id: team.id, order: 7, isLeader: true }],
    });
    expect((await getMember(ctx, 'bystander')).position).toBe('Intern');
    expect(await listOrgEvents(store.db, ctx.orgId, 'contact.member_updated')).toHaveLength(1);
  });

  it('re-enables a disabled member and keeps the main department when it remains', async () => {
    const { ctx } = await given.org(store.db);
    const a = await given.department(ctx, 'A');
    const b = await given.department(ctx, 'B');
    await given.member(ctx, {
      userId: 'back',
      status: 'disabled',
      departments: [
        { id: a.id, order: 0, isLeader: false },
        { id: b.id, order: 0, isLeader: false },
      ],
      mainDepartmentId: b.id,
    });
    await sync(ctx, csv('帐号,所在部门,禁用', `back,${b.id};1,0`));
    expect(await getMember(ctx, 'back')).toMatchObject({ status: 'invited', mainDepartmentId: b.id });
    await sync(ctx, csv('帐号,所在部门', 'back,1'));
    expect(await getMember(ctx, 'back')).toMatchObject({ mainDepartmentId: 1, departments: [{ id: 1 }] });
  });

  it('reports a userid that appears twice, applying the first', async () => {
    const { ctx } = await given.org(store.db);
    const result = await sync(ctx, csv(HEADER, '甲,dup,13800000011,,1', '乙,DUP,13800000012,,1'));
    expect(result.rows).toEqual([
      { row: 2, userId: 'dup', action: 'created' },
      expect.objectContaining({
        row: 3,
        userId: 'DUP',
        action: 'failed',
        code: 'job.duplicate_userid',
        field: 'userid',
      }),
    ]);
    expect((await getMember(ctx, 'dup')).name).toBe('甲');
  });

  it('reports the second row that claims a mobile or email, and one another member holds', async () => {
    const { ctx } = await given.org(store.db);
    await given.member(ctx, { userId: 'holder', mobile: '13800000020' });
    const result = await sync(
      ctx,
      csv(
        HEADER,
        '甲,first,13800000021,a@test.local,1',
        '乙,second,13800000021,b@test.local,1',
        '丙,third,13800000022,A@test.local,1',
        '丁,fourth,13800000020,,1',
      ),
    );
    expect(result.rows.map(({ row, userId, action, code, field }) => ({ row, userId, action, code, field }))).toEqual([
      { row: 2, userId: 'first', action: 'created', code: undefined, field: undefined },
      { row: 3, userId: 'second', action: 'failed', code: 'member.mobile_exists', field: 'mobile' },
      { row: 4, userId: 'third', action: 'failed', code: 'member.email_exists', field: 'email' },
      { row: 5, userId: 'fourth', action: 'failed', code: 'member.mobile_exists', field: 'mobile' },
    ]);
    expect(await userIdsOf(ctx)).toEqual(['first', 'holder']);
  });

  it('reads UTF-8 with a BOM and GBK, as Excel saves them', async () => {
    const { ctx } = await given.org(store.db);
    const text = `${HEADER}\n欧阳娜娜,ouyang,13800000030,,市场部/华东区\n`;
    const bom = await sync(ctx, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(bom.summary.created).toBe(1);
    const gbk = await sync(ctx, iconv.encode(text.replace('ouyang', 'ouyang2').replace('0030', '0031'), 'gbk'));
    expect(gbk.summary.created).toBe(1);
    const [first, second] = [await getMember(ctx, 'ouyang'), await getMember(ctx, 'ouyang2')];
    expect(second.name).toBe('欧阳娜娜');
    expect(second.departments).toEqual(first.departments);
    const names = (await listDepartments(ctx)).map((d) => d.name);
    expect(names.filter((n) => n === '华东区')).toHaveLength(1);
  });

  it('creates no department for a row that fails', async () => {
    const { ctx } = await given.org(store.db);
    const result = await sync(
      ctx,
      csv(
        HEADER,
        '甲,good,13800000080,,Good/Sub',
        '乙,badmobile,not-a-phone,,Bad1',
        '丙,taken,13800000080,,Bad2/Sub',
        '丁,shared,13800000081,,Good/Bad3',
        '戊,shared2,13800000081,,Good/Sub',
      ),
    );
    expect(result.summary).toMatchObject({ created: 2, failed: 3 });
    expect((await listDepartments(ctx)).map((d) => d.name).sort()).toEqual(['Bad3', 'Good', 'Sub', 'Test Org']);
    expect(await listOrgEvents(store.db, ctx.orgId, 'contact.department_created')).toHaveLength(3);
  });

  it('resolves a path that starts with the org name to the root', async () => {
    const { ctx } = await given.org(store.db, 'Acme');
    await sync(ctx, csv(HEADER, '甲,pathed,13800000040,,Acme/研发部'));
    const departments = await listDepartments(ctx);
    expect(departments.map((d) => [d.name, d.parentId])).toEqual([
      ['Acme', 0],
      ['研发部', 1],
    ]);
  });

  it('refuses a file without a userid column', async () => {
    const { ctx } = await given.org(store.db);
    await expect(sync(ctx, csv('姓名,手机号', '甲,13800000050'))).rejects.toMatchObject({ code: 'job.invalid_file' });
  });
});

describe('importMembers: replace', () => {
  async function orgWith(count: number) {
    const org = await given.org(store.db);
    for (let i = 1; i <= count; i += 1) await given.member(org.ctx, { userId: `m${i}`, mobile: `1380000010${i}` });
    return org;
  }
  const listing = (...userIds: string[]) =>
    csv('姓名,帐号,手机号', ...userIds.map((u, i) => `成员${i},${u},1390000010${i}`));

  it('deletes the members the file does not list', async () => {
    const { ctx } = await orgWith(5);
    const result = await replace(ctx, listing('m1', 'm2', 'm3', 'm4', 'new'));
    expect(result.summary).toMatchObject({ created: 1, updated: 4, deleted: 1, failed: 0 });
    expect(result.rows.find((r) => r.action === 'deleted')).toEqual({ row: 0, userId: 'm5', action: 'deleted' });
    expect(await userIdsOf(ctx)).toEqual(['m1', 'm2', 'm3', 'm4', 'new']);
    const deleted = await listOrgEvents(store.db, ctx.orgId, 'contact.member_deleted');
    expect(deleted.map((e) => JSON.parse(e.payload) as unknown)).toMatchObject([{ userId: 'm5', tagIds: [] }]);
  });

  it('refuses, applying nothing, when it would delete most of the directory', async () => {
    const { ctx } = await orgWith(10);
    const events = await eventCount(ctx);
    await expect(replace(ctx, listing('m1', 'newcomer'))).rejects.toMatchObject({ code: 'job.delete_protection' });
    expect(await userIdsOf(ctx)).toHaveLength(10);
    expect(await userIdsOf(ctx)).not.toContain('newcomer');
    expect(await eventCount(ctx)).toBe(events);
  });

  it("never deletes another org's members", async () => {
    const mine = await orgWith(2);
    const theirs = await orgWith(3);
    await replace(mine.ctx, listing('m1', 'm2', 'm3'));
    expect(await userIdsOf(theirs.ctx)).toEqual(['m1', 'm2', 'm3']);
    expect((await getMember(theirs.ctx, 'm3')).mobile).toBe('13800000103');
    expect((await getMember(mine.ctx, 'm3')).mobile).toBe('13900000102');
  });
});

describe('importMembers: who may import what', () => {
  it('fails rows about members outside a department admin’s subtree', async () => {
    const { ctx } = await given.org(store.db);
    const sales = await given.department(ctx, 'Sales');
    await given.member(ctx, { userId: 'outside', position: 'Coder' });
    const admin = given.as(ctx, { kind: 'admin', adminId: 0, role: 'department_admin', departmentId: sales.id });
    const result = await sync(
      admin,
      csv('姓名,帐号,手机号,所在部门,职位', `甲,inside,13800000060,${sales.id},x`, `乙,outside,,${sales.id},y`),
    );
    expect(result.rows.map((r) => [r.userId, r.action, r.code])).toEqual([
      ['inside', 'created', undefined],
      ['outside', 'failed', 'directory.no_privilege'],
    ]);
    expect((await getMember(ctx, 'outside')).position).toBe('Coder');
  });

  it('keeps to its own org when another org has the same userids', async () => {
    const mine = await given.org(store.db);
    const theirs = await given.org(store.db);
    await given.member(theirs.ctx, { userId: 'shared', name: 'Theirs', mobile: '13800000070' });
    const result = await sync(mine.ctx, csv(HEADER, 'Mine,shared,13800000070,,1'));
    expect(result.rows).toEqual([{ row: 2, userId: 'shared', action: 'created' }]);
    expect((await getMember(theirs.ctx, 'shared')).name).toBe('Theirs');
    expect((await getMember(mine.ctx, 'shared')).name).toBe('Mine');
  });
});

describe('importMembers: columns the file leaves out', () => {
  it("keeps a member's leader flag and order in a department they stay in", async () => {
    const { ctx } = await given.org(store.db);
    await sync(ctx, csv(HEADER, '张三,zhangsan,13800000001,,1,,,1,7,,,,'));
    const result = await sync(ctx, csv('姓名,帐号,所在部门', '张三,zhangsan,1'));
    expect(result.summary.unchanged).toBe(1);
    expect((await getMember(ctx, 'zhangsan')).departments).toEqual([{ id: 1, order: 7, isLeader: true }]);
  });
});
