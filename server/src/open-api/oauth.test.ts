import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { signJsapiConfig } from '../modules/oauth/index.js';
import {
  codeFor,
  givenOAuthOrg,
  signedInMember,
  trustDomain,
  TRUSTED_HOST,
} from '../modules/oauth/oauth.test-support.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const privateinfo = { scope: 'snsapi_privateinfo' };

describe('auth/getuserinfo and user/getuserinfo', () => {
  it('answers the current path in lowercase and the legacy path in CamelCase', async () => {
    const org = await givenOAuthOrg(server);
    const { member, browser } = await signedInMember(server, org);
    const current = await server.cgi('auth/getuserinfo', {
      token: org.token,
      query: { code: await codeFor(server, org, {}, browser) },
    });
    expect(current).toEqual({ errcode: 0, errmsg: 'ok', userid: member.userId });
    const legacy = await server.cgi('user/getuserinfo', {
      token: org.token,
      query: { code: await codeFor(server, org, {}, browser), agentid: String(org.app.agentId) },
    });
    expect(legacy).toEqual({ errcode: 0, errmsg: 'ok', UserId: member.userId, DeviceId: '', userid: member.userId });
  });

  it('adds a user_ticket for privateinfo, on both paths', async () => {
    const org = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, org);
    const current = await server.cgi('auth/getuserinfo', {
      token: org.token,
      query: { code: await codeFor(server, org, privateinfo, browser) },
    });
    expect(current).toMatchObject({ errcode: 0, expires_in: 1800, user_ticket: expect.any(String) });
    const legacy = await server.cgi('user/getuserinfo', {
      token: org.token,
      query: { code: await codeFor(server, org, privateinfo, browser) },
    });
    expect(legacy).toMatchObject({ errcode: 0, expires_in: 1800, user_ticket: expect.any(String) });
  });

  it('refuses an unknown, spent or expired code with 40029, and a missing one with 41008', async () => {
    const org = await givenOAuthOrg(server);
    const code = await codeFor(server, org);
    expect(await server.cgi('auth/getuserinfo', { token: org.token, query: { code: 'nonsense' } })).toMatchObject({
      errcode: 40029,
    });
    expect(await server.cgi('auth/getuserinfo', { token: org.token })).toMatchObject({ errcode: 41008 });
    await server.store.db
      .updateTable('oauth_codes')
      .set({ expires_at: Date.now() - 1 })
      .where('org_id', '=', org.orgId)
      .execute();
    expect(await server.cgi('auth/getuserinfo', { token: org.token, query: { code } })).toMatchObject({
      errcode: 40029,
    });
  });

  it('refuses a code issued for another app without spending it, and wants an app token', async () => {
    const org = await givenOAuthOrg(server);
    const other = await given.app(org.ctx, { name: 'Other' });
    const otherToken = await server.token(org.corpId, other.secret);
    const code = await codeFor(server, org);
    expect(await server.cgi('auth/getuserinfo', { token: otherToken, query: { code } })).toMatchObject({
      errcode: 40029,
    });
    const directory = await server.token(org.corpId, org.contactSecret);
    expect(await server.cgi('auth/getuserinfo', { token: directory, query: { code } })).toMatchObject({
      errcode: 301002,
    });
    expect(
      await server.cgi('user/getuserinfo', { token: org.token, query: { code, agentid: other.app.agentId } }),
    ).toMatchObject({ errcode: 301002 });
    expect(await server.cgi('auth/getuserinfo', { token: org.token, query: { code } })).toMatchObject({ errcode: 0 });
  });

  it("lets an app of the org exchange a code asked for without an agentid when it trusts the code's host", async () => {
    const org = await givenOAuthOrg(server);
    const other = await given.app(org.ctx, { name: 'Other' });
    const code = await codeFor(server, org, { agentid: undefined });
    const otherToken = await server.token(org.corpId, other.secret);
    // The other app trusts no domain: 50001, and the code stays live.
    expect(await server.cgi('auth/getuserinfo', { token: otherToken, query: { code } })).toMatchObject({
      errcode: 50001,
    });
    await trustDomain(org.ctx, other.app.agentId, TRUSTED_HOST);
    expect(await server.cgi('auth/getuserinfo', { token: otherToken, query: { code } })).toMatchObject({ errcode: 0 });
  });

  it("refuses a code with 50001 once its host is no longer the app's trusted domain", async () => {
    const org = await givenOAuthOrg(server);
    const code = await codeFor(server, org);
    await trustDomain(org.ctx, org.app.agentId, 'moved.example.com');
    expect(await server.cgi('auth/getuserinfo', { token: org.token, query: { code } })).toMatchObject({
      errcode: 50001,
    });
  });
});

describe('auth/getuserdetail and user/getuserdetail', () => {
  it("returns the member's private fields while the ticket lives, then 84014", async () => {
    const org = await givenOAuthOrg(server);
    const { member, browser } = await signedInMember(server, org);
    const info = await server.cgi('auth/getuserinfo', {
      token: org.token,
      query: { code: await codeFor(server, org, privateinfo, browser) },
    });
    const body = { user_ticket: info.user_ticket };
    expect(await server.cgi('auth/getuserdetail', { token: org.token, body })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: member.userId,
      gender: String(member.gender),
      avatar: member.avatar,
      qr_code: '',
      mobile: member.mobile ?? '',
      email: member.email,
      biz_mail: '',
      address: member.address,
    });
    expect(await server.cgi('user/getuserdetail', { token: org.token, body })).toMatchObject({
      errcode: 0,
      userid: member.userId,
      name: member.name,
      department: member.departments.map((d) => d.id),
      position: member.position,
    });
    await server.store.db
      .updateTable('oauth_user_tickets')
      .set({ expires_at: Date.now() - 1 })
      .where('org_id', '=', org.orgId)
      .execute();
    expect(await server.cgi('auth/getuserdetail', { token: org.token, body })).toMatchObject({ errcode: 84014 });
  });

  it('refuses an unknown ticket, another app’s ticket and a missing one', async () => {
    const org = await givenOAuthOrg(server);
    const info = await server.cgi('auth/getuserinfo', {
      token: org.token,
      query: { code: await codeFor(server, org, privateinfo) },
    });
    const other = await given.app(org.ctx, { name: 'Other' });
    const otherToken = await server.token(org.corpId, other.secret);
    for (const [token, body, errcode] of [
      [org.token, { user_ticket: 'unknown' }, 84015],
      [otherToken, { user_ticket: info.user_ticket }, 84015],
      [org.token, {}, 40058],
    ] as const) {
      expect(await server.cgi('auth/getuserdetail', { token, body })).toMatchObject({ errcode });
    }
  });
});

describe('the org wall', () => {
  it("refuses org A's code and user_ticket with org B's app token", async () => {
    const a = await givenOAuthOrg(server);
    const b = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, a);
    const code = await codeFor(server, a, {}, browser);
    expect(await server.cgi('auth/getuserinfo', { token: b.token, query: { code } })).toMatchObject({ errcode: 40029 });
    expect(await server.cgi('user/getuserinfo', { token: b.token, query: { code } })).toMatchObject({ errcode: 40029 });
    const info = await server.cgi('auth/getuserinfo', {
      token: a.token,
      query: { code: await codeFor(server, a, privateinfo, browser) },
    });
    expect(
      await server.cgi('auth/getuserdetail', { token: b.token, body: { user_ticket: info.user_ticket } }),
    ).toMatchObject({ errcode: 84015 });
    const ticketA = (await server.cgi('get_jsapi_ticket', { token: a.token })).ticket;
    expect((await server.cgi('get_jsapi_ticket', { token: b.token })).ticket).not.toBe(ticketA);
  });
});

describe('JS-SDK tickets', () => {
  it('returns the same ticket while it lives, and a new one after', async () => {
    const org = await givenOAuthOrg(server);
    const first = await server.cgi('get_jsapi_ticket', { token: org.token });
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(String(first.ticket).length).toBeGreaterThanOrEqual(80);
    const again = await server.cgi('get_jsapi_ticket', { token: org.token });
    expect(again.ticket).toBe(first.ticket);
    expect(again.expires_in).toBeLessThanOrEqual(7200);
    const app = await server.cgi('ticket/get', { token: org.token, query: { type: 'agent_config' } });
    expect(app).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(app.ticket).not.toBe(first.ticket);
    await server.store.db
      .updateTable('jsapi_tickets')
      .set({ expires_at: Date.now() - 1 })
      .where('org_id', '=', org.orgId)
      .execute();
    expect((await server.cgi('get_jsapi_ticket', { token: org.token })).ticket).not.toBe(first.ticket);
  });

  it('refuses a ticket type other than agent_config (91040) and wants an app token for it', async () => {
    const org = await givenOAuthOrg(server);
    for (const type of ['jsapi', '']) {
      expect(await server.cgi('ticket/get', { token: org.token, query: { type } })).toMatchObject({ errcode: 91040 });
    }
    const directory = await server.token(org.corpId, org.contactSecret);
    expect(await server.cgi('ticket/get', { token: directory, query: { type: 'agent_config' } })).toMatchObject({
      errcode: 301002,
    });
  });

  it('answers 45009 past 100 app tickets and 400 org tickets an hour', async () => {
    const org = await givenOAuthOrg(server);
    for (let i = 0; i < 100; i += 1) {
      await server.cgi('ticket/get', { token: org.token, query: { type: 'agent_config' } });
    }
    expect(await server.cgi('ticket/get', { token: org.token, query: { type: 'agent_config' } })).toMatchObject({
      errcode: 45009,
    });
    for (let i = 0; i < 400; i += 1) await server.cgi('get_jsapi_ticket', { token: org.token });
    expect(await server.cgi('get_jsapi_ticket', { token: org.token })).toMatchObject({ errcode: 45009 });
    const other = await givenOAuthOrg(server);
    expect(await server.cgi('get_jsapi_ticket', { token: other.token })).toMatchObject({ errcode: 0 });
  });

  it('signs the official JS-SDK vector (wecom-api.md §9)', async () => {
    const org = await givenOAuthOrg(server);
    await server.store.db
      .insertInto('jsapi_tickets')
      .values({
        org_id: org.orgId,
        app_id: 0,
        ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
        created_at: Date.now(),
        expires_at: Date.now() + 60_000,
      })
      .execute();
    const { member } = await signedInMember(server, org);
    await trustDomain(org.ctx, org.app.agentId, 'mp.weixin.qq.com');
    const ctx = given.as(org.ctx, { kind: 'member', memberId: member.id, userId: member.userId });
    const signed = await signJsapiConfig(ctx, {
      url: 'http://mp.weixin.qq.com?params=value',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
    });
    expect(signed).toEqual({
      appId: org.corpId,
      timestamp: 1414587457,
      nonceStr: 'Wm3WZYTPz0wzccnW',
      signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    });
  });
});
