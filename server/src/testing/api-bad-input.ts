import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../platform/context.js';
import type { AnyRoute } from '../platform/http/route.js';
import { createTag, addToTag } from '../modules/directory/index.js';
import { setSelfJoin } from '../modules/member-auth/index.js';
import { type AdminClient, signIn } from './admin-client.js';
import { given } from './given.js';
import { type MemberClient, signInMember } from './member-client.js';
import { registeredRoutes } from './registered-routes.js';
import { countDirectoryRows, countStoredFiles, snapshotOrg } from './snapshot.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * The shared half of the admin and client API bad-input suites (server/src/bad-input/*.test.ts): malformed
 * bodies, wrong types in every field, bad path and query values are answered with a 4xx `{code, message}`
 * (never a 500), and nothing is half-applied.
 */
export const LONG = 'x'.repeat(5000);
const HUGE = '__1e400__';
export const NUL = 'a\u0000b';
/** Half of a UTF-16 surrogate pair: valid JSON (`"\ud800"`), but no UTF-8 text. */
export const LONE_SURROGATE = 'a\udc00b';
/** Nested past anything a route takes. */
const DEEP: unknown = JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`);
const BAD_VALUES: unknown[] = [
  ...[{}, { a: { b: [] } }, [{}], [[1]], [null], [LONG], [-1], [1.5], true, -1, 1.5, 1e20, 2 ** 53, HUGE, LONG, NUL],
  ...[LONE_SURROGATE, [LONE_SURROGATE], { a: LONE_SURROGATE }, DEEP, { a: DEEP }],
  // Past every list's maximum (1000 is the largest).
  ...[Array(1001).fill('a'), Array(1001).fill(1)],
];
const BAD_JSON = ['{', '{"name":', "{'a':1}", '{"a":1}}', '[]', '[{}]', '"str"', '42', 'true'];
const BAD_PARAMS = ['abc', '-1', '1.5', '99999999999999999999', 'x'.repeat(300), '%00', '%E0%A4%A', '%2e%2e'];
export type QueryKind = 'int' | 'enum' | 'string';
const BAD_QUERY: Record<QueryKind, (string | string[])[]> = {
  int: ['abc', '-1', '1.5', '99999999999999999999', LONG, ['1', '2']],
  enum: ['maybe', LONG, ['1', '0']],
  string: [LONG, ['a', 'b'], NUL],
};
export const MOBILE = '13500000001';

/** Which bad-input file owns a route; a new route lands in one of them and fails there until it has cases. */
export type ApiSuite = 'admin' | 'client' | 'oauth';
/**
 * What the server serves besides the APIs: the web app's files (the JS bridge under /jssdk/ too), the health
 * check, and /cgi-bin (own suite).
 */
const NOT_AN_API = /^GET \/(assets\/.*|jssdk\/[^/]+\.\w+|[^/]+\.\w+|healthz)?$|^[A-Z]+ \/cgi-bin\//;
/** Not a JSON route but a WebSocket upgrade; modules/messaging/realtime.test.ts covers what it accepts. */
const WEBSOCKET = /^GET \/api\/client\/ws$/;
export function apiSuiteOf(key: string): ApiSuite | undefined {
  if (NOT_AN_API.test(key) || WEBSOCKET.test(key)) return undefined;
  if (/^[A-Z]+ \/((connect|wwlogin|wwopen)\/|api\/client\/(wwlogin|jsapi)\/)/.test(key)) return 'oauth';
  if (/^[A-Z]+ \/api\/client\/(apps|chats|conversations|messages|departments|members|media|location)(\/|$)/.test(key))
    return 'client';
  return 'admin';
}

/** What the seed made, for building valid inputs: the org's ids and whatever the suite's own setup added. */
export type Values = { corpId: string; agentId: number; orgId: number; appSecret: string } & Record<
  string,
  string | number
>;
export type ApiEnv = {
  server: TestServer;
  admin: AdminClient;
  member: MemberClient;
  ctx: OrgContext;
  values: Values;
  stateOf: () => Promise<unknown>;
};
export type ApiSpec = {
  routes: (server: TestServer) => AnyRoute[];
  /** Seeds what the suite's routes act on (after the shared seed) and returns the values to build inputs from. */
  setup?: (env: Omit<ApiEnv, 'values' | 'stateOf'> & { values: Values }) => Promise<Record<string, string | number>>;
  /** The path value a route takes where it is not the thing under test. */
  paramOf: (url: string, name: string, values: Values) => string;
  /**
   * A body each route's schema accepts (several for a union: one per variant): each field case breaks one field
   * of it, and a bad path value is the only mistake. The last test proves each passes validation.
   */
  validBody: Record<string, (v: Values) => Record<string, unknown> | Record<string, unknown>[]>;
  /** A query each query route accepts; each query case breaks one field of it. */
  validQuery?: Record<string, (v: Values) => Record<string, string>>;
  queryKinds: Record<string, Record<string, QueryKind>>;
  /** Values of BAD_VALUES that are right for a field of that name (-1 and 1.5 are fine latitudes). */
  fine?: Record<string, unknown[]>;
  /** Routes that take nothing a caller could get wrong (no body, path or query). */
  noInput: string[];
  /** Routes whose input is not declared as a schema (uploads, browser pages); the suite tests them itself. */
  ownInput?: string[];
  /** Routes their owners are still building, so without field cases yet, by owner. */
  pending?: Record<string, RegExp>;
  minCalls: number;
  /** The suite's own tests; `env()` is ready inside them. */
  more?: (env: () => ApiEnv) => void;
};

export const keyOf = (r: AnyRoute) => `${r.method} ${r.url}`;
const shapeOf = (schema: unknown) => Object.keys((schema as { shape?: object } | undefined)?.shape ?? {});
const json = (value: unknown) => JSON.stringify(value).replaceAll(`"${HUGE}"`, '1e400');

export function expectRefused(response: LightMyRequestResponse, what: string) {
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  const body = response.json() as { code?: unknown; message?: unknown };
  expect(typeof body.code, what).toBe('string');
  expect(typeof body.message, what).toBe('string');
  // Refused for what it sent, not because the session or CSRF header was missing.
  expect(['admin.signed_out', 'member.signed_out', 'request.csrf'], what).not.toContain(body.code);
}

export function describeApiBadInput(suite: ApiSuite, spec: ApiSpec) {
  let env: ApiEnv;
  let routes: AnyRoute[];
  const valuesOf = (route: AnyRoute) => {
    const made = spec.validBody[keyOf(route)]?.(env.values);
    return made === undefined ? [] : Array.isArray(made) ? made : [made];
  };
  const validBodyOf = (route: AnyRoute) => valuesOf(route)[0];
  const urlOf = (r: AnyRoute, overrides: Record<string, string> = {}) =>
    r.url.replace(/:(\w+)/g, (_m, name: string) => overrides[name] ?? spec.paramOf(r.url, name, env.values));
  /** Who calls a route: its admin, its member, or nobody signed in. */
  const clientOf = (route: AnyRoute): AdminClient['request'] => {
    if (route.principal === 'org-admin') return env.admin.request;
    if (route.principal === 'member') return env.member.request;
    return (method, url, options = {}) => env.admin.request(method, url, { ...options, anonymous: true, csrf: null });
  };

  describe(`every ${suite} API route validates its input`, () => {
    beforeAll(async () => {
      const server = await startTestServer();
      routes = spec.routes(server);
      const org = await given.org(server.store.db);
      await given.department(org.ctx, 'Seed');
      await given.department(org.ctx, 'Empty');
      const inDept = { departments: [{ id: 2, order: 0, isLeader: false }] };
      await given.member(org.ctx, { userId: 'u1', mobile: MOBILE, ...inDept });
      await given.member(org.ctx, { userId: 'u2', mobile: '13500000002', ...inDept });
      await given.member(org.ctx, { userId: 'u3', ...inDept });
      const tag = await createTag(org.ctx, { name: 'SeedTag' });
      await addToTag(org.ctx, tag.id, { userIds: ['u1'], departmentIds: [2] });
      const { app, secret } = await given.app(org.ctx);
      const admin = await signIn(server, org.owner.email, org.password);
      await setSelfJoin(given.as(org.ctx, { kind: 'system' }), true);
      const member = await signInMember(server, { corpId: org.corpId, login: MOBILE });
      const values: Values = { corpId: org.corpId, agentId: app.agentId, orgId: org.orgId, appSecret: secret };
      const stateOf = async () => {
        const orgs = await server.store.db.selectFrom('orgs').select('id').execute();
        const admins = await server.store.db.selectFrom('admins').select('id').execute();
        return {
          counts: { ...(await countDirectoryRows(server.store.db)), orgs: orgs.length, admins: admins.length },
          org: await snapshotOrg(server.store.db, org.orgId),
          files: countStoredFiles(server.store.dataDir),
        };
      };
      const base = { server, admin, member, ctx: org.ctx, values };
      Object.assign(values, await spec.setup?.(base));
      env = { ...base, stateOf };
    });
    afterAll(async () => env.server.close());

    it('enumerates every route of this suite the server registers, and names each as taking input or not', () => {
      const served = registeredRoutes(env.server.enclave.app).filter((r) => apiSuiteOf(r) === suite);
      const keys = routes.map(keyOf);
      expect(keys.filter((r) => apiSuiteOf(r) !== suite || !served.includes(r))).toEqual([]);
      const missed = served.filter((r) => !keys.includes(r));
      const pending = Object.entries(spec.pending ?? {});
      expect(missed.filter((r) => !pending.some(([, p]) => p.test(r)))).toEqual([]);
      for (const [owner, pattern] of pending) {
        expect(
          missed.some((r) => pattern.test(r)),
          `a stale pending entry: ${owner}`,
        ).toBe(true);
      }
      const own = spec.ownInput ?? [];
      const without = routes.filter((r) => !(r.body || r.params || r.query || own.includes(keyOf(r)))).map(keyOf);
      expect(without.sort()).toEqual([...spec.noInput].sort());
      expect(routes.filter((r) => r.body && !spec.validBody[keyOf(r)]).map(keyOf)).toEqual([]);
    });

    it('refuses malformed bodies and wrong types in every body field, changing nothing', async () => {
      const before = await env.stateOf();
      let calls = 0;
      for (const route of routes.filter((r) => r.method !== 'GET')) {
        const url = urlOf(route);
        const request = clientOf(route);
        for (const payload of route.body ? BAD_JSON : ['{', '{"a":']) {
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
        const shape = (route.body as unknown as { shape?: Record<string, { safeParse: (v: unknown) => unknown }> })
          .shape;
        for (const variant of valuesOf(route)) {
          // A union (one body per variant) has no shape: the fields are those of each variant.
          for (const field of shape ? Object.keys(shape) : Object.keys(variant)) {
            // `true` is a fine value for a boolean field; every other value here is wrong for every field.
            const isBoolean = (shape?.[field]?.safeParse(true) as { success?: boolean } | undefined)?.success;
            const fine = [...(isBoolean ? [true] : []), ...(spec.fine?.[field] ?? [])];
            for (const bad of BAD_VALUES.filter((v) => !fine.includes(v))) {
              const response = await request(route.method, url, {
                payload: json({ ...variant, [field]: bad }),
                headers: { 'content-type': 'application/json' },
              });
              expectRefused(response, `${keyOf(route)} ${field}=${JSON.stringify(bad).slice(0, 30)}`);
              calls += 1;
            }
          }
        }
      }
      expect(calls).toBeGreaterThan(spec.minCalls);
      expect(await env.stateOf()).toEqual(before);
    });

    it('refuses bad path values on every route with a path parameter, changing nothing', async () => {
      const before = await env.stateOf();
      for (const route of routes.filter((r) => r.url.includes(':'))) {
        const name = /:(\w+)/.exec(route.url)?.[1] as string;
        const body = validBodyOf(route);
        // Outside /api/, `/..` resolves to a page of the web app, never to this route.
        for (const bad of BAD_PARAMS.filter((p) => route.url.startsWith('/api/') || p !== '%2e%2e')) {
          const response = await clientOf(route)(route.method, urlOf(route, { [name]: bad }), body ? { body } : {});
          expectRefused(response, `${keyOf(route)} ${name}=${bad.slice(0, 20)}`);
        }
      }
      expect(await env.stateOf()).toEqual(before);
    });

    it('refuses wrong query types, changing nothing', async () => {
      const before = await env.stateOf();
      for (const route of routes.filter((r) => r.query)) {
        const kinds = spec.queryKinds[keyOf(route)];
        expect(kinds, keyOf(route)).toBeDefined();
        expect(Object.keys(kinds ?? {}).sort()).toEqual(shapeOf(route.query).sort());
        for (const [field, kind] of Object.entries(kinds ?? {})) {
          for (const bad of BAD_QUERY[kind]) {
            const query = new URLSearchParams(spec.validQuery?.[keyOf(route)]?.(env.values) ?? { q: 'a' });
            query.delete(field);
            for (const item of ([] as string[]).concat(bad)) query.append(field, item);
            const response = await clientOf(route)('GET', `${urlOf(route)}?${query.toString()}`);
            expectRefused(response, `${keyOf(route)} ${field}=${String(bad).slice(0, 20)}`);
          }
        }
      }
      expect(await env.stateOf()).toEqual(before);
    });

    spec.more?.(() => env);

    it('passes each valid input through validation, so the cases above test one mistake each', async () => {
      for (const route of routes.filter((r) => r.body || r.query)) {
        const query = new URLSearchParams(spec.validQuery?.[keyOf(route)]?.(env.values) ?? { q: 'a' });
        const url = route.query ? `${urlOf(route)}?${query.toString()}` : urlOf(route);
        for (const body of route.body ? valuesOf(route) : [undefined]) {
          const response = await clientOf(route)(route.method, url, body ? { body } : {});
          const what = `${keyOf(route)}: ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, what).toBeLessThan(500);
          const code = response.statusCode < 400 ? undefined : (response.json() as { code?: string }).code;
          const refusals = ['request.invalid', 'admin.signed_out', 'member.signed_out', 'request.csrf'];
          expect(refusals, what).not.toContain(code);
        }
      }
    });
  });
}
