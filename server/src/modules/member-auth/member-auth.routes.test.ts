import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { lastCodeSentTo } from '../../testing/member-client.js';
import { ROOMY_SIGN_IN_LIMITS, startTestServer, type TestServer } from '../../testing/test-server.js';
import { setMemberEnabled } from '../directory/index.js';
import { sendAppMessage } from '../messaging/index.js';
import { createInvite, setSelfJoin } from './member-auth.service.js';

let server: TestServer;
beforeAll(async () => {
  // These tests sign the same people in again and again; the limits have their own (sign-in-limits.test.ts).
  server = await startTestServer({}, { signInLimits: ROOMY_SIGN_IN_LIMITS });
});
afterAll(async () => server.close());

type Call = { method?: 'GET' | 'POST' | 'DELETE'; url: string; body?: unknown; cookie?: string; csrf?: string };
async function call(c: Call): Promise<LightMyRequestResponse> {
  return server.enclave.app.inject({
    method: c.method ?? (c.body === undefined ? 'GET' : 'POST'),
    url: c.url,
    ...(c.body === undefined ? {} : { payload: c.body as object }),
    headers: {
      ...(c.cookie ? { cookie: c.cookie } : {}),
      ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}),
      'user-agent': 'test-phone',
    },
  });
}

const lastCode = (recipient: string) => lastCodeSentTo(server.store.db, recipient);

function cookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'enclave_member');
  if (!cookie) throw new Error(`no session cookie: ${response.body}`);
  expect(cookie.httpOnly).toBe(true);
  return `enclave_member=${cookie.value}`;
}

async function givenListedMember(mobile = `139${Math.floor(1e7 + Math.random() * 9e7)}`) {
  const org = await given.org(server.store.db);
  const member = await given.member(org.ctx, { userId: `m${mobile}`, mobile, email: null });
  return { ...org, member, mobile };
}

describe('joining by invitation', () => {
  it('activates the listed member once they prove the code sent to their listed mobile', async () => {
    const o = await givenListedMember();
    const invite = await createInvite(given.as(o.ctx, { kind: 'system' }), o.member.userId);
    const page = await call({ url: `/api/client/invites/${invite.token}` });
    expect(page.json()).toMatchObject({
      member: { name: o.member.name },
      channels: [{ channel: 'sms', to: `${o.mobile.slice(0, 3)}****${o.mobile.slice(-4)}` }],
    });
    expect((await call({ url: `/api/client/invites/${invite.token}/code`, body: { channel: 'sms' } })).statusCode).toBe(
      200,
    );
    expect(
      (await call({ url: `/api/client/invites/${invite.token}/code`, body: { channel: 'email' } })).statusCode,
    ).toBe(400);
    const code = await lastCode(o.mobile);
    const wrong = await call({
      url: `/api/client/invites/${invite.token}/accept`,
      body: { code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.json()).toMatchObject({ code: 'join.code_invalid' });
    const accepted = await call({ url: `/api/client/invites/${invite.token}/accept`, body: { code } });
    expect(accepted.statusCode).toBe(200);
    const session = await call({ url: '/api/client/session', cookie: cookieOf(accepted) });
    expect(session.json()).toMatchObject({ member: { userId: o.member.userId, status: 'active' } });
    expect((await call({ url: `/api/client/invites/${invite.token}` })).statusCode).toBe(404);
  });

  it('stops accepting a code after five wrong tries', async () => {
    const o = await givenListedMember();
    const invite = await createInvite(given.as(o.ctx, { kind: 'system' }), o.member.userId);
    await call({ url: `/api/client/invites/${invite.token}/code`, body: { channel: 'sms' } });
    const code = await lastCode(o.mobile);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i += 1)
      await call({ url: `/api/client/invites/${invite.token}/accept`, body: { code: wrong } });
    expect((await call({ url: `/api/client/invites/${invite.token}/accept`, body: { code } })).json()).toMatchObject({
      code: 'join.code_invalid',
    });
  });
});

describe('signing in and QR self-join', () => {
  it('answers the same for an unlisted login and sends nothing', async () => {
    const o = await givenListedMember();
    const answer = await call({ url: '/api/client/codes', body: { corpId: o.corpId, login: '13000000000' } });
    expect(answer.statusCode).toBe(200);
    expect(
      await server.store.db.selectFrom('dev_outbox').select('id').where('recipient', '=', '13000000000').execute(),
    ).toHaveLength(0);
  });

  it('lets an invited member join by the org code only when the admin allows it', async () => {
    const o = await givenListedMember();
    await call({ url: '/api/client/codes', body: { corpId: o.corpId, login: o.mobile } });
    expect(
      await server.store.db.selectFrom('dev_outbox').select('id').where('recipient', '=', o.mobile).execute(),
    ).toHaveLength(0);
    await setSelfJoin(given.as(o.ctx, { kind: 'system' }), true);
    await call({ url: '/api/client/codes', body: { corpId: o.corpId, login: o.mobile } });
    const signedIn = await call({
      url: '/api/client/session',
      body: { corpId: o.corpId, login: o.mobile, code: await lastCode(o.mobile) },
    });
    expect(signedIn.statusCode).toBe(200);
    expect((await call({ url: '/api/client/session', cookie: cookieOf(signedIn) })).json()).toMatchObject({
      member: { status: 'active' },
    });
  });
});

describe('sessions', () => {
  async function signedIn() {
    const o = await givenListedMember();
    await setSelfJoin(given.as(o.ctx, { kind: 'system' }), true);
    const open = async () => {
      await server.store.db.deleteFrom('verification_codes').where('member_id', '=', o.member.id).execute();
      await call({ url: '/api/client/codes', body: { corpId: o.corpId, login: o.mobile } });
      const r = await call({
        url: '/api/client/session',
        body: { corpId: o.corpId, login: o.mobile, code: await lastCode(o.mobile) },
      });
      return { cookie: cookieOf(r), csrf: (r.json() as { csrfToken: string }).csrfToken };
    };
    return { ...o, open };
  }

  it("lists the member's devices and ends another one", async () => {
    const o = await signedIn();
    const phone = await o.open();
    const laptop = await o.open();
    const devices = (await call({ url: '/api/client/devices', cookie: phone.cookie })).json() as {
      items: { id: number; current: boolean }[];
    };
    expect(devices.items).toHaveLength(2);
    const other = devices.items.find((d) => !d.current);
    expect(
      (await call({ method: 'DELETE', url: `/api/client/devices/${other?.id}`, cookie: phone.cookie })).statusCode,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'DELETE',
          url: `/api/client/devices/${other?.id}`,
          cookie: phone.cookie,
          csrf: phone.csrf,
        })
      ).statusCode,
    ).toBe(200);
    expect((await call({ url: '/api/client/session', cookie: laptop.cookie })).statusCode).toBe(401);
    expect((await call({ url: '/api/client/session', cookie: phone.cookie })).statusCode).toBe(200);
  });

  it("signs out, and a disabled member's session stops working", async () => {
    const o = await signedIn();
    const a = await o.open();
    expect(
      (await call({ method: 'DELETE', url: '/api/client/session', cookie: a.cookie, csrf: a.csrf })).statusCode,
    ).toBe(200);
    expect((await call({ url: '/api/client/session', cookie: a.cookie })).statusCode).toBe(401);
    const b = await o.open();
    await setMemberEnabled(o.ctx, o.member.userId, false);
    expect((await call({ url: '/api/client/session', cookie: b.cookie })).statusCode).toBe(401);
  });

  it("reads only the member's own inbox, in seq order after a given seq", async () => {
    const o = await signedIn();
    const colleague = await given.member(o.ctx, { userId: 'colleague' });
    const { app } = await given.app(o.ctx);
    for (const content of ['一', '二', '三']) {
      await sendAppMessage(o.ctx, {
        app,
        audience: { userIds: [o.member.userId] },
        msgType: 'text',
        payload: { content },
      });
    }
    await sendAppMessage(o.ctx, {
      app,
      audience: { userIds: [colleague.userId] },
      msgType: 'text',
      payload: { content: 'private' },
    });
    const s = await o.open();
    const inbox = (await call({ url: '/api/client/inbox?after=1', cookie: s.cookie })).json() as {
      items: { seq: number; message: { payload: unknown } }[];
    };
    expect(inbox.items.map((e) => [e.seq, e.message.payload])).toEqual([
      [2, { content: '二' }],
      [3, { content: '三' }],
    ]);
    expect((await call({ url: '/api/client/inbox' })).statusCode).toBe(401);
  });
});
