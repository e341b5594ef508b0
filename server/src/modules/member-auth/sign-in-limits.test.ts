import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { lastCodeSentTo } from '../../testing/member-client.js';
import { ROOMY_SIGN_IN_LIMITS, startTestServer, type TestServer } from '../../testing/test-server.js';
import { createInvite, setSelfJoin } from './member-auth.service.js';

const MINUTE = 60_000;
const roomy = ROOMY_SIGN_IN_LIMITS;

/** One server per set of figures: production's (the test server's default), and roomy ones with one set low. */
let servers: {
  production: TestServer;
  roomy: TestServer;
  lowPerLogin: TestServer;
  lowPerAddress: TestServer;
  behindProxy: TestServer;
};
beforeAll(async () => {
  const low = [{ limit: 3, ms: 10 * MINUTE }];
  const lowAddress = { ...roomy, perAddress: { ...roomy.perAddress, codeRequests: low, codeChecks: low } };
  const [production, roomyServer, lowPerLogin, lowPerAddress, behindProxy] = await Promise.all([
    startTestServer(),
    startTestServer({}, { signInLimits: roomy }),
    startTestServer({}, { signInLimits: { ...roomy, perLogin: { ...roomy.perLogin, codeChecks: low } } }),
    startTestServer({}, { signInLimits: lowAddress }),
    startTestServer({ ENCLAVE_TRUST_PROXY: '1' }, { signInLimits: lowAddress }),
  ]);
  servers = { production, roomy: roomyServer, lowPerLogin, lowPerAddress, behindProxy };
});
afterAll(async () => Promise.all(Object.values(servers).map((s) => s.close())));

function post(server: TestServer, url: string, body: object, address = '127.0.0.1'): Promise<LightMyRequestResponse> {
  return server.enclave.app.inject({ method: 'POST', url, payload: body, remoteAddress: address });
}

const lastCode = (server: TestServer, recipient: string) => lastCodeSentTo(server.store.db, recipient);

const mobile = () => `139${Math.floor(1e7 + Math.random() * 9e7)}`;

/** A member who may sign in by code (self-join allowed), on the given server. */
async function signInable(server: TestServer) {
  const org = await given.org(server.store.db);
  const login = mobile();
  const member = await given.member(org.ctx, { userId: `m${login}`, mobile: login, email: null });
  await setSelfJoin(given.as(org.ctx, { kind: 'system' }), true);
  return { ...org, member, login };
}

const other = (code: string) => (code === '000000' ? '111111' : '000000');

describe('guessing a code', () => {
  it('compares at most five guesses of one code, however many arrive at once', async () => {
    const server = servers.roomy;
    const o = await signInable(server);
    expect((await post(server, '/api/client/codes', { corpId: o.corpId, login: o.login })).statusCode).toBe(200);
    const code = await lastCode(server, o.login);
    const guesses = await Promise.all(
      Array.from({ length: 200 }, () =>
        post(server, '/api/client/session', { corpId: o.corpId, login: o.login, code: other(code) }),
      ),
    );
    expect(new Set(guesses.map((g) => g.statusCode))).toEqual(new Set([400]));
    const right = await post(server, '/api/client/session', { corpId: o.corpId, login: o.login, code });
    expect(right.statusCode).toBe(400);
    expect(right.json()).toMatchObject({ code: 'join.code_invalid' });
    const row = await server.store.db
      .selectFrom('verification_codes')
      .select(['attempts', 'used_at'])
      .where('member_id', '=', o.member.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 5, used_at: null });
  });

  it('refuses the checks of one login beyond its limit, even with the right code, listed or not', async () => {
    const server = servers.lowPerLogin;
    const o = await signInable(server);
    await post(server, '/api/client/codes', { corpId: o.corpId, login: o.login });
    const code = await lastCode(server, o.login);
    for (const login of [o.login, '13000000000']) {
      const answers: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        answers.push(
          (await post(server, '/api/client/session', { corpId: o.corpId, login, code: other(code) })).statusCode,
        );
      }
      const fourth = await post(server, '/api/client/session', { corpId: o.corpId, login, code });
      expect([...answers, fourth.statusCode]).toEqual([400, 400, 400, 429]);
      expect(fourth.json()).toMatchObject({ code: 'join.too_many_attempts' });
    }
    // Another login of the same address is not held up.
    const next = await signInable(server);
    await post(server, '/api/client/codes', { corpId: next.corpId, login: next.login });
    const signedIn = await post(server, '/api/client/session', {
      corpId: next.corpId,
      login: next.login,
      code: await lastCode(server, next.login),
    });
    expect(signedIn.statusCode).toBe(200);
  });

  it('refuses the checks of an invitation beyond its limit, even with the right code', async () => {
    const server = servers.lowPerLogin;
    const o = await signInable(server);
    const invite = await createInvite(given.as(o.ctx, { kind: 'system' }), o.member.userId);
    await post(server, `/api/client/invites/${invite.token}/code`, { channel: 'sms' });
    const code = await lastCode(server, o.login);
    const url = `/api/client/invites/${invite.token}/accept`;
    for (let i = 0; i < 3; i += 1) expect((await post(server, url, { code: other(code) })).statusCode).toBe(400);
    const fourth = await post(server, url, { code });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toMatchObject({ code: 'join.too_many_attempts' });
  });
});

describe('asking for codes', () => {
  it('answers a second request within a minute the same, whether or not the login is listed', async () => {
    const server = servers.production;
    const o = await signInable(server);
    const answers = [];
    for (const login of [o.login, '13000000000']) {
      const first = await post(server, '/api/client/codes', { corpId: o.corpId, login });
      const second = await post(server, '/api/client/codes', { corpId: o.corpId, login });
      answers.push({ first: [first.statusCode, first.body], second: [second.statusCode, second.body] });
    }
    expect(answers[0]?.second[0]).toBe(429);
    expect(JSON.parse(String(answers[0]?.second[1]))).toMatchObject({ code: 'join.code_too_soon' });
    expect(answers[1]).toEqual(answers[0]);
    // The listed one got its one code, the unlisted one nothing.
    expect(
      await server.store.db.selectFrom('dev_outbox').select('id').where('recipient', '=', o.login).execute(),
    ).toHaveLength(1);
  });

  it("sends an invitation's code once a minute; a channel it does not offer is refused without counting", async () => {
    const server = servers.production;
    const o = await signInable(server);
    const invite = await createInvite(given.as(o.ctx, { kind: 'system' }), o.member.userId);
    const url = `/api/client/invites/${invite.token}/code`;
    expect((await post(server, url, { channel: 'email' })).json()).toMatchObject({ code: 'join.no_channel' });
    expect((await post(server, url, { channel: 'sms' })).statusCode).toBe(200);
    const again = await post(server, url, { channel: 'sms' });
    expect(again.statusCode).toBe(429);
    expect(again.json()).toMatchObject({ code: 'join.code_too_soon' });
    expect(
      await server.store.db.selectFrom('dev_outbox').select('id').where('recipient', '=', o.login).execute(),
    ).toHaveLength(1);
  });

  it('limits what one address asks for and checks, across logins; another address is not held up', async () => {
    const server = servers.lowPerAddress;
    const o = await signInable(server);
    const asked = [];
    for (let i = 0; i < 4; i += 1) {
      asked.push(
        (await post(server, '/api/client/codes', { corpId: o.corpId, login: mobile() }, '10.0.0.1')).statusCode,
      );
    }
    expect(asked).toEqual([200, 200, 200, 429]);
    const refused = await post(server, '/api/client/codes', { corpId: o.corpId, login: o.login }, '10.0.0.1');
    expect(refused.json()).toMatchObject({ code: 'join.too_many_attempts' });
    const invite = await createInvite(given.as(o.ctx, { kind: 'system' }), o.member.userId);
    expect(
      (await post(server, `/api/client/invites/${invite.token}/code`, { channel: 'sms' }, '10.0.0.1')).statusCode,
    ).toBe(429);

    expect((await post(server, '/api/client/codes', { corpId: o.corpId, login: o.login }, '10.0.0.2')).statusCode).toBe(
      200,
    );
    const code = await lastCode(server, o.login);
    const checked = [];
    for (let i = 0; i < 3; i += 1) {
      const body = { corpId: o.corpId, login: mobile(), code };
      checked.push((await post(server, '/api/client/session', body, '10.0.0.3')).statusCode);
    }
    const fourth = await post(server, '/api/client/session', { corpId: o.corpId, login: o.login, code }, '10.0.0.3');
    expect([...checked, fourth.statusCode]).toEqual([400, 400, 400, 429]);
    const elsewhere = await post(server, '/api/client/session', { corpId: o.corpId, login: o.login, code }, '10.0.0.4');
    expect(elsewhere.statusCode).toBe(200);
  });

  it('believes X-Forwarded-For only from a trusted proxy, so a forged one does not dodge the limit', async () => {
    const ask = (server: TestServer, forwardedFor: string) =>
      server.enclave.app.inject({
        method: 'POST',
        url: '/api/client/codes',
        payload: { corpId: 'wwnone', login: mobile() },
        remoteAddress: '10.9.0.1',
        headers: { 'x-forwarded-for': forwardedFor },
      });
    const forged = [];
    for (let i = 0; i < 4; i += 1) forged.push((await ask(servers.lowPerAddress, `192.0.2.${i}`)).statusCode);
    expect(forged).toEqual([200, 200, 200, 429]);
    // Behind one trusted proxy, the address it saw is the client's.
    const proxied = [];
    for (let i = 0; i < 4; i += 1) proxied.push((await ask(servers.behindProxy, `192.0.2.${i}`)).statusCode);
    expect(proxied).toEqual([200, 200, 200, 200]);
    const one = [];
    for (let i = 0; i < 4; i += 1) one.push((await ask(servers.behindProxy, '198.51.100.7')).statusCode);
    expect(one).toEqual([200, 200, 200, 429]);
  });
});
