import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnclave, type Enclave } from './app.js';
import { loadConfig } from './config.js';
import { createTestStore, type TestStore } from './testing/test-store.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

/** Runs the CLI on the test database, as an operator would; resolves even when it exits non-zero. */
function cli(args: string[], databaseUrl: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      TSX,
      ['server/src/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ENCLAVE_DATABASE_URL: databaseUrl, ENCLAVE_LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        done({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

function lastJsonLine(stdout: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Record<string, unknown>;
}

let store: TestStore;
let enclave: Enclave | undefined;
beforeAll(async () => {
  // A fresh database (a temporary SQLite file, or a new PostgreSQL database when ENCLAVE_TEST_STORE=postgres).
  store = await createTestStore();
});
afterAll(async () => {
  await enclave?.close();
  await store.drop();
});

/** A server on the database the CLI wrote to, started once. */
async function server(): Promise<Enclave> {
  enclave ??= await createEnclave(
    loadConfig({
      ENCLAVE_DATABASE_URL: store.url,
      ENCLAVE_DATA_DIR: store.dataDir,
      ENCLAVE_LOG_LEVEL: 'silent',
      ENCLAVE_DEMO: '0',
    }),
  );
  return enclave;
}

describe('enclave CLI', () => {
  it('creates an org and a directory-writing app that a server on the same database accepts', async () => {
    const org = await cli(['org', 'create', '--name', 'CLI 公司', '--json'], store.url);
    expect(org.code, org.stderr).toBe(0);
    const created = lastJsonLine(org.stdout);
    expect(created).toMatchObject({
      corpid: expect.stringMatching(/^ww[0-9a-f]{16}$/),
      contact_secret: expect.any(String),
      admin: { email: expect.any(String), password: expect.any(String), role: 'owner' },
    });

    const app = await cli(
      ['app', 'create', '--corpid', created.corpid as string, '--name', 'HR Sync', '--directory-write', '--json'],
      store.url,
    );
    expect(app.code, app.stderr).toBe(0);
    const { agentid, secret } = lastJsonLine(app.stdout);
    expect(agentid).toBe(1000002);
    expect(typeof secret).toBe('string');

    const { app: http } = await server();
    const get = async (url: string, payload?: unknown) => {
      const response = await http.inject({
        method: payload === undefined ? 'GET' : 'POST',
        url,
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
      expect(response.statusCode).toBe(200);
      return response.json() as Record<string, unknown>;
    };
    const token = await get(`/cgi-bin/gettoken?corpid=${created.corpid as string}&corpsecret=${secret as string}`);
    expect(token).toMatchObject({ errcode: 0, expires_in: 7200 });
    const accessToken = token.access_token as string;
    expect(
      await get(`/cgi-bin/department/create?access_token=${accessToken}`, { name: '研发部', parentid: 1 }),
    ).toMatchObject({ errcode: 0, id: 2 });
    const directory = await get(
      `/cgi-bin/gettoken?corpid=${created.corpid as string}&corpsecret=${created.contact_secret as string}`,
    );
    expect(directory).toMatchObject({ errcode: 0 });

    const admin = created.admin as { email: string; password: string };
    const signIn = await http.inject({ method: 'POST', url: '/api/admin/session', payload: admin });
    expect(signIn.statusCode).toBe(200);
  });

  it('creates an app without directory rights unless asked', async () => {
    const org = lastJsonLine((await cli(['org', 'create', '--name', 'Plain', '--json'], store.url)).stdout);
    const app = await cli(['app', 'create', '--corpid', org.corpid as string, '--name', 'Reader', '--json'], store.url);
    const { secret } = lastJsonLine(app.stdout);
    const { app: http } = await server();
    const token = (
      await http.inject({ url: `/cgi-bin/gettoken?corpid=${org.corpid as string}&corpsecret=${secret as string}` })
    ).json() as { access_token: string };
    const create = await http.inject({
      method: 'POST',
      url: `/cgi-bin/department/create?access_token=${token.access_token}`,
      payload: JSON.stringify({ name: 'Nope', parentid: 1 }),
    });
    expect(create.json()).toMatchObject({ errcode: 60011 });
  });

  it('exits 2 with a message for missing arguments and an unknown corpid', async () => {
    const noName = await cli(['org', 'create', '--json'], store.url);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--name');
    const unknown = await cli(['app', 'create', '--corpid', 'ww0000000000000000', '--name', 'X', '--json'], store.url);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('ww0000000000000000');
    const usage = await cli([], store.url);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage:');
    const badEmail = await cli(['org', 'create', '--name', 'X', '--admin-email', 'not-an-email', '--json'], store.url);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('admin.invalid_email');
  });
});
