import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnclave } from '../../../../server/src/app.js';
import { loadConfig } from '../../../../server/src/config.js';
import { createApp } from '../../../../server/src/modules/apps/apps.service.js';
import { createOrg } from '../../../../server/src/modules/orgs/orgs.service.js';
import type { OrgContext } from '../../../../server/src/platform/context.js';

let counter = 0;

/**
 * A real Enclave listening on a free local port (fresh SQLite data directory), with one org and one app that may
 * edit the directory: what an app developer's code talks to. Test-only; not exported by the package.
 */
export async function startLiveEnclave() {
  const dataDir = mkdtempSync(join(tmpdir(), 'enclave-sdk-'));
  const enclave = await createEnclave(
    loadConfig({
      ENCLAVE_DATA_DIR: dataDir,
      ENCLAVE_LOG_LEVEL: 'silent',
      ENCLAVE_DEMO: '0',
      ENCLAVE_HOST: '127.0.0.1',
    }),
  );
  await enclave.app.listen({ port: 0, host: '127.0.0.1' });
  const address = enclave.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const db = enclave.store.db;

  /** A new org with an app; each test takes its own so that none sees another's rows. */
  const givenOrg = async () => {
    counter += 1;
    const org = await createOrg(db, {
      name: `SDK Org ${counter}`,
      owner: { name: 'Owner', email: `owner-${counter}-${Date.now()}@sdk.test`, password: 'correct horse battery' },
    });
    const system: OrgContext = { db, orgId: org.orgId, actor: { kind: 'system' } };
    const { app, secret } = await createApp(system, { name: 'SDK App', canWriteDirectory: true });
    return { ...org, system, app, appSecret: secret };
  };

  return {
    enclave,
    db,
    baseUrl: `http://127.0.0.1:${port}`,
    givenOrg,
    close: async () => {
      await enclave.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type LiveEnclave = Awaited<ReturnType<typeof startLiveEnclave>>;
