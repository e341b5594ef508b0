import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOrgEvents } from '../../../platform/outbox/outbox.js';
import { given } from '../../../testing/given.js';
import { createTestStore, type TestStore } from '../../../testing/test-store.js';
import { getMember, setMemberEnabled } from '../members/members.service.js';
import { exportMembersCsv } from './export.js';
import { MEMBER_EXPORT_HEADER } from './member-columns.js';
import { importMembers } from './member-import.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

const noProgress = async () => {};

async function populated() {
  const org = await given.org(store.db);
  const { ctx } = org;
  const rnd = await given.department(ctx, '研发部');
  const ops = await given.department(ctx, 'Ops, Support', rnd.id);
  await given.member(ctx, {
    userId: 'zhangsan',
    name: '张三',
    mobile: '+86 138 0000 0001',
    email: 'zs@test.local',
    position: '工程师, "高级"',
    gender: 1,
    alias: 'Sam',
    address: '上海市\n浦东新区',
    telephone: '021-1234',
    departments: [
      { id: ops.id, order: 3, isLeader: true },
      { id: rnd.id, order: 0, isLeader: false },
    ],
    mainDepartmentId: rnd.id,
  });
  await given.member(ctx, {
    userId: 'lisi',
    name: '李四',
    gender: 2,
    departments: [{ id: 1, order: 9, isLeader: false }],
  });
  await given.member(ctx, { userId: 'gone', name: '停用' });
  await setMemberEnabled(ctx, 'gone', false);
  await given.member(ctx, {
    userId: 'supplier',
    name: '供应商',
    kind: 'external',
    externalCorpName: '绿野农场',
    externalScope: [rnd.id],
    email: null,
    departments: [{ id: rnd.id, order: 0, isLeader: false }],
  });
  return { ...org, rnd, ops };
}

describe('exportMembersCsv', () => {
  it('writes a UTF-8 file with a BOM, the import header and one row per member', async () => {
    const { ctx, rnd, ops } = await populated();
    const text = await exportMembersCsv(ctx);
    expect(text.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = parse(text.slice(1)) as string[][];
    expect(header).toEqual(MEMBER_EXPORT_HEADER);
    expect(rows).toHaveLength(4);
    const zhangsan = rows.find((r) => r[1] === 'zhangsan');
    expect(zhangsan?.slice(0, 13)).toEqual([
      '张三',
      'zhangsan',
      '+86 138 0000 0001',
      'zs@test.local',
      `${ops.id};${rnd.id}`,
      '工程师, "高级"',
      '男',
      '1;0',
      '3;0',
      'Sam',
      '上海市\n浦东新区',
      '021-1234',
      '0',
    ]);
    expect(rows.find((r) => r[1] === 'gone')?.[12]).toBe('1');
    expect(rows.find((r) => r[1] === 'supplier')?.slice(13)).toEqual(['外部', '绿野农场']);
  });

  it('reads back through a sync import as all unchanged, with no events', async () => {
    const { ctx } = await populated();
    const before = await Promise.all(['zhangsan', 'lisi', 'gone', 'supplier'].map((u) => getMember(ctx, u)));
    const events = (await listOrgEvents(store.db, ctx.orgId)).length;
    const data = Buffer.from(await exportMembersCsv(ctx));
    const result = await importMembers(ctx, { mode: 'sync', data, progress: noProgress });
    expect(result.summary).toEqual({ created: 0, updated: 0, unchanged: 4, deleted: 0, failed: 0 });
    expect((await listOrgEvents(store.db, ctx.orgId)).length).toBe(events);
    const after = await Promise.all(['zhangsan', 'lisi', 'gone', 'supplier'].map((u) => getMember(ctx, u)));
    expect(after).toEqual(before);
  });

  it('fills an empty org from another org’s export', async () => {
    const source = await populated();
    const target = await given.org(store.db);
    const data = Buffer.from(await exportMembersCsv(source.ctx));
    // Department ids mean nothing in another org until its tree has them.
    await given.department(target.ctx, '研发部');
    await given.department(target.ctx, 'Ops, Support', source.rnd.id);
    const result = await importMembers(target.ctx, { mode: 'sync', data, progress: noProgress });
    expect(result.summary).toMatchObject({ created: 4, failed: 0 });
    expect(await getMember(target.ctx, 'zhangsan')).toMatchObject({
      name: '张三',
      gender: 1,
      departments: [
        { id: source.ops.id, order: 3, isLeader: true },
        { id: source.rnd.id, order: 0, isLeader: false },
      ],
    });
    expect((await getMember(target.ctx, 'gone')).status).toBe('disabled');
    expect(await getMember(target.ctx, 'supplier')).toMatchObject({ kind: 'external', externalCorpName: '绿野农场' });
  });

  it("exports only the actor's org, and only a department admin's subtree", async () => {
    const { ctx, rnd } = await populated();
    const other = await given.org(store.db);
    await given.member(other.ctx, { userId: 'stranger' });
    expect(await exportMembersCsv(other.ctx)).not.toContain('zhangsan');
    const admin = given.as(ctx, { kind: 'admin', adminId: 0, role: 'department_admin', departmentId: rnd.id });
    const [, ...rows] = parse((await exportMembersCsv(admin)).slice(1)) as string[][];
    expect(rows.map((r) => r[1]).sort()).toEqual(['supplier', 'zhangsan']);
    expect(await exportMembersCsv(ctx)).not.toContain('stranger');
  });
});
