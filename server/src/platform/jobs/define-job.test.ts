import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { defineJob } from './define-job.js';
import { enqueueJob, findJob, JobRunner } from './jobs.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

const Greet = defineJob('test.greet', {
  version: 2,
  input: z.object({ name: z.string(), loud: z.boolean().default(false) }),
});

async function run(enqueue: (orgId: number) => Promise<string>) {
  const org = await given.org(store.db);
  const runner = new JobRunner(store.db, pino({ level: 'silent' }), { pollMs: 10, retryBaseMs: 1 });
  const seen: unknown[] = [];
  Greet.handle(runner, ({ input }) => {
    seen.push(input);
    return Promise.resolve({ greeted: input.name });
  });
  const id = await enqueue(org.orgId);
  await runner.start();
  await expect.poll(async () => (await findJob(store.db, org.orgId, id))?.status, { timeout: 5000 }).not.toBe('queued');
  await expect
    .poll(async () => (await findJob(store.db, org.orgId, id))?.status, { timeout: 5000 })
    .not.toBe('running');
  await runner.stop();
  return { job: await findJob(store.db, org.orgId, id), seen };
}

describe('defineJob', () => {
  it('stamps its version on the input and hands the handler the parsed input', async () => {
    const { job, seen } = await run((orgId) => Greet.enqueue(store.db, orgId, { name: '张三', loud: true }));
    expect(job).toMatchObject({ status: 'done', input: { name: '张三', loud: true, $v: 2 } });
    expect(seen).toEqual([{ name: '张三', loud: true }]);
    expect(Greet.inputOf(job as never)).toEqual({ name: '张三', loud: true });
  });

  it('runs an input written before versions (as version 1), its defaults filled in', async () => {
    const { job, seen } = await run((orgId) => enqueueJob(store.db, orgId, 'test.greet', { name: '李四' }));
    expect(job?.status).toBe('done');
    expect(seen).toEqual([{ name: '李四', loud: false }]);
  });

  it('refuses an input enqueued by a newer release, and one that does not fit', async () => {
    const newer = await run((orgId) =>
      enqueueJob(store.db, orgId, 'test.greet', { name: '王五', $v: 3 }, { maxAttempts: 1 }),
    );
    expect(newer.job).toMatchObject({ status: 'failed' });
    expect(newer.job?.error).toMatch(/version 3.*up to 2/);
    await expect(Greet.enqueue(store.db, 1, { name: 7 } as never)).rejects.toThrow();
    expect(newer.seen).toEqual([]);
  });
});
