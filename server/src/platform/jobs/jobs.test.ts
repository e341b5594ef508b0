import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { enqueueJob, findJob, JobRunner, listFailedJobs, retryJob } from './jobs.js';

const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(10);
  }
}

describe('JobRunner', () => {
  it('runs each job once even with two runners polling the same database', async () => {
    const org = await given.org(store.db);
    const runs = new Map<string, number>();
    const runners = [0, 1].map(() => {
      const runner = new JobRunner(store.db, silent, { pollMs: 5 });
      runner.register('test.count', async ({ jobId }) => {
        runs.set(jobId, (runs.get(jobId) ?? 0) + 1);
        await sleep(2);
      });
      return runner;
    });
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) ids.push(await enqueueJob(store.db, org.orgId, 'test.count', { i }));
    await Promise.all(runners.map((r) => r.start()));
    await waitFor(async () => ids.every((id) => runs.has(id)));
    await sleep(50);
    await Promise.all(runners.map((r) => r.stop()));
    expect(ids.map((id) => runs.get(id))).toEqual(ids.map(() => 1));
    for (const id of ids) expect((await findJob(store.db, org.orgId, id))?.status).toBe('done');
  });

  it('does not run a job before its run_at', async () => {
    const org = await given.org(store.db);
    let ranAt = 0;
    const runner = new JobRunner(store.db, silent, { pollMs: 500 });
    runner.register('test.later', async () => {
      ranAt = Date.now();
    });
    const runAt = Date.now() + 300;
    await enqueueJob(store.db, org.orgId, 'test.later', {}, { runAt });
    await runner.start();
    await waitFor(async () => ranAt > 0);
    await runner.stop();
    expect(ranAt).toBeGreaterThanOrEqual(runAt);
    expect(ranAt - runAt).toBeLessThan(1000);
  });

  it('re-queues a job whose runner died mid-way, and another runner completes it', async () => {
    const org = await given.org(store.db);
    let started = 0;
    // Its lease renewals are too far apart to happen in the test: as good as a dead process.
    const dying = new JobRunner(store.db, silent, { pollMs: 5, leaseMs: 600_000_000 });
    dying.register('test.restart', async () => {
      started += 1;
      await new Promise(() => undefined); // never finishes: its process "dies" here
    });
    const id = await enqueueJob(store.db, org.orgId, 'test.restart', {});
    await dying.start();
    await waitFor(async () => started === 1);
    // The process is gone (stop() would wait for the job forever): it claims nothing more.
    void dying.stop();
    expect((await findJob(store.db, org.orgId, id))?.status).toBe('running');
    const next = new JobRunner(store.db, silent, { pollMs: 20, leaseMs: 150 });
    next.register('test.restart', async () => 'finished');
    await next.start();
    await waitFor(async () => (await findJob(store.db, org.orgId, id))?.status === 'done');
    await next.stop();
    const job = await findJob(store.db, org.orgId, id);
    expect(job?.result).toBe('finished');
    expect(job?.attempts).toBe(2);
  });

  it('retries a failing job with back-off, then fails it visibly, and an admin can retry it', async () => {
    const org = await given.org(store.db);
    const attempts: number[] = [];
    let healthy = false;
    const runner = new JobRunner(store.db, silent, { pollMs: 5, retryBaseMs: 40 });
    runner.register('test.flaky', async ({ attempt }) => {
      attempts.push(Date.now());
      if (!healthy) throw new Error(`broken on attempt ${attempt}`);
      return 'ok';
    });
    const id = await enqueueJob(store.db, org.orgId, 'test.flaky', {}, { maxAttempts: 3 });
    await runner.start();
    await waitFor(async () => (await findJob(store.db, org.orgId, id))?.status === 'failed');
    expect(attempts).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = attempts;
    expect(second - first).toBeGreaterThanOrEqual(40);
    expect(third - second).toBeGreaterThanOrEqual(80);
    const failed = await listFailedJobs(org.ctx);
    expect(failed.map((j) => [j.id, j.error, j.attempts])).toEqual([[id, 'broken on attempt 3', 3]]);
    const other = await given.org(store.db);
    expect(await listFailedJobs(other.ctx)).toEqual([]);
    expect(await retryJob(other.ctx, id)).toBe(false);

    healthy = true;
    expect(await retryJob(org.ctx, id)).toBe(true);
    await waitFor(async () => (await findJob(store.db, org.orgId, id))?.status === 'done');
    await runner.stop();
    expect(await listFailedJobs(org.ctx)).toEqual([]);
  });
});
