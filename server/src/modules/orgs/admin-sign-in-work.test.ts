import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import * as secrets from '../../platform/secrets.js';
import { given } from '../../testing/given.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

// The real password check, watched: whether an email is known must not change the work a sign-in does
// (a known one costs a scrypt, so an unknown one must cost one too).
vi.mock('../../platform/secrets.js', async (importOriginal) => {
  const actual = await importOriginal<typeof secrets>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());
beforeEach(() => {
  vi.mocked(secrets.verifyPassword).mockClear();
});

const signIn = (email: string, password: string) =>
  server.enclave.app.inject({ method: 'POST', url: '/api/admin/session', payload: { email, password } });

it('checks a password against a scrypt hash once, whether or not the email is known', async () => {
  const org = await given.org(server.store.db);
  const calls = [];
  for (const email of [org.owner.email, `nobody-${Date.now()}@work.test`]) {
    vi.mocked(secrets.verifyPassword).mockClear();
    expect((await signIn(email, 'wrong password')).statusCode).toBe(401);
    calls.push(vi.mocked(secrets.verifyPassword).mock.calls.map(([password, hash]) => [password, hash.split('$')[0]]));
  }
  expect(calls).toEqual([[['wrong password', 'scrypt']], [['wrong password', 'scrypt']]]);
});

it('checks no password once the email is locked', async () => {
  const org = await given.org(server.store.db);
  for (let i = 0; i < 10; i += 1) await signIn(org.owner.email, `wrong ${i}`);
  vi.mocked(secrets.verifyPassword).mockClear();
  expect((await signIn(org.owner.email, org.password)).statusCode).toBe(429);
  expect(vi.mocked(secrets.verifyPassword).mock.calls).toEqual([]);
});
