import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJob, JobRunner } from '../../platform/jobs/jobs.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { setAppScope } from '../apps/index.js';
import { saveLocation } from '../app-conversations/app-conversations.test-support.js';
import { listInbox, sendAppMessage } from './messaging.service.js';
import {
  cancelSchedule,
  editSchedule,
  listSchedules,
  registerScheduledSends,
  scheduleAppMessage,
} from './schedules.service.js';

const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (content: string) => ({ msgType: 'text', payload: { content } });
/** Tiananmen; 0.01° of latitude is about 1.1 km. */
const HERE = { latitude: 39.9087, longitude: 116.3975 };

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

async function givenOrg() {
  const org = await given.org(store.db);
  const dept = await given.department(org.ctx, 'Field');
  const at = { departments: [{ id: dept.id, order: 0, isLeader: false }] };
  const inside = await given.member(org.ctx, { userId: 'inside', ...at });
  const outside = await given.member(org.ctx, { userId: 'outside', ...at });
  const stale = await given.member(org.ctx, { userId: 'stale', ...at });
  const elsewhere = await given.member(org.ctx, { userId: 'elsewhere' });
  const now = Date.now();
  const report = (lat: number, reportedAt = now) => ({ ...HERE, latitude: lat, precision: 10, reportedAt });
  await saveLocation(store.db, org.orgId, inside.id, report(HERE.latitude + 0.005));
  await saveLocation(store.db, org.orgId, outside.id, report(HERE.latitude + 0.02));
  await saveLocation(store.db, org.orgId, stale.id, report(HERE.latitude, now - 2 * 3600_000));
  await saveLocation(store.db, org.orgId, elsewhere.id, report(HERE.latitude));
  const { app } = await given.app(org.ctx);
  return { ...org, dept, inside, outside, stale, elsewhere, app: { id: app.id, agentId: app.agentId } };
}

const near = { ...HERE, radiusMeters: 1000, maxAgeMinutes: 60 };

describe('geo-targeted sends (near)', () => {
  it('reaches members inside the radius with a fresh report, not those outside or stale', async () => {
    const o = await givenOrg();
    const result = await sendAppMessage(o.ctx, { app: o.app, audience: { all: true, near }, ...text('hi') });
    expect(result.recipients).toBe(2);
    expect(await listInbox(o.ctx, o.inside.id, 0)).toHaveLength(1);
    expect(await listInbox(o.ctx, o.elsewhere.id, 0)).toHaveLength(1);
    expect(await listInbox(o.ctx, o.outside.id, 0)).toHaveLength(0);
    expect(await listInbox(o.ctx, o.stale.id, 0)).toHaveLength(0);
  });

  it('intersects the geofence with the named members and departments and the app scope', async () => {
    const o = await givenOrg();
    const byDept = await sendAppMessage(o.ctx, {
      app: o.app,
      audience: { departmentIds: [o.dept.id], near },
      ...text('a'),
    });
    expect(byDept.recipients).toBe(1);
    const byUser = await sendAppMessage(o.ctx, {
      app: o.app,
      audience: { userIds: ['elsewhere', 'outside'], near },
      ...text('b'),
    });
    expect(byUser.recipients).toBe(1);
    expect(await listInbox(o.ctx, o.elsewhere.id, 0)).toHaveLength(1);
    await setAppScope(given.as(o.ctx, { kind: 'system' }), o.app.agentId, {
      memberIds: [],
      departmentIds: [o.dept.id],
      tagIds: [],
    });
    const scoped = await sendAppMessage(o.ctx, { app: o.app, audience: { all: true, near }, ...text('c') });
    expect(scoped.recipients).toBe(1);
    expect(await listInbox(o.ctx, o.inside.id, 0)).toHaveLength(2);
  });

  it('does not reach members of another org standing in the same place', async () => {
    const o = await givenOrg();
    const other = await givenOrg();
    await sendAppMessage(o.ctx, { app: o.app, audience: { all: true, near }, ...text('mine') });
    expect(await listInbox(other.ctx, other.inside.id, 0)).toHaveLength(0);
  });

  it('refuses a radius over 50 km and nobody inside is "all invalid"', async () => {
    const o = await givenOrg();
    const wide = { ...near, radiusMeters: 50_001 };
    await expect(
      sendAppMessage(o.ctx, { app: o.app, audience: { all: true, near: wide }, ...text('x') }),
    ).rejects.toMatchObject({
      code: 'message.invalid_near',
    });
    const empty = { ...near, latitude: -33.86, longitude: 151.2 };
    await expect(
      sendAppMessage(o.ctx, { app: o.app, audience: { all: true, near: empty }, ...text('x') }),
    ).rejects.toMatchObject({
      code: 'message.all_invalid',
    });
  });
});

describe('scheduled sends', () => {
  it('fires within a second of its time, after a restart in between, resolving near at fire time', async () => {
    const o = await givenOrg();
    const sendAt = Date.now() + 400;
    const id = await scheduleAppMessage(o.ctx, { app: o.app, audience: { all: true, near }, ...text('later'), sendAt });
    expect(await listInbox(o.ctx, o.inside.id, 0)).toHaveLength(0);
    const first = new JobRunner(store.db, silent);
    registerScheduledSends(first, {});
    await first.start();
    await first.stop(); // a restart before it is due
    // Someone walks into the geofence after it was scheduled.
    await saveLocation(store.db, o.orgId, o.outside.id, { ...HERE, precision: 5, reportedAt: Date.now() });
    const second = new JobRunner(store.db, silent);
    registerScheduledSends(second, {});
    await second.start();
    let fired = await listSchedules(o.ctx, o.app.id);
    for (let i = 0; i < 200 && fired[0]?.status === 'scheduled'; i += 1) {
      await sleep(10);
      fired = await listSchedules(o.ctx, o.app.id);
    }
    const firedAt = Date.now();
    await second.stop();
    expect(fired[0]).toMatchObject({ scheduleId: id, status: 'sent', recipients: 3 });
    expect(firedAt - sendAt).toBeLessThan(1000);
    const [entry] = await listInbox(o.ctx, o.outside.id, 0);
    expect(entry?.message).toMatchObject({ msgId: fired[0]?.msgId, payload: { content: 'later' } });
  });

  it('edits and cancels before it fires, and refuses past or far-off times', async () => {
    const o = await givenOrg();
    const sendAt = Date.now() + 3600_000;
    const id = await scheduleAppMessage(o.ctx, {
      app: o.app,
      audience: { userIds: ['inside'] },
      ...text('v1'),
      sendAt,
    });
    await editSchedule(o.ctx, o.app.id, id, { payload: { content: 'v2' }, sendAt: sendAt + 60_000 });
    const [edited] = await listSchedules(o.ctx, o.app.id);
    expect(edited).toMatchObject({ payload: { content: 'v2' }, sendAt: sendAt + 60_000, status: 'scheduled' });
    await expect(editSchedule(o.ctx, o.app.id, id, { sendAt: Date.now() - 1 })).rejects.toMatchObject({
      code: 'message.invalid_send_time',
    });
    const other = await givenOrg();
    await expect(cancelSchedule(other.ctx, other.app.id, id)).rejects.toMatchObject({
      code: 'message.schedule_not_found',
    });
    await cancelSchedule(o.ctx, o.app.id, id);
    const [cancelled] = await listSchedules(o.ctx, o.app.id);
    expect(cancelled?.status).toBe('cancelled');
    expect(
      await findJob(
        store.db,
        o.orgId,
        (await store.db.selectFrom('message_schedules').select('job_id').where('id', '=', id).executeTakeFirstOrThrow())
          .job_id,
      ),
    ).toBeUndefined();
    await expect(cancelSchedule(o.ctx, o.app.id, id)).rejects.toMatchObject({ code: 'message.schedule_done' });
    const tooLate = Date.now() + 400 * 24 * 3600_000;
    await expect(
      scheduleAppMessage(o.ctx, { app: o.app, audience: { all: true }, ...text('x'), sendAt: tooLate }),
    ).rejects.toMatchObject({ code: 'message.invalid_send_time' });
  });
});
