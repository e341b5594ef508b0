import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createEnclave, type Enclave } from '../app.js';
import { loadConfig } from '../config.js';
import { enqueueJob, findJob } from '../platform/jobs/jobs.js';
import { given } from '../testing/given.js';
import { createTestStore, type TestStore } from '../testing/test-store.js';

/**
 * ENCLAVE_ROLES splits what processes of one deployment do (docs/cluster.md): an `api` process serves the
 * APIs and runs no jobs; a `worker` runs the jobs and serves no API; `realtime` alone holds WebSockets.
 */
let store: TestStore;
const started: Enclave[] = [];
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => {
  for (const enclave of started) await enclave.close();
  await store.drop();
});

async function processWith(roles: string) {
  const enclave = await createEnclave(
    loadConfig({
      ENCLAVE_DATABASE_URL: store.url,
      ENCLAVE_DATA_DIR: store.dataDir,
      ENCLAVE_LOG_LEVEL: 'silent',
      ENCLAVE_DEMO: '0',
      ENCLAVE_ROLES: roles,
    }),
  );
  started.push(enclave);
  let ran = 0;
  enclave.jobs.register('test.roles', () => {
    ran += 1;
    return Promise.resolve({});
  });
  return { enclave, ran: () => ran };
}

/** Opens a WebSocket without a session: how the process answers it. */
async function upgrade(enclave: Enclave): Promise<string> {
  await enclave.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = enclave.app.server.address() as AddressInfo;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/client/ws`, { origin: `http://127.0.0.1:${port}` });
  return new Promise((resolve) => {
    socket.on('unexpected-response', (_request, response) => resolve(`refused ${response.statusCode ?? 0}`));
    socket.on('close', (code) => resolve(`closed ${code}`));
    socket.on('error', () => undefined);
  });
}

const statusOf = async (enclave: Enclave, url: string) => (await enclave.app.inject({ method: 'GET', url })).statusCode;

describe('process roles', () => {
  it('an api process serves the admin, client and open API, holds no sockets and runs no job', async () => {
    const api = await processWith('api');
    expect(await statusOf(api.enclave, '/api/admin/session')).toBe(401);
    expect((await api.enclave.app.inject({ url: '/cgi-bin/gettoken' })).json()).toMatchObject({ errcode: 41002 });
    expect(await statusOf(api.enclave, '/api/client/ws')).toBe(404);

    const worker = await processWith('worker');
    expect(await statusOf(worker.enclave, '/api/admin/session')).toBe(404);
    expect(await statusOf(worker.enclave, '/api/client/ws')).toBe(404);

    const org = await given.org(store.db);
    const id = await enqueueJob(store.db, org.orgId, 'test.roles', {});
    worker.enclave.jobs.poke();
    await expect.poll(async () => (await findJob(store.db, org.orgId, id))?.status, { timeout: 10_000 }).toBe('done');
    expect(worker.ran()).toBe(1);
    expect(api.ran()).toBe(0);
  });

  it('a realtime process takes WebSocket upgrades (and asks for a session), an api process has none', async () => {
    const realtime = await processWith('realtime');
    expect(await statusOf(realtime.enclave, '/api/admin/session')).toBe(404);
    expect(await upgrade(realtime.enclave)).toBe('closed 4401');
    expect(await upgrade((await processWith('api')).enclave)).toBe('refused 404');
  });
});
