import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { updateAppSettings } from '../modules/apps/index.js';
import { oauthRoutes, startQrLogin } from '../modules/oauth/index.js';
import { jsapiVerifyRoutes } from '../modules/oauth/index.js';
import { describeApiBadInput, expectRefused, LONG, NUL, type Values } from '../testing/api-bad-input.js';

/**
 * OAuth's routes validate: the browser pages (authorize, QR web login, its status poll and confirm page) take
 * query strings, the member client's confirm and JS-SDK signing take JSON. Bad input is a 4xx — an error page
 * for a browser that asked for HTML, `{code, message}` otherwise — never a 500, and changes nothing.
 */
type PageKind = 'corp' | 'url' | 'text' | 'enum' | 'int' | 'ticket';
const BAD: Record<PageKind, (string | string[])[]> = {
  corp: [LONG, ['a', 'b'], NUL, 'nosuchcorp'],
  url: [LONG, ['a', 'b'], NUL, 'not a url', 'javascript:alert(1)', '/relative', 'ftp://a.test/x'],
  text: [LONG, ['a', 'b'], NUL],
  enum: ['maybe', LONG, ['a', 'b'], NUL],
  int: ['abc', '-1', '1.5', '1e3', '0x10', '99999999999', '9999999999', '999999', LONG, ['1', '2']],
  ticket: [LONG, ['a', 'b'], NUL, 'nosuchticket'],
};
const REDIRECT = 'https://app.example.com/cb';
const qrQuery = (v: Values) => ({ appid: v.corpId, agentid: String(v.agentId), redirect_uri: REDIRECT, state: 's' });
const QR_FIELDS = { appid: 'corp', agentid: 'int', redirect_uri: 'url', state: 'text', lang: 'text' } as const;
const PAGES: Record<
  string,
  { query: (v: Values) => Record<string, string>; fields: Record<string, PageKind>; required: string[] }
> = {
  'GET /connect/oauth2/authorize': {
    query: (v) => ({ ...qrQuery(v), response_type: 'code', scope: 'snsapi_privateinfo' }),
    fields: { appid: 'corp', redirect_uri: 'url', response_type: 'enum', scope: 'enum', state: 'text', agentid: 'int' },
    required: ['appid', 'redirect_uri', 'response_type'],
  },
  'GET /wwlogin/sso/login': {
    query: (v) => ({ ...qrQuery(v), login_type: 'CorpApp', lang: 'en' }),
    fields: { ...QR_FIELDS, login_type: 'enum' },
    required: ['appid', 'agentid', 'redirect_uri', 'login_type'],
  },
  'GET /wwopen/sso/qrConnect': {
    query: (v) => ({ ...qrQuery(v), lang: 'en' }),
    fields: QR_FIELDS,
    required: ['appid', 'agentid', 'redirect_uri'],
  },
  'GET /wwlogin/confirm': {
    query: (v) => ({ ticket: String(v.ticket) }),
    fields: { ticket: 'ticket' },
    required: ['ticket'],
  },
};

function expectPageRefused(response: LightMyRequestResponse, html: boolean, what: string) {
  const detail = `${what}: ${response.statusCode} ${response.body.slice(0, 200)}`;
  expect(response.statusCode, detail).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, detail).toBeLessThan(500);
  if (html && String(response.headers['content-type']).startsWith('text/html')) return;
  expectRefused(response, what);
}

describeApiBadInput('oauth', {
  routes: () => [...oauthRoutes, ...jsapiVerifyRoutes],
  setup: async ({ server, values }) => {
    const system = { db: server.store.db, orgId: values.orgId, actor: { kind: 'system' as const } };
    await updateAppSettings(system, values.agentId, { redirectDomain: new URL(REDIRECT).host });
    const login = await startQrLogin(server.store.db, {
      corpId: values.corpId,
      agentId: values.agentId,
      redirectUri: REDIRECT,
      state: 's',
      loginType: 'CorpApp',
    });
    return { ticket: login.ticket, pollKey: login.pollKey };
  },
  paramOf: () => '',
  validBody: {
    'POST /api/client/wwlogin/confirm': (v) => ({ ticket: v.ticket }),
    'POST /api/client/jsapi/signature': (v) => ({ url: 'https://app.example.com/page?a=1', agentId: v.agentId }),
    'POST /api/client/jsapi/verify': (v) => ({
      url: 'https://app.example.com/page?a=1',
      timestamp: 1414587457,
      nonceStr: 'Wm3WZYTPz0wzccnW',
      signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
      agentId: v.agentId,
    }),
  },
  validQuery: { 'GET /wwlogin/status': (v) => ({ ticket: String(v.ticket), key: String(v.pollKey) }) },
  queryKinds: { 'GET /wwlogin/status': { ticket: 'string', key: 'string' } },
  noInput: [],
  ownInput: Object.keys(PAGES),
  minCalls: 40,
  more: (env) => {
    const page = (path: string, query: Record<string, string | string[] | undefined>, accept?: string) => {
      const search = new URLSearchParams();
      for (const [k, value] of Object.entries(query)) {
        for (const item of value === undefined ? [] : ([] as string[]).concat(value)) search.append(k, item);
      }
      return env().member.request('GET', `${path}?${search.toString()}`, accept ? { headers: { accept } } : {});
    };

    it('refuses a bad or missing value in each query field of the browser pages, changing nothing', async () => {
      const before = await env().stateOf();
      let calls = 0;
      for (const [key, { query, fields, required }] of Object.entries(PAGES)) {
        const path = key.slice('GET '.length);
        const valid = query(env().values);
        const cases: [string, Record<string, string | string[] | undefined>][] = [
          ...Object.entries(fields).flatMap(([field, kind]) =>
            BAD[kind].map((bad): [string, Record<string, string | string[]>] => [
              `${field}=${String(bad).slice(0, 20)}`,
              { ...valid, [field]: bad },
            ]),
          ),
          ...required.flatMap((field) => [
            [`without ${field}`, { ...valid, [field]: undefined }] as [string, Record<string, string | undefined>],
            [`empty ${field}`, { ...valid, [field]: '' }] as [string, Record<string, string>],
          ]),
        ];
        for (const [what, input] of cases) {
          for (const accept of [undefined, 'text/html,application/xhtml+xml']) {
            expectPageRefused(await page(path, input, accept), accept !== undefined, `${key} ${what} ${accept}`);
            calls += 1;
          }
        }
      }
      expect(calls).toBeGreaterThan(150);
      expect(await env().stateOf()).toEqual(before);
    });

    it('takes the app of a signature as a JSON number, not as text or a list of one', async () => {
      const { member, values: v } = env();
      const signed = { timestamp: 1, nonceStr: 'n', signature: 's' };
      for (const agentId of [String(v.agentId), [v.agentId], [[v.agentId]]]) {
        const body = { url: 'https://app.example.com/page', agentId };
        const response = await member.request('POST', '/api/client/jsapi/signature', { body });
        expectRefused(response, `agentId=${JSON.stringify(agentId)}`);
        const verify = await member.request('POST', '/api/client/jsapi/verify', { body: { ...body, ...signed } });
        expectRefused(verify, `verify agentId=${JSON.stringify(agentId)}`);
      }
    });

    it('serves each page its valid query, so the cases above test one mistake each', async () => {
      const expected: Record<string, number> = {
        'GET /connect/oauth2/authorize': 302,
        'GET /wwlogin/sso/login': 200,
        'GET /wwopen/sso/qrConnect': 200,
        'GET /wwlogin/confirm': 200,
      };
      for (const [key, { query }] of Object.entries(PAGES)) {
        const response = await page(key.slice('GET '.length), query(env().values), 'text/html');
        expect(response.statusCode, `${key}: ${response.body.slice(0, 200)}`).toBe(expected[key]);
      }
    });
  },
});
