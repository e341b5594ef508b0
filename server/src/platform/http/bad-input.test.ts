import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoutes } from '../../modules/apps/apps.routes.js';
import { callbackRoutes } from '../../modules/callbacks/callbacks.routes.js';
import { departmentRoutes } from '../../modules/directory/departments/departments.routes.js';
import { importRoutes } from '../../modules/directory/import/index.js';
import { memberRoutes } from '../../modules/directory/members/members.routes.js';
import { tagRoutes } from '../../modules/directory/tags/tags.routes.js';
import { mediaRoutes } from '../../modules/media/media.routes.js';
import { memberAuthRoutes } from '../../modules/member-auth/member-auth.routes.js';
import { createInvite, setSelfJoin } from '../../modules/member-auth/member-auth.service.js';
import { DevOutboxSender } from '../../modules/member-auth/senders.js';
import { orgRoutes } from '../../modules/orgs/orgs.routes.js';
import { createTag, addToTag } from '../../modules/directory/index.js';
import { type AdminClient, signIn } from '../../testing/admin-client.js';
import { given } from '../../testing/given.js';
import { type MemberClient, signInMember } from '../../testing/member-client.js';
import { multipart } from '../../testing/multipart.js';
import { registeredRoutes } from '../../testing/registered-routes.js';
import { countDirectoryRows, countStoredFiles, snapshotOrg } from '../../testing/snapshot.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import type { AnyRoute } from './route.js';

/**
 * Every admin and client route validates: malformed bodies, wrong types in every field, bad path and query
 * values are answered with a 4xx `{code, message}` (never a 500), and nothing is half-applied.
 */
const LONG = 'x'.repeat(5000);
const HUGE = '__1e400__';
const NUL = 'a\u0000b';
const BAD_VALUES: unknown[] = [
  ...[{}, { a: { b: [] } }, [{}], [[1]], [null], [LONG], [-1], [1.5], true, -1, 1.5, 1e20, 2 ** 53, HUGE, LONG, NUL],
  // Past every list's maximum (1000 is the largest).
  ...[Array(1001).fill('a'), Array(1001).fill(1)],
];
const BAD_JSON = ['{', '{"name":', "{'a':1}", '{"a":1}}', '[]', '[{}]', '"str"', '42', 'true'];
const BAD_PARAMS = ['abc', '-1', '1.5', '99999999999999999999', 'x'.repeat(300), '%00', '%E0%A4%A', '%2e%2e'];
type QueryKind = 'int' | 'enum' | 'string';
const BAD_QUERY: Record<QueryKind, (string | string[])[]> = {
  int: ['abc', '-1', '1.5', '99999999999999999999', LONG, ['1', '2']],
  enum: ['maybe', LONG, ['1', '0']],
  string: [LONG, ['a', 'b'], NUL],
};
const QUERY_KINDS: Record<string, Record<string, QueryKind>> = {
  'GET /api/admin/members': { departmentId: 'int', recursive: 'enum', limit: 'int', offset: 'int' },
  'GET /api/admin/members/search': { q: 'string', limit: 'int' },
  'GET /api/admin/members/lookup': { mobile: 'string', email: 'string' },
  'GET /api/admin/apps/:agentId/callback/deliveries': { limit: 'int' },
  'GET /api/client/inbox': { after: 'int', limit: 'int' },
};
const MOBILE = '13500000001';
/**
 * A body each route's schema accepts: each field case breaks one field of it, and a bad path value is the only
 * mistake. The last test proves each passes validation.
 */
const VALID_BODY: Record<string, (v: { corpId: string }) => Record<string, unknown>> = {
  'POST /api/admin/signup': () => ({ orgName: 'New', name: 'Owner', email: 'new@x.test', password: 'long enough pw' }),
  'POST /api/admin/session': () => ({ email: 'nobody@x.test', password: 'wrong password' }),
  'POST /api/admin/admins': () => ({ name: 'A', email: 'a2@x.test', password: 'long enough pw', role: 'admin' }),
  'POST /api/admin/departments': () => ({ name: 'New', nameEn: 'New', parentId: 1, order: 0 }),
  'PATCH /api/admin/departments/:id': () => ({ name: 'Renamed', nameEn: 'R', parentId: 1, order: 1 }),
  'POST /api/admin/members': () => ({
    userId: 'newbie',
    name: 'N',
    email: 'newbie@x.test',
    gender: 1,
    departments: [{ id: 2, order: 0, isLeader: false }],
    mainDepartmentId: 2,
  }),
  'PATCH /api/admin/members/:userId': () => ({ name: 'Renamed', position: 'P', gender: 2 }),
  'POST /api/admin/tags': () => ({ name: 'NewTag' }),
  'PATCH /api/admin/tags/:id': () => ({ name: 'Renamed' }),
  'POST /api/admin/tags/:id/members': () => ({ userIds: ['u1'], departmentIds: [2] }),
  'POST /api/admin/tags/:id/members/remove': () => ({ userIds: ['u1'], departmentIds: [2] }),
  'POST /api/admin/apps': () => ({ name: 'New app', description: 'An app', canWriteDirectory: false }),
  'PATCH /api/admin/apps/:agentId': () => ({
    name: 'Renamed',
    description: 'A described app',
    squareLogoUrl: 'https://a.test/logo.png',
    homeUrl: 'https://a.test',
    redirectDomain: 'a.test',
    reportLocation: true,
    reportEnter: false,
  }),
  'PUT /api/admin/apps/:agentId/scope': () => ({ userIds: ['u1'], departmentIds: [2], tagIds: [1] }),
  // Nothing listens on port 9: verification fails, which must be a 4xx too.
  'PUT /api/admin/apps/:agentId/callback': () => ({
    url: 'http://127.0.0.1:9/callback',
    token: 'tok',
    encodingAesKey: 'a'.repeat(43),
  }),
  'POST /api/client/invites/:token/code': () => ({ channel: 'sms' }),
  'POST /api/client/invites/:token/accept': () => ({ code: '000000' }),
  'POST /api/client/codes': (v) => ({ corpId: v.corpId, login: MOBILE }),
  'POST /api/client/session': (v) => ({ corpId: v.corpId, login: MOBILE, code: '000000' }),
  'PUT /api/admin/org/self-join': () => ({ allowed: true }),
};
/** Routes that take nothing a caller could get wrong (no body, path or query). */
const NO_INPUT = [
  'DELETE /api/admin/session',
  'GET /api/admin/session',
  'POST /api/admin/contact-secret',
  'GET /api/admin/admins',
  'GET /api/admin/departments',
  'GET /api/admin/tags',
  'GET /api/admin/apps',
  'GET /api/admin/export/members.csv',
  'GET /api/admin/dev-outbox',
  'GET /api/client/session',
  'DELETE /api/client/session',
  'GET /api/client/devices',
];
/**
 * Routes the server registers that their owners are still building, so not enumerated here yet, by owner.
 * TODO(each owner below): add your routes to `routes` (with VALID_BODY / QUERY_KINDS entries) once they
 * settle, and drop your line; the lead resolves what is left.
 */
const PENDING: Record<string, RegExp> = {
  'messaging, modules/messaging/messaging.routes.ts': /^(GET|POST) \/api\/admin\/apps\/:agentId\/messages$/,
  'app-conversations, modules/app-conversations/**': /^[A-Z]+ \/api\/client\/apps\/:agentId\/(events|messages)$/,
  'chat, modules/chat/chat.routes.ts': /^[A-Z]+ \/api\/client\/(apps$|chats\/|conversations|messages\/)/,
  'client directory, modules/directory/client-directory.routes.ts': /^GET \/api\/client\/(departments|members)\b/,
  'oauth, modules/oauth/**': /^[A-Z]+ \/((connect|wwlogin|wwopen)\/|api\/client\/(wwlogin|jsapi)\/)/,
  'realtime, platform/realtime/gateway.ts': /^GET \/api\/client\/ws$/,
};
/** What the server serves besides the APIs: the web app's files, the health check, and /cgi-bin (own suite). */
const NOT_AN_API = /^GET \/(assets\/.*|[^/]+\.\w+|healthz)?$|^[A-Z]+ \/cgi-bin\//;

let server: TestServer;
let admin: AdminClient;
let member: MemberClient;
let orgId: number;
let corpId: string;
let routes: AnyRoute[];
let params: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  const services = server.enclave.services;
  routes = [
    ...orgRoutes,
    ...departmentRoutes,
    ...memberRoutes,
    ...tagRoutes,
    ...appRoutes,
    ...callbackRoutes,
    ...importRoutes(services),
    ...mediaRoutes(services.storage),
    ...memberAuthRoutes({ sender: new DevOutboxSender(), secureCookies: false }),
  ];
  const org = await given.org(server.store.db);
  orgId = org.orgId;
  corpId = org.corpId;
  await given.department(org.ctx, 'Seed');
  await given.department(org.ctx, 'Empty');
  await given.member(org.ctx, { userId: 'u1', mobile: MOBILE, departments: [{ id: 2, order: 0, isLeader: false }] });
  const tag = await createTag(org.ctx, { name: 'SeedTag' });
  await addToTag(org.ctx, tag.id, { userIds: ['u1'], departmentIds: [2] });
  const { app } = await given.app(org.ctx);
  admin = await signIn(server, org.owner.email, org.password);
  const system = given.as(org.ctx, { kind: 'system' });
  const invite = await createInvite(system, 'u1');
  await setSelfJoin(system, true);
  member = await signInMember(server, { corpId, login: MOBILE });
  const upload = multipart([
    { name: 'mode', value: 'sync' },
    { name: 'file', filename: 'm.csv', data: '姓名,帐号,邮箱\nSeeded,seeded,seeded@seed.test\n' },
  ]);
  const started = await admin.request('POST', '/api/admin/imports', upload);
  const jobId = (started.json() as { jobId: string }).jobId;
  for (let i = 0; i < 100; i += 1) {
    const view = (await admin.request('GET', `/api/admin/imports/${jobId}`)).json() as { status: string };
    if (view.status === 'done') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  params = { id: '3', userId: 'u1', agentId: String(app.agentId), jobId, token: invite.token };
});
afterAll(async () => server.close());

const keyOf = (r: AnyRoute) => `${r.method} ${r.url}`;
/** The path value a route takes where it is not the thing under test. */
function valueOf(url: string, name: string): string {
  if (name !== 'id') return params[name] ?? '';
  if (url.includes('/tags/')) return '1';
  if (url.startsWith('/media/images/')) return `i${'A'.repeat(43)}`;
  if (url.includes('/devices/')) return '1';
  return params.id ?? '';
}
const urlOf = (r: AnyRoute, overrides: Record<string, string> = {}) =>
  r.url.replace(/:(\w+)/g, (_m, name: string) => overrides[name] ?? valueOf(r.url, name));
const shapeOf = (schema: unknown) => Object.keys((schema as { shape?: object } | undefined)?.shape ?? {});
const validBodyOf = (r: AnyRoute) => VALID_BODY[keyOf(r)]?.({ corpId });
/** Who calls a route: its admin, its member, or nobody signed in. */
function clientOf(route: AnyRoute): AdminClient['request'] {
  if (route.principal === 'org-admin') return admin.request;
  if (route.principal === 'member') return member.request;
  return (method, url, options = {}) => admin.request(method, url, { ...options, anonymous: true, csrf: null });
}

function expectRefused(response: LightMyRequestResponse, what: string) {
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  const body = response.json() as { code?: unknown; message?: unknown };
  expect(typeof body.code, what).toBe('string');
  expect(typeof body.message, what).toBe('string');
  // Refused for what it sent, not because the session or CSRF header was missing.
  expect(['admin.signed_out', 'member.signed_out', 'request.csrf'], what).not.toContain(body.code);
}

const json = (value: unknown) => JSON.stringify(value).replaceAll(`"${HUGE}"`, '1e400');

/** The org's rows, store-wide counts and stored files: what a refused request must leave as it was. */
async function stateOf() {
  const orgs = await server.store.db.selectFrom('orgs').select('id').execute();
  const admins = await server.store.db.selectFrom('admins').select('id').execute();
  return {
    counts: { ...(await countDirectoryRows(server.store.db)), orgs: orgs.length, admins: admins.length },
    org: await snapshotOrg(server.store.db, orgId),
    files: countStoredFiles(server.store.dataDir),
  };
}

describe('every admin and client route validates its input', () => {
  it('enumerates every route the server registers, and names each as taking input or not', () => {
    const served = registeredRoutes(server.enclave.app).filter((r) => !NOT_AN_API.test(r));
    expect(routes.map(keyOf).filter((r) => !served.includes(r))).toEqual([]);
    const missed = served.filter((r) => !routes.map(keyOf).includes(r));
    expect(missed.filter((r) => !Object.values(PENDING).some((p) => p.test(r)))).toEqual([]);
    for (const [owner, pattern] of Object.entries(PENDING)) {
      expect(
        missed.some((r) => pattern.test(r)),
        `a stale pending entry: ${owner}`,
      ).toBe(true);
    }
    const withInput = routes.filter((r) => r.body || r.params || r.query || r.url === '/api/admin/imports');
    const without = routes.filter((r) => !withInput.includes(r)).map(keyOf);
    expect(without.sort()).toEqual([...NO_INPUT].sort());
    expect(routes.filter((r) => r.body && !VALID_BODY[keyOf(r)]).map(keyOf)).toEqual([]);
  });

  it('refuses malformed bodies and wrong types in every body field, changing nothing', async () => {
    const before = await stateOf();
    let calls = 0;
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const url = urlOf(route);
      const request = clientOf(route);
      const bodies = route.body ? BAD_JSON : ['{', '{"a":'];
      for (const payload of bodies) {
        const response = await request(route.method, url, {
          payload,
          headers: { 'content-type': 'application/json' },
        });
        expectRefused(response, `${keyOf(route)} ${payload}`);
        calls += 1;
      }
      if (!route.body) continue;
      const valid = validBodyOf(route) ?? {};
      expectRefused(
        await request(route.method, url, { payload: json(valid), headers: { 'content-type': 'text/plain' } }),
        `${keyOf(route)} as text/plain`,
      );
      expectRefused(await request(route.method, url, { payload: json(valid) }), `${keyOf(route)} untyped`);
      for (const field of shapeOf(route.body)) {
        const schema = (
          route.body as unknown as { shape: Record<string, { safeParse: (v: unknown) => { success: boolean } }> }
        ).shape[field];
        // `true` is a fine value for a boolean field; every other value here is wrong for every field.
        const values = schema?.safeParse(true).success ? BAD_VALUES.filter((v) => v !== true) : BAD_VALUES;
        for (const bad of values) {
          const response = await request(route.method, url, {
            payload: json({ ...valid, [field]: bad }),
            headers: { 'content-type': 'application/json' },
          });
          expectRefused(response, `${keyOf(route)} ${field}=${JSON.stringify(bad).slice(0, 30)}`);
          calls += 1;
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect(await stateOf()).toEqual(before);
  });

  it('refuses bad path values on every route with a path parameter, changing nothing', async () => {
    const before = await stateOf();
    for (const route of routes.filter((r) => r.url.includes(':'))) {
      const name = /:(\w+)/.exec(route.url)?.[1] as string;
      const body = validBodyOf(route);
      // Outside /api/, `/..` resolves to a page of the web app, never to this route.
      for (const bad of BAD_PARAMS.filter((p) => route.url.startsWith('/api/') || p !== '%2e%2e')) {
        const response = await clientOf(route)(route.method, urlOf(route, { [name]: bad }), body ? { body } : {});
        expectRefused(response, `${keyOf(route)} ${name}=${bad.slice(0, 20)}`);
      }
    }
    expect(await stateOf()).toEqual(before);
  });

  it('refuses wrong query types', async () => {
    for (const route of routes.filter((r) => r.query)) {
      const kinds = QUERY_KINDS[keyOf(route)];
      expect(kinds, keyOf(route)).toBeDefined();
      expect(Object.keys(kinds ?? {}).sort()).toEqual(shapeOf(route.query).sort());
      for (const [field, kind] of Object.entries(kinds ?? {})) {
        for (const bad of BAD_QUERY[kind]) {
          const query = new URLSearchParams({ q: 'a' });
          query.delete(field);
          for (const item of ([] as string[]).concat(bad)) query.append(field, item);
          const response = await clientOf(route)('GET', `${urlOf(route)}?${query.toString()}`);
          expectRefused(response, `${keyOf(route)} ${field}=${String(bad).slice(0, 20)}`);
        }
      }
    }
    expectRefused(await admin.request('GET', '/api/admin/members/search'), 'search without q');
  });

  it('refuses malformed and incomplete CSV uploads without starting a job', async () => {
    const before = await stateOf();
    const file = { name: 'file', filename: 'm.csv', data: '姓名,帐号,邮箱\nX,x9,x9@seed.test\n' };
    const cases = [
      { payload: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=xyz' } },
      {
        payload: '--xyz\r\nContent-Disposition: form-data\r\n\r\n',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      },
      { payload: 'x', headers: { 'content-type': 'multipart/form-data' } },
      { payload: json({ mode: 'sync' }), headers: { 'content-type': 'application/json' } },
      multipart([{ name: 'mode', value: 'sync' }]),
      multipart([{ name: 'mode', value: 'bogus' }, file]),
      multipart([{ name: 'kind', value: 'bogus' }, file]),
      multipart([{ name: 'mode', value: LONG }, file]),
      multipart([{ name: 'file', filename: 'empty.csv', data: '' }]),
    ];
    for (const [i, c] of cases.entries()) {
      expectRefused(await admin.request('POST', '/api/admin/imports', c), `import case ${i}`);
    }
    expect(await stateOf()).toEqual(before);
  });

  it('passes each valid body through validation, so the field cases above test one mistake each', async () => {
    for (const route of routes.filter((r) => r.body)) {
      const response = await clientOf(route)(route.method, urlOf(route), { body: validBodyOf(route) });
      const what = `${keyOf(route)}: ${response.statusCode} ${response.body.slice(0, 300)}`;
      expect(response.statusCode, what).toBeLessThan(500);
      const code = response.statusCode < 400 ? undefined : (response.json() as { code?: string }).code;
      expect(['request.invalid', 'admin.signed_out', 'member.signed_out', 'request.csrf'], what).not.toContain(code);
    }
  });
});
