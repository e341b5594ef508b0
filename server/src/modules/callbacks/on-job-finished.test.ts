import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../../platform/context.js';
import { findJob, JobRunner } from '../../platform/jobs/jobs.js';
import { OutboxRelay } from '../../platform/outbox/relay.js';
import { LocalBlobStorage } from '../../platform/storage/storage.js';
import { startCallbackReceiver } from '../../testing/callback-receiver.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { registerImportJobs, startImport } from '../directory/index.js';
import { uploadMedia } from '../media/index.js';
import { listCallbackDeliveries, setCallback } from './callbacks.service.js';
import { CallbackDispatcher } from './dispatcher.js';
import { onJobFinished } from './on-job-finished.js';

const KEYS = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const HEADER = '姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,别名,地址,座机,禁用';
const silent = pino({ level: 'silent' });

let store: TestStore;
let storage: LocalBlobStorage;
let jobs: JobRunner;
beforeAll(async () => {
  store = await createTestStore();
  storage = new LocalBlobStorage(join(store.dataDir, 'media'));
  jobs = new JobRunner(store.db, silent, 20);
  registerImportJobs(jobs, { db: store.db, storage, jobs });
  await jobs.start();
});
afterAll(async () => {
  await jobs.stop();
  await store.drop();
});

async function givenAppWithCallback() {
  const org = await given.org(store.db);
  const { app } = await given.app(org.ctx, { canWriteDirectory: true });
  const receiver = await startCallbackReceiver(KEYS);
  const system = given.as(org.ctx, { kind: 'system' });
  await setCallback(system, app.agentId, { url: receiver.url, ...KEYS });
  const asApp = given.as(org.ctx, {
    kind: 'app',
    appId: app.id,
    agentId: app.agentId,
    canWriteDirectory: true,
    scope: { memberIds: [], departmentIds: [1], tagIds: [] },
  });
  const relay = new OutboxRelay(store.db, silent);
  relay.register(onJobFinished);
  return { ...org, system, app, asApp, receiver, relay };
}

async function importFile(ctx: OrgContext, rows: string[], header = HEADER): Promise<string> {
  const data = Buffer.from(`${[header, ...rows].join('\n')}\n`);
  const { mediaId } = await uploadMedia(ctx, storage, {
    type: 'file',
    filename: 'm.csv',
    contentType: 'text/csv',
    data,
  });
  const jobId = await startImport(ctx, { db: store.db, storage, jobs }, { mediaId, kind: 'sync_user' });
  for (let i = 0; i < 200; i += 1) {
    const job = await findJob(store.db, ctx.orgId, jobId);
    if (job?.status === 'done' || job?.status === 'failed') return jobId;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe('batch_job_result', () => {
  it('tells the app that started an import how it ended, once however often it is relayed', async () => {
    const o = await givenAppWithCallback();
    const jobId = await importFile(o.asApp, ['张三,zhangsan,13800000001,,1,,,,,,,,']);
    await o.relay.drain();
    await store.db.updateTable('outbox').set({ relayed_at: null }).where('org_id', '=', o.orgId).execute();
    await o.relay.drain();
    await new CallbackDispatcher(store.db, silent).drain();
    expect(o.receiver.received.map((r) => r.fields)).toEqual([
      {
        ToUserName: o.corpId,
        FromUserName: 'sys',
        CreateTime: expect.stringMatching(/^\d+$/),
        MsgType: 'event',
        Event: 'batch_job_result',
        BatchJob: { JobId: jobId, JobType: 'sync_user', ErrCode: '0', ErrMsg: 'ok' },
      },
    ]);
    expect((await findJob(store.db, o.orgId, jobId))?.status).toBe('done');
    await o.receiver.close();
  });

  it('reports a refused import with its errcode', async () => {
    const o = await givenAppWithCallback();
    await importFile(o.asApp, ['张三,13800000001'], '姓名,手机号');
    await o.relay.drain();
    await new CallbackDispatcher(store.db, silent).drain();
    const [event] = o.receiver.received.map((r) => r.fields.BatchJob as Record<string, string>);
    expect(event?.ErrCode).not.toBe('0');
    expect(event?.ErrMsg).toContain('帐号');
    await o.receiver.close();
  });

  it("says nothing about an admin's import", async () => {
    const o = await givenAppWithCallback();
    await importFile(o.ctx, ['王五,wangwu,13800000003,,1,,,,,,,,']);
    await o.relay.drain();
    expect(await listCallbackDeliveries(o.system, o.app.agentId)).toEqual([]);
    await o.receiver.close();
  });
});
