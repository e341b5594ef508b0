import { randomBytes } from 'node:crypto';
import type { Actor, OrgContext } from '../platform/context.js';
import type { Db } from '../platform/db/database.js';
import { createApp } from '../modules/apps/index.js';
import { createDepartment, createMember, type MemberInput } from '../modules/directory/index.js';
import { createOrg } from '../modules/orgs/index.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter += 1)}${randomBytes(2).toString('hex')}`;

/** Factories for test data; each returns what a test needs to act as that org. */
export const given = {
  async org(db: Db, name = 'Test Org') {
    const password = 'correct horse battery';
    const org = await createOrg(db, {
      name,
      owner: { name: 'Owner', email: `owner-${unique()}@test.local`, password },
    });
    const ctx: OrgContext = {
      db,
      orgId: org.orgId,
      actor: { kind: 'admin', adminId: org.owner.id, role: 'owner', departmentId: null },
    };
    return { ...org, password, ctx };
  },

  as(ctx: OrgContext, actor: Actor): OrgContext {
    return { ...ctx, actor };
  },

  async department(ctx: OrgContext, name: string, parentId = 1) {
    return createDepartment(ctx, { name, parentId });
  },

  async member(ctx: OrgContext, overrides: Partial<MemberInput> = {}) {
    const id = unique();
    return createMember(ctx, {
      userId: `u${id}`,
      name: '测试成员',
      email: `m${id}@test.local`,
      ...overrides,
    });
  },

  async app(ctx: OrgContext, options: { name?: string; canWriteDirectory?: boolean } = {}) {
    return createApp(given.as(ctx, { kind: 'system' }), {
      name: options.name ?? 'Test App',
      canWriteDirectory: options.canWriteDirectory,
    });
  },
};
