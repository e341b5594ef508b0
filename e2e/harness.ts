import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createEnclave, type Enclave } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { checkResponses } from '../server/src/platform/http/route.js';
import { createDemoOrg } from '../server/src/modules/orgs/demo.js';
import { CHROMIUM, CHROMIUM_MISSING, hasChromium } from './browser-path.js';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // A fake microphone (a tone) that needs no prompt: voice messages are recorded in the journeys.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export type Running = {
  enclave: Enclave;
  baseUrl: string;
  demo: Awaited<ReturnType<typeof createDemoOrg>>;
  close: () => Promise<void>;
};

/** A real Enclave on a free port, on a fresh SQLite file, with the demo org and the built web app. */
export async function startEnclave(): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'enclave-e2e-'));
  const config = loadConfig({
    ENCLAVE_DATA_DIR: dataDir,
    ENCLAVE_LOG_LEVEL: 'warn',
    ENCLAVE_DEMO: '0',
    ENCLAVE_HOST: '127.0.0.1',
    // The journeys' answers are checked against their contracts too: one outside it is a 500 the page shows.
    ENCLAVE_CHECK_RESPONSES: '1',
  });
  checkResponses(config.checkResponses);
  const enclave = await createEnclave(config);
  const demo = await createDemoOrg(enclave.store.db);
  await enclave.app.listen({ port: 0, host: '127.0.0.1' });
  const address = enclave.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    enclave,
    demo,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await enclave.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  if (!hasChromium()) {
    const missing = new Error(CHROMIUM_MISSING);
    missing.stack = CHROMIUM_MISSING; // one line, not a trace into the harness
    return Promise.reject(missing);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export type JourneyEnv = { running: Running; browser: Browser; contexts: BrowserContext[] };

/**
 * For a describe block: a real Enclave and a browser before its tests, and after them every context the
 * tests pushed on `contexts` closed, the browser closed and Enclave stopped.
 */
export function enclaveAndBrowser(): JourneyEnv {
  const env = { contexts: [] } as unknown as JourneyEnv;
  beforeAll(async () => {
    [env.running, env.browser] = await Promise.all([startEnclave(), launchBrowser()]);
  });
  afterAll(async () => {
    await Promise.all(env.contexts.map((c) => c.close().catch(() => undefined)));
    await env.browser?.close();
    await env.running?.close();
  });
  return env;
}
