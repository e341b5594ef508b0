import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsapiSignature } from '@enclave/sdk/crypto';
import { given } from '../../testing/given.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { replaceAppScope, setAppEnabled } from '../apps/index.js';
import {
  authorizeUrl,
  browse,
  codeOf,
  givenOAuthOrg,
  signedInMember,
  trustDomain,
  TRUSTED_HOST,
  type Browser,
} from './oauth.test-support.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const REDIRECT = `https://${TRUSTED_HOST}/cb`;

const codeRows = (orgId: number) =>
  server.store.db.selectFrom('oauth_codes').select('code_hash').where('org_id', '=', orgId).execute();

describe('GET /connect/oauth2/authorize', () => {
  it('sends a signed-in member back to the app with a code and the state, exchangeable once', async () => {
    const org = await givenOAuthOrg(server);
    const { member, browser } = await signedInMember(server, org);
    const response = await browse(
      server,
      authorizeUrl({
        appid: org.corpId,
        redirect_uri: `${REDIRECT}?x=1#/page`,
        state: 'abc123',
        agentid: org.app.agentId,
      }),
      browser,
    );
    const { code, state, url } = codeOf(response);
    expect(url.origin + url.pathname).toBe(REDIRECT);
    expect(url.searchParams.get('x')).toBe('1');
    expect(url.hash).toBe('#/page');
    expect(state).toBe('abc123');
    expect(code.length).toBeGreaterThan(20);
    expect(await server.cgi('auth/getuserinfo', { token: org.token, query: { code } })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: member.userId,
    });
    expect(await server.cgi('auth/getuserinfo', { token: org.token, query: { code } })).toMatchObject({
      errcode: 40029,
    });
  });

  it('stores only a hash of the code', async () => {
    const org = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, org);
    const { code } = codeOf(await browse(server, authorizeUrl({ appid: org.corpId, redirect_uri: REDIRECT }), browser));
    const rows = await server.store.db
      .selectFrom('oauth_codes')
      .select('code_hash')
      .where('org_id', '=', org.orgId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.code_hash).not.toContain(code);
  });

  it('sends a browser without a session of that org to the member sign-in page, then back here', async () => {
    const org = await givenOAuthOrg(server);
    const url = authorizeUrl({ appid: org.corpId, redirect_uri: REDIRECT, state: 's1' });
    const anonymous = await browse(server, url);
    expect(anonymous.statusCode).toBe(302);
    const location = new URL(String(anonymous.headers.location), 'http://enclave.test');
    expect(location.pathname).toBe('/m/signin');
    expect(location.searchParams.get('corpId')).toBe(org.corpId);
    expect(location.searchParams.get('next')).toBe(url);

    const other = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, other);
    const elsewhere = await browse(server, url, browser);
    expect(new URL(String(elsewhere.headers.location), 'http://enclave.test').pathname).toBe('/m/signin');
  });

  it('refuses a bad state, response_type, scope, appid or redirect_uri before anything else', async () => {
    const org = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, org);
    const cases: [Record<string, string>, string][] = [
      [{ state: 'has-dash' }, 'oauth.state_invalid'],
      [{ state: 'x'.repeat(129) }, 'oauth.state_invalid'],
      [{ response_type: 'token' }, 'oauth.response_type_invalid'],
      [{ scope: 'snsapi_everything' }, 'oauth.scope_invalid'],
      [{ appid: 'wwnonexistent' }, 'oauth.corpid_invalid'],
      [{ redirect_uri: 'javascript:alert(1)' }, 'oauth.redirect_uri_invalid'],
      [{ redirect_uri: '/relative' }, 'oauth.redirect_uri_invalid'],
    ];
    for (const [change, code] of cases) {
      const response = await browse(
        server,
        authorizeUrl({ appid: org.corpId, redirect_uri: REDIRECT, ...change }),
        browser,
      );
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(response.json(), JSON.stringify(change)).toMatchObject({ code });
    }
    const page = await server.enclave.app.inject({
      method: 'GET',
      url: authorizeUrl({ appid: org.corpId, redirect_uri: REDIRECT, state: '<b>' }),
      headers: { accept: 'text/html', cookie: browser.cookie },
    });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('oauth.state_invalid');
    expect(page.body).not.toContain('<b>');
    expect(
      await server.store.db.selectFrom('oauth_codes').select('code_hash').where('org_id', '=', org.orgId).execute(),
    ).toEqual([]);
  });

  it("refuses a redirect_uri not exactly on the app's trusted domain (50001), subdomains and ports included", async () => {
    const org = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, org);
    const refused = [
      'https://evil.test/cb',
      'https://app.example.com.evil.test/cb',
      'https://example.com/cb',
      'https://a.app.example.com/cb',
      'https://app.example.com:8443/cb',
    ];
    for (const uri of refused) {
      for (const agentid of [org.app.agentId, undefined]) {
        const response = await browse(server, authorizeUrl({ appid: org.corpId, redirect_uri: uri, agentid }), browser);
        expect(response.statusCode, `${uri} ${agentid}`).toBe(400);
        expect(response.json(), uri).toMatchObject({ code: 'oauth.redirect_domain' });
      }
    }
    for (const uri of ['https://app.example.com/cb', 'http://APP.example.com/other?x=1']) {
      const response = await browse(
        server,
        authorizeUrl({ appid: org.corpId, redirect_uri: uri, agentid: org.app.agentId }),
        browser,
      );
      expect(response.statusCode, uri).toBe(302);
    }
    await trustDomain(org.ctx, org.app.agentId, 'app.test:8080');
    const withPort = authorizeUrl({
      appid: org.corpId,
      redirect_uri: 'http://app.test:8080/cb',
      agentid: org.app.agentId,
    });
    expect((await browse(server, withPort, browser)).statusCode).toBe(302);
    const withoutPort = authorizeUrl({
      appid: org.corpId,
      redirect_uri: 'http://app.test/cb',
      agentid: org.app.agentId,
    });
    expect((await browse(server, withoutPort, browser)).statusCode).toBe(400);
  });

  it("refuses privateinfo to a member outside the app's visible scope", async () => {
    const org = await givenOAuthOrg(server);
    const insider = await signedInMember(server, org);
    const outsider = await signedInMember(server, org);
    await replaceAppScope(given.as(org.ctx, { kind: 'system' }), org.app.agentId, {
      userIds: [insider.member.userId],
      departmentIds: [],
      tagIds: [],
    });
    const url = authorizeUrl({
      appid: org.corpId,
      redirect_uri: REDIRECT,
      scope: 'snsapi_privateinfo',
      agentid: org.app.agentId,
    });
    const refused = await browse(server, url, outsider.browser);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'oauth.out_of_scope' });
    expect(codeOf(await browse(server, url, insider.browser)).code).not.toBe('');
  });
});

describe('the trusted domain (可信域名)', () => {
  it('gives no code for an app that has no trusted domain (the default), to any host', async () => {
    const org = await givenOAuthOrg(server, { redirectDomain: '' });
    const { browser } = await signedInMember(server, org);
    for (const uri of [REDIRECT, 'https://evil.test/steal']) {
      for (const agentid of [org.app.agentId, undefined]) {
        const response = await browse(server, authorizeUrl({ appid: org.corpId, redirect_uri: uri, agentid }), browser);
        expect(response.statusCode, `${uri} ${agentid}`).toBe(400);
        expect(response.headers.location, uri).toBeUndefined();
        expect(response.json(), uri).toMatchObject({ code: 'oauth.redirect_domain' });
      }
    }
    expect(await codeRows(org.orgId)).toEqual([]);
  });

  it('shows a person an error page in Chinese and English, never a redirect to the untrusted host', async () => {
    const org = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, org);
    for (const agentid of [org.app.agentId, undefined]) {
      const page = await server.enclave.app.inject({
        method: 'GET',
        url: authorizeUrl({ appid: org.corpId, redirect_uri: 'https://evil.test/steal', agentid }),
        headers: { accept: 'text/html,application/xhtml+xml', cookie: browser.cookie },
      });
      expect(page.statusCode).toBe(400);
      expect(page.headers.location).toBeUndefined();
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('可信域名');
      expect(page.body).toContain('trusted domain');
      expect(page.body).toContain('evil.test');
      expect(page.body).toContain('oauth.redirect_domain');
      expect(page.body).not.toContain('https://evil.test/steal');
    }
    expect(await codeRows(org.orgId)).toEqual([]);
  });

  it('refuses an untrusted host before asking a signed-out browser to sign in', async () => {
    const org = await givenOAuthOrg(server);
    for (const agentid of [org.app.agentId, undefined]) {
      const response = await browse(
        server,
        authorizeUrl({ appid: org.corpId, redirect_uri: 'https://evil.test/cb', agentid }),
      );
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'oauth.redirect_domain' });
    }
  });

  it('without an agentid, gives a code only for the trusted domain of an enabled app the member can see', async () => {
    const org = await givenOAuthOrg(server);
    const insider = await signedInMember(server, org);
    const outsider = await signedInMember(server, org);
    const { app: wiki } = await given.app(org.ctx, { name: 'Wiki' });
    await trustDomain(org.ctx, wiki.agentId, 'wiki.example.com');
    const to = (uri: string) => authorizeUrl({ appid: org.corpId, redirect_uri: uri });
    expect(codeOf(await browse(server, to(REDIRECT), outsider.browser)).code).not.toBe('');
    expect(codeOf(await browse(server, to('https://wiki.example.com/cb'), outsider.browser)).code).not.toBe('');

    // Only the insider can see the wiki: the outsider gets no code for its domain.
    await replaceAppScope(given.as(org.ctx, { kind: 'system' }), wiki.agentId, {
      userIds: [insider.member.userId],
      departmentIds: [],
      tagIds: [],
    });
    const hidden = await browse(server, to('https://wiki.example.com/cb'), outsider.browser);
    expect(hidden.statusCode).toBe(403);
    expect(hidden.json()).toMatchObject({ code: 'oauth.out_of_scope' });
    expect(codeOf(await browse(server, to('https://wiki.example.com/cb'), insider.browser)).code).not.toBe('');

    // A disabled app's domain is trusted by nobody.
    await setAppEnabled(given.as(org.ctx, { kind: 'system' }), wiki.agentId, false);
    const disabled = await browse(server, to('https://wiki.example.com/cb'), insider.browser);
    expect(disabled.statusCode).toBe(400);
    expect(disabled.json()).toMatchObject({ code: 'oauth.redirect_domain' });
  });

  it("does not trust another org's app's domain", async () => {
    const org = await givenOAuthOrg(server, { redirectDomain: '' });
    await givenOAuthOrg(server, { redirectDomain: 'theirs.example.com' });
    const { browser } = await signedInMember(server, org);
    const response = await browse(
      server,
      authorizeUrl({ appid: org.corpId, redirect_uri: 'https://theirs.example.com/cb' }),
      browser,
    );
    expect(response.json()).toMatchObject({ code: 'oauth.redirect_domain' });
  });
});

describe('QR web login', () => {
  async function desktopLogin(path: string, params: Record<string, string | number>) {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
    const response = await browse(server, `${path}?${query.toString()}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('data:image/png;base64,');
    const statusUrl = JSON.parse(/var statusUrl=("[^"]+")/.exec(response.body)?.[1] ?? '""') as string;
    const ticket = new URL(statusUrl, 'http://enclave.test').searchParams.get('ticket') ?? '';
    return { ticket, statusUrl, body: response.body };
  }

  const confirm = (browser: Browser, ticket: string) =>
    server.enclave.app.inject({
      method: 'POST',
      url: '/api/client/wwlogin/confirm',
      payload: { ticket },
      headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf },
    });

  it('signs a member in on the desktop after they confirm on the phone, once', async () => {
    const org = await givenOAuthOrg(server);
    const { member, browser } = await signedInMember(server, org);
    const desktop = await desktopLogin('/wwlogin/sso/login', {
      login_type: 'CorpApp',
      appid: org.corpId,
      agentid: org.app.agentId,
      redirect_uri: REDIRECT,
      state: 'qr1',
    });
    expect((await browse(server, desktop.statusUrl)).json()).toEqual({ status: 'pending' });

    const phonePage = await browse(server, `/wwlogin/confirm?ticket=${desktop.ticket}`, browser);
    expect(phonePage.statusCode).toBe(200);
    expect(phonePage.body).toContain('Portal');
    expect(phonePage.body).toContain(browser.csrf);
    expect(phonePage.headers['x-frame-options']).toBe('DENY');

    const withoutCsrf = await server.enclave.app.inject({
      method: 'POST',
      url: '/api/client/wwlogin/confirm',
      payload: { ticket: desktop.ticket },
      headers: { cookie: browser.cookie },
    });
    expect(withoutCsrf.statusCode).toBe(403);
    expect((await confirm(browser, desktop.ticket)).statusCode).toBe(200);
    expect((await confirm(browser, desktop.ticket)).statusCode).toBe(400);

    const withoutKey = await browse(server, `/wwlogin/status?ticket=${desktop.ticket}&key=guess`);
    expect(withoutKey.statusCode).toBe(404);
    const status = (await browse(server, desktop.statusUrl)).json() as { status: string; location: string };
    expect(status.status).toBe('confirmed');
    const url = new URL(status.location);
    expect(url.origin + url.pathname).toBe(REDIRECT);
    expect(url.searchParams.get('state')).toBe('qr1');
    expect((await browse(server, desktop.statusUrl)).json()).toEqual({ status: 'used' });
    expect(
      await server.cgi('auth/getuserinfo', { token: org.token, query: { code: url.searchParams.get('code') ?? '' } }),
    ).toMatchObject({ errcode: 0, userid: member.userId });
  });

  it('serves the legacy qrConnect link and sends a signed-out phone to sign in', async () => {
    const org = await givenOAuthOrg(server);
    const desktop = await desktopLogin('/wwopen/sso/qrConnect', {
      appid: org.corpId,
      agentid: org.app.agentId,
      redirect_uri: REDIRECT,
      state: '',
    });
    const phone = await browse(server, `/wwlogin/confirm?ticket=${desktop.ticket}`);
    expect(phone.statusCode).toBe(302);
    const location = new URL(String(phone.headers.location), 'http://enclave.test');
    expect(location.pathname).toBe('/m/signin');
    expect(location.searchParams.get('corpId')).toBe(org.corpId);
    expect(location.searchParams.get('next')).toBe(`/wwlogin/confirm?ticket=${desktop.ticket}`);
  });

  it('refuses a QR login for an app without a trusted domain, or to another host, on both links', async () => {
    const org = await givenOAuthOrg(server, { redirectDomain: '' });
    const trusted = await givenOAuthOrg(server);
    for (const [who, uri] of [
      [org, REDIRECT],
      [trusted, 'https://evil.test/cb'],
      [trusted, 'https://a.app.example.com/cb'],
    ] as const) {
      for (const path of ['/wwlogin/sso/login', '/wwopen/sso/qrConnect']) {
        const query = new URLSearchParams({
          login_type: 'CorpApp',
          appid: who.corpId,
          agentid: String(who.app.agentId),
          redirect_uri: uri,
          state: 's',
        });
        const page = await server.enclave.app.inject({
          method: 'GET',
          url: `${path}?${query.toString()}`,
          headers: { accept: 'text/html' },
        });
        expect(page.statusCode, `${path} ${uri}`).toBe(400);
        expect(page.body).toContain('oauth.redirect_domain');
        expect(page.body).toContain('可信域名');
        expect(page.body).not.toContain('data:image/png');
      }
    }
    expect(
      await server.store.db
        .selectFrom('oauth_qr_logins')
        .select('id')
        .where('org_id', 'in', [org.orgId, trusted.orgId])
        .execute(),
    ).toEqual([]);
  });

  it('refuses a bad login URL, an expired ticket, and a member of another org', async () => {
    const org = await givenOAuthOrg(server);
    const base = { login_type: 'CorpApp', appid: org.corpId, agentid: org.app.agentId, redirect_uri: REDIRECT };
    for (const [change, code] of [
      [{ login_type: 'ServiceApp' }, 'oauth.login_type_invalid'],
      [{ redirect_uri: 'https://evil.test/' }, 'oauth.redirect_domain'],
      [{ state: 'no spaces' }, 'oauth.state_invalid'],
      [{ agentid: '' }, 'app.agentid_missing'],
    ] as const) {
      const query = new URLSearchParams({ ...base, agentid: String(base.agentid), ...change });
      const response = await browse(server, `/wwlogin/sso/login?${query.toString()}`);
      expect(response.json(), code).toMatchObject({ code });
    }

    const desktop = await desktopLogin('/wwlogin/sso/login', { ...base, state: 'x' });
    const stranger = await signedInMember(server, await givenOAuthOrg(server));
    const refused = await confirm(stranger.browser, desktop.ticket);
    expect(refused.statusCode).toBe(404);
    const { browser } = await signedInMember(server, org);
    await server.store.db
      .updateTable('oauth_qr_logins')
      .set({ expires_at: Date.now() - 1 })
      .where('org_id', '=', org.orgId)
      .execute();
    expect((await confirm(browser, desktop.ticket)).json()).toMatchObject({ code: 'oauth.qr_ticket_expired' });
    expect((await browse(server, desktop.statusUrl)).json()).toEqual({ status: 'expired' });
  });
});

describe('POST /api/client/jsapi/signature', () => {
  it("signs only pages on a trusted domain: the app's for its ticket, one of a visible app's for the org's", async () => {
    const org = await givenOAuthOrg(server, { redirectDomain: '' });
    const { member, browser } = await signedInMember(server, org);
    const sign = async (body: object) =>
      (
        await server.enclave.app.inject({
          method: 'POST',
          url: '/api/client/jsapi/signature',
          payload: body,
          headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf },
        })
      ).json() as Record<string, unknown>;
    const page = `https://${TRUSTED_HOST}/page`;
    const agentId = org.app.agentId;
    // No app trusts any domain yet: neither ticket signs anything.
    expect(await sign({ url: page })).toMatchObject({ code: 'oauth.redirect_domain' });
    expect(await sign({ url: page, agentId })).toMatchObject({ code: 'oauth.redirect_domain' });

    await trustDomain(org.ctx, agentId, TRUSTED_HOST);
    expect(await sign({ url: page })).toMatchObject({ signature: expect.any(String) });
    expect(await sign({ url: page, agentId })).toMatchObject({ signature: expect.any(String) });
    for (const url of ['https://evil.test/', `https://a.${TRUSTED_HOST}/`, `https://${TRUSTED_HOST}:8443/`]) {
      expect(await sign({ url }), url).toMatchObject({ code: 'oauth.redirect_domain' });
      expect(await sign({ url, agentId }), url).toMatchObject({ code: 'oauth.redirect_domain' });
    }

    // The org's ticket signs for a domain only when the member can see an app that trusts it.
    await replaceAppScope(given.as(org.ctx, { kind: 'system' }), agentId, {
      userIds: [],
      departmentIds: [],
      tagIds: [],
    });
    expect(await sign({ url: page })).toMatchObject({ code: 'oauth.out_of_scope' });
    await replaceAppScope(given.as(org.ctx, { kind: 'system' }), agentId, {
      userIds: [member.userId],
      departmentIds: [],
      tagIds: [],
    });
    expect(await sign({ url: page })).toMatchObject({ signature: expect.any(String) });
  });

  it("signs a page with the org's ticket, or the app's, as a member", async () => {
    const org = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, org);
    const sign = (body: object) =>
      server.enclave.app.inject({
        method: 'POST',
        url: '/api/client/jsapi/signature',
        payload: body,
        headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf },
      });
    const corp = (await server.cgi('get_jsapi_ticket', { token: org.token })).ticket as string;
    const page = 'https://app.example.com/page?a=1#frag';
    const signed = (await sign({ url: page })).json() as Record<string, string | number>;
    expect(signed.appId).toBe(org.corpId);
    expect(signed.signature).toBe(
      jsapiSignature({ ticket: corp, nonceStr: String(signed.nonceStr), timestamp: signed.timestamp ?? 0, url: page }),
    );
    const appTicket = (await server.cgi('ticket/get', { token: org.token, query: { type: 'agent_config' } }))
      .ticket as string;
    const forApp = (await sign({ url: page, agentId: org.app.agentId })).json() as Record<string, string | number>;
    expect(forApp.agentId).toBe(org.app.agentId);
    expect(forApp.signature).toBe(
      jsapiSignature({
        ticket: appTicket,
        nonceStr: String(forApp.nonceStr),
        timestamp: forApp.timestamp ?? 0,
        url: page,
      }),
    );
    expect((await sign({ url: 'https://evil.test/', agentId: org.app.agentId })).json()).toMatchObject({
      code: 'oauth.redirect_domain',
    });
    expect((await sign({ url: 'not a url' })).statusCode).toBe(400);
    const anonymous = await server.enclave.app.inject({
      method: 'POST',
      url: '/api/client/jsapi/signature',
      payload: { url: page },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
