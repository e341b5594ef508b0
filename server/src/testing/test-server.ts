import type { LightMyRequestResponse } from 'fastify';
import { createEnclave, type Enclave } from '../app.js';
import { loadConfig } from '../config.js';
import { SIGN_IN_LIMITS, type SignInLimits } from '../platform/sign-in-limits.js';
import { createTestStore, type TestStore } from './test-store.js';

export type TestServer = {
  enclave: Enclave;
  store: TestStore;
  /** Calls a /cgi-bin endpoint and returns its JSON body (asserting WeCom's HTTP 200). */
  cgi: (
    path: string,
    options?: { token?: string; query?: Record<string, string | number>; body?: unknown },
  ) => Promise<Record<string, unknown>>;
  /** An access token for a corpid and secret. */
  token: (corpId: string, secret: string) => Promise<string>;
  close: () => Promise<void>;
};

const ROOM = [{ limit: 100_000, ms: 60_000 }];

/** Sign-in limits that never refuse: for tests of other things that sign the same person in again and again. */
export const ROOMY_SIGN_IN_LIMITS: SignInLimits = {
  perLogin: { codeRequests: ROOM, codeChecks: ROOM, adminSignIns: ROOM, adminSignUps: ROOM },
  perAddress: {
    codeRequests: ROOM,
    codeChecks: ROOM,
    adminSignIns: ROOM,
    adminSignUps: ROOM,
    adminSignUpConfirms: ROOM,
  },
};

/**
 * Production's sign-in limits per login, and room per address: every injected request comes from 127.0.0.1,
 * where production would see one person's address, so a test file's many sign-ins must not add up.
 */
const TEST_SIGN_IN_LIMITS: SignInLimits = {
  perLogin: SIGN_IN_LIMITS.perLogin,
  perAddress: ROOMY_SIGN_IN_LIMITS.perAddress,
};

/** A whole Enclave (HTTP included, no port opened) on a fresh test database. */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { signInLimits?: SignInLimits } = {},
): Promise<TestServer> {
  const store = await createTestStore();
  const config = loadConfig({
    ENCLAVE_DATABASE_URL: store.url,
    ENCLAVE_DATA_DIR: store.dataDir,
    ENCLAVE_LOG_LEVEL: 'silent',
    ENCLAVE_DEMO: '0',
    // Every answer a test gets is checked against its contract: one outside it is a 500 naming what differs.
    ENCLAVE_CHECK_RESPONSES: '1',
    ...env,
  });
  const enclave = await createEnclave(config, { signInLimits: options.signInLimits ?? TEST_SIGN_IN_LIMITS });
  const cgi: TestServer['cgi'] = async (path, options = {}) => {
    const query = new URLSearchParams();
    if (options.token) query.set('access_token', options.token);
    for (const [k, v] of Object.entries(options.query ?? {})) query.set(k, String(v));
    const response: LightMyRequestResponse = await enclave.app.inject({
      method: options.body === undefined ? 'GET' : 'POST',
      url: `/cgi-bin/${path}?${query.toString()}`,
      ...(options.body === undefined
        ? {}
        : { payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    if (response.statusCode !== 200)
      throw new Error(`/cgi-bin/${path} answered HTTP ${response.statusCode}: ${response.body}`);
    return response.json();
  };
  return {
    enclave,
    store,
    cgi,
    token: async (corpId, secret) => {
      const body = await cgi('gettoken', { query: { corpid: corpId, corpsecret: secret } });
      if (body.errcode !== 0) throw new Error(`gettoken failed: ${JSON.stringify(body)}`);
      return body.access_token as string;
    },
    close: async () => {
      await enclave.close();
      await store.drop();
    },
  };
}
