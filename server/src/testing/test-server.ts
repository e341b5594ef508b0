import type { LightMyRequestResponse } from 'fastify';
import { createEnclave, type Enclave } from '../app.js';
import { loadConfig } from '../config.js';
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

/** A whole Enclave (HTTP included, no port opened) on a fresh test database. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const store = await createTestStore();
  const config = loadConfig({
    ENCLAVE_DATABASE_URL: store.url,
    ENCLAVE_DATA_DIR: store.dataDir,
    ENCLAVE_LOG_LEVEL: 'silent',
    ENCLAVE_DEMO: '0',
    ...env,
  });
  const enclave = await createEnclave(config);
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
