import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/context.js';
import { MemoryCounters } from '../../platform/counters.js';
import { SignInAttempts } from '../../platform/sign-in-limits.js';
import { given } from '../../testing/given.js';
import { ROOMY_SIGN_IN_LIMITS } from '../../testing/test-server.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { createInvite, listDevOutbox, sendInviteCode } from './member-auth.service.js';
import { DevOutboxSender } from './senders.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

/** An org with 市场部 (and 华南组 under it) and 研发部, a member in each, and a code sent to each of them. */
async function givenCodesSent() {
  const org = await given.org(store.db);
  const market = await given.department(org.ctx, '市场部');
  const south = await given.department(org.ctx, '华南组', market.id);
  const rnd = await given.department(org.ctx, '研发部');
  const deps = {
    db: store.db,
    sender: new DevOutboxSender(),
    attempts: new SignInAttempts(new MemoryCounters(), ROOMY_SIGN_IN_LIMITS),
    address: '127.0.0.1',
  };
  const system = given.as(org.ctx, { kind: 'system' });
  const mobiles: Record<string, string> = {};
  for (const [userId, department] of [
    ['seller', market],
    ['southerner', south],
    ['engineer', rnd],
  ] as const) {
    const mobile = `1390000${String(department.id).padStart(4, '0')}`;
    await given.member(org.ctx, {
      userId,
      mobile,
      email: null,
      departments: [{ id: department.id, order: 0, isLeader: false }],
    });
    mobiles[userId] = mobile;
    await sendInviteCode(deps, (await createInvite(system, userId)).token, 'sms');
  }
  return { ...org, market, rnd, mobiles };
}

describe('the development outbox', () => {
  it('shows an org-wide admin every code', async () => {
    const o = await givenCodesSent();
    const recipients = (await listDevOutbox(o.ctx)).map((r) => r.recipient);
    expect(recipients.sort()).toEqual(Object.values(o.mobiles).sort());
  });

  it("shows a department admin only the codes of their subtree's members", async () => {
    const o = await givenCodesSent();
    const marketAdmin = given.as(o.ctx, {
      kind: 'admin',
      adminId: 2,
      role: 'department_admin',
      departmentId: o.market.id,
    });
    const recipients = (await listDevOutbox(marketAdmin)).map((r) => r.recipient);
    expect(recipients.sort()).toEqual([o.mobiles.seller, o.mobiles.southerner].sort());
    const rndAdmin = given.as(o.ctx, { kind: 'admin', adminId: 3, role: 'department_admin', departmentId: o.rnd.id });
    expect((await listDevOutbox(rndAdmin)).map((r) => r.recipient)).toEqual([o.mobiles.engineer]);
  });

  it('is not for members or apps', async () => {
    const o = await givenCodesSent();
    const others: Actor[] = [
      { kind: 'member', memberId: 1, userId: 'seller' },
      {
        kind: 'app',
        appId: 1,
        agentId: 1000002,
        canWriteDirectory: true,
        scope: { memberIds: [], departmentIds: [1], tagIds: [] },
      },
      { kind: 'directory' },
    ];
    for (const actor of others) {
      await expect(listDevOutbox(given.as(o.ctx, actor))).rejects.toMatchObject({ code: 'admin.no_privilege' });
    }
  });
});
