import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { givenOAuthOrg, signedInMember, type Browser } from './oauth.test-support.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const PAGE = 'https://app.example.com/page?a=1';

function post(url: string, body: object, browser?: Browser) {
  return server.enclave.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: browser ? { cookie: browser.cookie, 'x-csrf-token': browser.csrf } : {},
  });
}

async function signed(browser: Browser, body: object) {
  const response = await post('/api/client/jsapi/signature', body, browser);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { timestamp: number; nonceStr: string; signature: string; agentId?: number };
}

describe('POST /api/client/jsapi/verify', () => {
  it("accepts the signature Enclave made for the page, with the org's ticket or the app's", async () => {
    const org = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, org);
    const config = await signed(browser, { url: PAGE });
    const verify = (body: object) => post('/api/client/jsapi/verify', body, browser);
    const same = { url: PAGE, timestamp: config.timestamp, nonceStr: config.nonceStr, signature: config.signature };
    expect((await verify(same)).json()).toEqual({ valid: true });
    // The fragment is not signed; upper-case hex is the same signature.
    expect((await verify({ ...same, url: `${PAGE}#/x` })).json()).toEqual({ valid: true });
    expect((await verify({ ...same, signature: same.signature.toUpperCase() })).json()).toEqual({ valid: true });

    const agentId = org.app.agentId;
    const forApp = await signed(browser, { url: PAGE, agentId });
    const app = { url: PAGE, timestamp: forApp.timestamp, nonceStr: forApp.nonceStr, signature: forApp.signature };
    expect((await verify({ ...app, agentId })).json()).toEqual({ valid: true });
    // An app's signature is not the org's, nor the other way round.
    expect((await verify(app)).json()).toEqual({ valid: false });
    expect((await verify({ ...same, agentId })).json()).toEqual({ valid: false });
  });

  it('refuses a signature for another page, time, nonce, or made up', async () => {
    const org = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, org);
    const config = await signed(browser, { url: PAGE });
    const same = { url: PAGE, timestamp: config.timestamp, nonceStr: config.nonceStr, signature: config.signature };
    const verify = (body: object) => post('/api/client/jsapi/verify', body, browser);
    for (const wrong of [
      { url: 'https://app.example.com/other' },
      { timestamp: config.timestamp + 1 },
      { nonceStr: `${config.nonceStr}x` },
      { signature: '0'.repeat(40) },
      { signature: 'short' },
    ]) {
      expect((await verify({ ...same, ...wrong })).json(), JSON.stringify(wrong)).toEqual({ valid: false });
    }
    expect((await verify({ ...same, url: 'not a url' })).statusCode).toBe(400);
    for (const agentId of [org.app.agentId, undefined]) {
      for (const url of ['https://evil.test/', 'https://a.app.example.com/page?a=1']) {
        const outside = await verify({ ...same, url, agentId });
        expect(outside.json(), `${url} ${agentId}`).toMatchObject({ code: 'oauth.redirect_domain' });
      }
    }
  });

  it('needs a signed-in member and keeps to their org', async () => {
    const org = await givenOAuthOrg(server);
    const { browser } = await signedInMember(server, org);
    const config = await signed(browser, { url: PAGE });
    const same = { url: PAGE, timestamp: config.timestamp, nonceStr: config.nonceStr, signature: config.signature };
    expect((await post('/api/client/jsapi/verify', same)).statusCode).toBe(401);

    const other = await givenOAuthOrg(server);
    const stranger = (await signedInMember(server, other)).browser;
    // Another org's ticket signs differently, and its member cannot name this org's app.
    expect((await post('/api/client/jsapi/verify', same, stranger)).json()).toEqual({ valid: false });
    const forApp = await signed(browser, { url: PAGE, agentId: org.app.agentId });
    const theirs = await post(
      '/api/client/jsapi/verify',
      { ...same, signature: forApp.signature, timestamp: forApp.timestamp, nonceStr: forApp.nonceStr, agentId: 999999 },
      stranger,
    );
    expect(theirs.statusCode).toBeGreaterThanOrEqual(400);
    expect(theirs.statusCode).toBeLessThan(500);
  });
});
