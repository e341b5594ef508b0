import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoutes } from '../../modules/apps/apps.routes.js';
import { callbackRoutes } from '../../modules/callbacks/callbacks.routes.js';
import { departmentRoutes } from '../../modules/directory/departments/departments.routes.js';
import { importRoutes } from '../../modules/directory/import/index.js';
import { memberRoutes } from '../../modules/directory/members/members.routes.js';
import { tagRoutes } from '../../modules/directory/tags/tags.routes.js';
import { orgRoutes } from '../../modules/orgs/orgs.routes.js';
import { createTag, addToTag } from '../../modules/directory/index.js';
import { type AdminClient, signIn } from '../../testing/admin-client.js';
import { given } from '../../testing/given.js';
import { multipart } from '../../testing/multipart.js';
import { countDirectoryRows, snapshotOrg } from '../../testing/snapshot.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import type { AnyRoute } from './route.js';

/**
 * Every admin route validates: malformed bodies, wrong types in every field, bad path and query values are
 * answered with a 4xx `{code, message}` (never a 500), and nothing is half-applied.
 */
const LONG = 'x'.repeat(5000);
const HUGE = '__1e400__';
const NUL = 'a\u0000b';
const BAD_VALUES: unknown[] = [{}, { a: { b: [] } }, [{}], [[1]], true, -1, 1.5, 1e20, 2 ** 53, HUGE, LONG, NUL];
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
};
/** A body each route accepts, so a bad path value is the only mistake. */
const VALID_BODY: Record<string, unknown> = {
  'PATCH /api/admin/departments/:id': { name: 'Renamed' },
  'PATCH /api/admin/members/:userId': { name: 'Renamed' },
  'PATCH /api/admin/tags/:id': { name: 'Renamed' },
  'POST /api/admin/tags/:id/members': { userIds: ['u1'] },
  'POST /api/admin/tags/:id/members/remove': { userIds: ['u1'] },
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
];

let server: TestServer;
let admin: AdminClient;
let orgId: number;
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
  ];
  const org = await given.org(server.store.db);
  orgId = org.orgId;
  await given.department(org.ctx, 'Seed');
  await given.department(org.ctx, 'Empty');
  await given.member(org.ctx, { userId: 'u1', departments: [{ id: 2, order: 0, isLeader: false }] });
  const tag = await createTag(org.ctx, { name: 'SeedTag' });
  await addToTag(org.ctx, tag.id, { userIds: ['u1'], departmentIds: [2] });
  const { app } = await given.app(org.ctx);
  admin = await signIn(server, org.owner.email, org.password);
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
  params = { id: '3', userId: 'u1', agentId: String(app.agentId), jobId };
});
afterAll(async () => server.close());

const keyOf = (r: AnyRoute) => `${r.method} ${r.url}`;
const fill = (url: string, values: Record<string, string>) =>
  url.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? (name === 'id' && url.includes('/tags/') ? '1' : ''));
const urlOf = (r: AnyRoute, overrides: Record<string, string> = {}) =>
  fill(r.url, { ...params, ...(r.url.includes('/tags/') ? { id: '1' } : {}), ...overrides });
const shapeOf = (schema: unknown) => Object.keys((schema as { shape?: object } | undefined)?.shape ?? {});

function expectRefused(response: LightMyRequestResponse, what: string) {
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  const body = response.json() as { code?: unknown; message?: unknown };
  expect(typeof body.code, what).toBe('string');
  expect(typeof body.message, what).toBe('string');
  // Refused for what it sent, not because the session or CSRF header was missing.
  expect(['admin.signed_out', 'request.csrf'], what).not.toContain(body.code);
}

const json = (value: unknown) => JSON.stringify(value).replaceAll(`"${HUGE}"`, '1e400');

async function countAll() {
  const orgs = await server.store.db.selectFrom('orgs').select('id').execute();
  const admins = await server.store.db.selectFrom('admins').select('id').execute();
  return { ...(await countDirectoryRows(server.store.db)), orgs: orgs.length, admins: admins.length };
}

describe('every admin route validates its input', () => {
  it('names every route either as taking input or in the no-input list', () => {
    const withInput = routes.filter((r) => r.body || r.params || r.query || r.url === '/api/admin/imports');
    const without = routes.filter((r) => !withInput.includes(r)).map(keyOf);
    expect(without.sort()).toEqual([...NO_INPUT].sort());
    expect(withInput.length).toBeGreaterThan(15);
  });

  it('refuses malformed bodies and wrong types in every body field, changing nothing', async () => {
    const counts = await countAll();
    const before = await snapshotOrg(server.store.db, orgId);
    let calls = 0;
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const url = urlOf(route);
      const bodies = route.body ? BAD_JSON : ['{', '{"a":'];
      for (const payload of bodies) {
        const response = await admin.request(route.method, url, {
          payload,
          headers: { 'content-type': 'application/json' },
        });
        expectRefused(response, `${keyOf(route)} ${payload}`);
        calls += 1;
      }
      if (!route.body) continue;
      expectRefused(
        await admin.request(route.method, url, { payload: '{}', headers: { 'content-type': 'text/plain' } }),
        `${keyOf(route)} as text/plain`,
      );
      expectRefused(await admin.request(route.method, url, { payload: '{"a":1}' }), `${keyOf(route)} untyped`);
      for (const field of shapeOf(route.body)) {
        const schema = (
          route.body as unknown as { shape: Record<string, { safeParse: (v: unknown) => { success: boolean } }> }
        ).shape[field];
        // `true` is a fine value for a boolean field; every other value here is wrong for every field.
        const values = schema?.safeParse(true).success ? BAD_VALUES.filter((v) => v !== true) : BAD_VALUES;
        for (const bad of values) {
          const response = await admin.request(route.method, url, {
            payload: json({ [field]: bad }),
            headers: { 'content-type': 'application/json' },
          });
          expectRefused(response, `${keyOf(route)} ${field}=${JSON.stringify(bad).slice(0, 30)}`);
          calls += 1;
        }
      }
    }
    expect(calls).toBeGreaterThan(200);
    expect(await countAll()).toEqual(counts);
    expect(await snapshotOrg(server.store.db, orgId)).toEqual(before);
  });

  it('refuses bad path values on every route with a path parameter, changing nothing', async () => {
    const counts = await countAll();
    const before = await snapshotOrg(server.store.db, orgId);
    for (const route of routes.filter((r) => r.url.includes(':'))) {
      const name = /:(\w+)/.exec(route.url)?.[1] as string;
      for (const bad of BAD_PARAMS) {
        const body = VALID_BODY[keyOf(route)];
        const response = await admin.request(route.method, urlOf(route, { [name]: bad }), body ? { body } : {});
        expectRefused(response, `${keyOf(route)} ${name}=${bad.slice(0, 20)}`);
      }
    }
    expect(await countAll()).toEqual(counts);
    expect(await snapshotOrg(server.store.db, orgId)).toEqual(before);
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
          const response = await admin.request('GET', `${urlOf(route)}?${query.toString()}`);
          expectRefused(response, `${keyOf(route)} ${field}=${String(bad).slice(0, 20)}`);
        }
      }
    }
    expectRefused(await admin.request('GET', '/api/admin/members/search'), 'search without q');
  });

  it('refuses malformed and incomplete CSV uploads without starting a job', async () => {
    const counts = await countAll();
    const jobs = await server.store.db.selectFrom('jobs').select('id').where('org_id', '=', orgId).execute();
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
    expect(await server.store.db.selectFrom('jobs').select('id').where('org_id', '=', orgId).execute()).toHaveLength(
      jobs.length,
    );
    expect(await countAll()).toEqual(counts);
  });
});
