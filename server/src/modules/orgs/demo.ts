import type { OrgContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { createApp } from '../apps/index.js';
import { addToTag, createDepartment, createMember, createTag } from '../directory/index.js';
import { createOrg } from './orgs.service.js';

export const DEMO_ADMIN = { email: 'admin@demo.enclave', password: 'enclave-demo', name: '管理员' };

const DEPARTMENTS: [string, string][] = [
  ['研发部', ''],
  ['产品部', ''],
  ['市场部', ''],
  ['人力资源部', ''],
  ['财务部', ''],
  ['前端组', '研发部'],
  ['后端组', '研发部'],
];

const PEOPLE: [string, string, string][] = [
  ['张伟', '前端组', '前端工程师'],
  ['王芳', '前端组', '前端工程师'],
  ['李娜', '后端组', '后端工程师'],
  ['刘洋', '后端组', '后端工程师'],
  ['陈静', '后端组', '架构师'],
  ['杨磊', '研发部', '研发总监'],
  ['赵敏', '产品部', '产品经理'],
  ['黄勇', '产品部', '产品经理'],
  ['周杰', '产品部', '设计师'],
  ['吴霞', '市场部', '市场经理'],
  ['徐强', '市场部', '销售'],
  ['孙丽', '市场部', '销售'],
  ['马超', '市场部', '渠道经理'],
  ['朱琳', '人力资源部', 'HRBP'],
  ['胡军', '人力资源部', '招聘专员'],
  ['郭燕', '财务部', '会计'],
  ['何平', '财务部', '出纳'],
  ['高峰', '研发部', '测试工程师'],
  ['林涛', '前端组', '前端工程师'],
  ['罗兰', '后端组', '后端工程师'],
  ['梁晨', '产品部', '运营'],
  ['宋佳', '市场部', '品牌经理'],
  ['郑浩', '后端组', '运维工程师'],
  ['谢婷', '人力资源部', '培训专员'],
  ['韩冰', '财务部', '财务经理'],
  ['唐亮', '研发部', '测试工程师'],
  ['冯雪', '产品部', '交互设计师'],
  ['于洋', '市场部', '销售'],
  ['董明', '前端组', '前端工程师'],
  ['曾小贤', '市场部', '主持人'],
];

/** Creates the demo org: departments, ~30 members with Chinese names, tags and one app. */
export async function createDemoOrg(db: Db) {
  const org = await createOrg(db, { name: '示例科技', owner: DEMO_ADMIN });
  const ctx: OrgContext = { db, orgId: org.orgId, actor: { kind: 'system' } };
  const ids = new Map<string, number>();
  for (const [name, parent] of DEPARTMENTS) {
    const d = await createDepartment(ctx, { name, parentId: parent ? (ids.get(parent) as number) : 1 });
    ids.set(name, d.id);
  }
  for (const [i, [name, department, position]] of PEOPLE.entries()) {
    await createMember(ctx, {
      userId: `user${String(i + 1).padStart(3, '0')}`,
      name,
      position,
      mobile: `138${String(10000000 + i * 7919).slice(0, 8)}`,
      email: `user${i + 1}@demo.enclave`,
      gender: i % 2 === 0 ? 1 : 2,
      departments: [
        {
          id: ids.get(department) as number,
          order: 0,
          isLeader: position.includes('总监') || position.includes('经理'),
        },
      ],
      status: 'active',
    });
  }
  await createMember(ctx, {
    userId: 'supplier001',
    name: '通威鱼塘刘师傅',
    kind: 'external',
    externalCorpName: '通威水产合作社',
    mobile: '13900001111',
    departments: [{ id: 1, order: 0, isLeader: false }],
    externalScope: [ids.get('市场部') as number],
  });
  const managers = await createTag(ctx, { name: '管理层' });
  await addToTag(ctx, managers.id, { userIds: ['user006', 'user010', 'user025'], departmentIds: [] });
  const newcomers = await createTag(ctx, { name: '新员工' });
  await addToTag(ctx, newcomers.id, { userIds: ['user028', 'user029', 'user030'], departmentIds: [] });
  const app = await createApp(ctx, { name: '公告', description: '公司公告与通知' });
  return { org, app };
}
