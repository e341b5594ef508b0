import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, OrgContext } from '../../platform/context.js';
import { listFailedJobs, retryJob } from '../../platform/jobs/jobs.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { appMessageReceipts, recallAppMessage, recentAppMessages, sendAppMessage } from './messaging.service.js';
import { cancelSchedule, editSchedule, listSchedules, scheduleAppMessage } from './schedules.service.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

/**
 * Every use case of an app's messages decides itself who may act as the app (issue 11: authorization inside
 * the services): called here with each kind of actor, not through a route.
 */
async function givenOrg() {
  const org = await given.org(store.db);
  const { app } = await given.app(org.ctx);
  const { app: otherApp } = await given.app(org.ctx, { name: 'Other' });
  const sales = await given.department(org.ctx, 'Sales');
  const member = await given.member(org.ctx, { userId: 'reader' });
  const actors: Record<string, Actor> = {
    owner: org.ctx.actor,
    admin: { kind: 'admin', adminId: 1, role: 'admin', departmentId: null },
    system: { kind: 'system' },
    'the app itself': {
      kind: 'app',
      appId: app.id,
      agentId: app.agentId,
      canWriteDirectory: false,
      scope: { memberIds: [], departmentIds: [1], tagIds: [] },
    },
    'a department admin': { kind: 'admin', adminId: 2, role: 'department_admin', departmentId: sales.id },
    'another app': {
      kind: 'app',
      appId: otherApp.id,
      agentId: otherApp.agentId,
      canWriteDirectory: false,
      scope: { memberIds: [], departmentIds: [1], tagIds: [] },
    },
    'the directory secret': { kind: 'directory' },
    'a member': { kind: 'member', memberId: member.id, userId: member.userId },
  };
  return { ...org, app: { id: app.id, agentId: app.agentId }, actors };
}

const MAY = ['owner', 'admin', 'system', 'the app itself'];
const MAY_NOT = ['a department admin', 'another app', 'the directory secret', 'a member'];

/** Each use case, run as `ctx`; it sets up what it needs as the owner first. */
const useCases: Record<string, (o: Awaited<ReturnType<typeof givenOrg>>, ctx: OrgContext) => Promise<unknown>> = {
  send: (o, ctx) =>
    sendAppMessage(ctx, { app: o.app, audience: { all: true }, msgType: 'text', payload: { content: 'hi' } }),
  recall: async (o, ctx) => {
    const { msgId } = await sendAppMessage(o.ctx, {
      app: o.app,
      audience: { all: true },
      msgType: 'text',
      payload: { content: 'hi' },
    });
    return recallAppMessage(ctx, o.app.id, msgId);
  },
  'read receipts': async (o, ctx) => {
    const { msgId } = await sendAppMessage(o.ctx, {
      app: o.app,
      audience: { all: true },
      msgType: 'text',
      payload: { content: 'hi' },
    });
    return appMessageReceipts(ctx, o.app.id, msgId, {});
  },
  'list sent': (o, ctx) => recentAppMessages(ctx, o.app.id),
  schedule: (o, ctx) =>
    scheduleAppMessage(ctx, {
      app: o.app,
      audience: { all: true },
      msgType: 'text',
      payload: { content: 'later' },
      sendAt: Date.now() + 3_600_000,
    }),
  'list scheduled': (o, ctx) => listSchedules(ctx, o.app.id),
  'edit scheduled': async (o, ctx) => {
    const id = await useCases.schedule?.(o, o.ctx);
    return editSchedule(ctx, o.app.id, id as string, { payload: { content: 'changed' } });
  },
  'cancel scheduled': async (o, ctx) => {
    const id = await useCases.schedule?.(o, o.ctx);
    return cancelSchedule(ctx, o.app.id, id as string);
  },
};

describe.each(Object.entries(useCases))('%s as an app', (_name, run) => {
  it.each(MAY)('is open to %s', async (who) => {
    const o = await givenOrg();
    await expect(run(o, given.as(o.ctx, o.actors[who] as Actor))).resolves.not.toThrow();
  });

  it.each(MAY_NOT)('is refused to %s', async (who) => {
    const o = await givenOrg();
    const actor = o.actors[who] as Actor;
    await expect(run(o, given.as(o.ctx, actor))).rejects.toMatchObject({
      kind: 'forbidden',
      code: actor.kind === 'app' ? 'app.not_this_app' : 'app.no_privilege',
    });
  });
});

describe('failed jobs', () => {
  it('are listed and retried by whoever acts for the whole org, and refused to anyone else', async () => {
    const o = await givenOrg();
    for (const who of ['owner', 'admin', 'system']) {
      const ctx = given.as(o.ctx, o.actors[who] as Actor);
      expect(await listFailedJobs(ctx)).toEqual([]);
      expect(await retryJob(ctx, '0'.repeat(24))).toBe(false);
    }
    for (const who of MAY_NOT.concat('the app itself')) {
      const ctx = given.as(o.ctx, o.actors[who] as Actor);
      await expect(listFailedJobs(ctx)).rejects.toMatchObject({ code: 'job.no_privilege' });
      await expect(retryJob(ctx, '0'.repeat(24))).rejects.toMatchObject({ code: 'job.no_privilege' });
    }
  });
});
