import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { ROOMY_SIGN_IN_LIMITS, startTestServer, type TestServer } from '../../testing/test-server.js';

const MINUTE = 60_000;
const roomy = ROOMY_SIGN_IN_LIMITS;

/** Production's figures (the test server's default), and roomy ones with the per-address ones low. */
let production: TestServer;
let lowPerAddress: TestServer;
beforeAll(async () => {
  const low = [{ limit: 3, ms: 15 * MINUTE }];
  [production, lowPerAddress] = await Promise.all([
    startTestServer(),
    startTestServer(
      {},
      { signInLimits: { ...roomy, perAddress: { ...roomy.perAddress, adminSignIns: low, adminSignUps: low } } },
    ),
  ]);
});
afterAll(async () => Promise.all([production.close(), lowPerAddress.close()]));

let counter = 0;
const email = (who: string) => `${who}-${Date.now().toString(36)}-${(counter += 1)}@limits.test`;

function post(server: TestServer, url: string, body: object, address = '127.0.0.1'): Promise<LightMyRequestResponse> {
  return server.enclave.app.inject({ method: 'POST', url, payload: body, remoteAddress: address });
}
const signIn = (server: TestServer, body: { email: string; password: string }, address?: string) =>
  post(server, '/api/admin/session', body, address);
const signUp = (server: TestServer, body: { email: string; password?: string }, address?: string) =>
  post(server, '/api/admin/signup', { orgName: 'Org', name: 'Owner', password: 'long enough pw', ...body }, address);

describe('admin sign-in limits', () => {
  it('locks an email after ten attempts in the window: then even the right password is refused', async () => {
    const org = await given.org(production.store.db);
    const answers: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      answers.push((await signIn(production, { email: org.owner.email, password: `wrong ${i}` })).statusCode);
    }
    expect(answers).toEqual(Array.from({ length: 10 }, () => 401));
    const right = await signIn(production, { email: org.owner.email, password: org.password });
    expect(right.statusCode).toBe(429);
    expect(right.json()).toMatchObject({ code: 'admin.too_many_attempts' });
    expect(right.headers['set-cookie']).toBeUndefined();
    // Typed differently, it is the same email and the same count.
    const shouted = await signIn(production, { email: ` ${org.owner.email.toUpperCase()} `, password: org.password });
    expect(shouted.statusCode).toBe(429);
    // Another admin is not held up.
    const next = await given.org(production.store.db);
    expect((await signIn(production, { email: next.owner.email, password: next.password })).statusCode).toBe(200);
  });

  it('answers an unknown email exactly as a known one, lock included', async () => {
    const known = await given.org(production.store.db);
    const unknown = email('nobody');
    const seen = [];
    for (const address of [known.owner.email, unknown]) {
      const answers = [];
      for (let i = 0; i < 11; i += 1) {
        const r = await signIn(production, { email: address, password: `wrong ${i}` });
        answers.push([r.statusCode, r.json()]);
      }
      seen.push(answers);
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]?.[10]).toEqual([429, expect.objectContaining({ code: 'admin.too_many_attempts' })]);
  });

  it('limits the sign-ins of one address across emails; another address is not held up', async () => {
    const org = await given.org(lowPerAddress.store.db);
    const answers = [];
    for (let i = 0; i < 3; i += 1) {
      answers.push(
        (await signIn(lowPerAddress, { email: email('spray'), password: org.password }, '10.1.0.1')).statusCode,
      );
    }
    const right = await signIn(lowPerAddress, { email: org.owner.email, password: org.password }, '10.1.0.1');
    expect([...answers, right.statusCode]).toEqual([401, 401, 401, 429]);
    expect(right.json()).toMatchObject({ code: 'admin.too_many_attempts' });
    const elsewhere = await signIn(lowPerAddress, { email: org.owner.email, password: org.password }, '10.1.0.2');
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('admin sign-up', () => {
  it('limits the sign-ups of one email, taken or free alike, before looking it up', async () => {
    const taken = await given.org(production.store.db);
    const free = email('free');
    const answers = { taken: [] as number[], free: [] as number[] };
    for (let i = 0; i < 6; i += 1) {
      answers.taken.push((await signUp(production, { email: taken.owner.email })).statusCode);
      answers.free.push((await signUp(production, { email: free })).statusCode);
    }
    expect(answers.taken).toEqual([202, 202, 202, 202, 202, 429]);
    expect(answers.free).toEqual(answers.taken);
  });

  it('limits the sign-ups of one address, storing nothing beyond the limit', async () => {
    const before = await lowPerAddress.store.db.selectFrom('admin_signups').select('email').execute();
    const answers = [];
    for (let i = 0; i < 4; i += 1)
      answers.push((await signUp(lowPerAddress, { email: email('new') }, '10.2.0.1')).statusCode);
    expect(answers).toEqual([202, 202, 202, 429]);
    expect(await lowPerAddress.store.db.selectFrom('admin_signups').select('email').execute()).toHaveLength(
      before.length + 3,
    );
    expect((await signUp(lowPerAddress, { email: email('new') }, '10.2.0.2')).statusCode).toBe(202);
  });
});
