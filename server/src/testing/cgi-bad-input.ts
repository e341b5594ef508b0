import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiRoutes } from '../open-api/index.js';
import { given } from './given.js';
import { multipart } from './multipart.js';
import { uploadMedia, waitForBatchJob } from './open-api-calls.js';
import { countDirectoryRows, countStoredFiles, snapshotOrg } from './snapshot.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * The shared half of the /cgi-bin bad-input suites (open-api/bad-input*.test.ts): every route validates, so
 * malformed bodies and wrong types in every field are answered with HTTP 200 and a non-zero integer errcode
 * (never -1, which is what an unhandled error becomes), and change nothing.
 */

/**
 * What a field holds. `text` is a string WeCom cuts to length instead of refusing (appchat names), so an
 * overlong one is not a mistake; `objectList` is an array of objects (menu buttons).
 */
export type Kind = 'string' | 'text' | 'int' | 'intList' | 'stringList' | 'object' | 'objectList';
export type Seed = {
  orgId: number;
  token: string;
  appToken: string;
  agentId: number;
  msgId: string;
  mediaId: string;
  /** A temporary image (agent/set `logo_mediaid`). */
  imageId: string;
  jobId: string;
  corpId: string;
  secret: string;
  openid: string;
  /** A chat of the seed app holding u1 (its owner) and u2. */
  chatId: string;
  /** The oauth suite's: a live OAuth code of u1 for the seed app, and a user_ticket of u1 (snsapi_privateinfo). */
  code: string;
  userTicket: string;
  /** The messaging suite's: a pending scheduled send of the seed app (message/send with send_time). */
  scheduleId?: string;
};
export type Case = {
  /** A call that succeeds on a freshly seeded org; every case below breaks exactly one thing in it. */
  base: (seed: Seed) => Record<string, unknown>;
  fields: Record<string, Kind>;
  required: string[];
  /** Calls with an app's token (messages, chats, app settings) instead of the directory token. */
  asApp?: boolean;
  /** Whole inputs, each wrong somewhere deeper than a top-level field (nested payloads, menu buttons). */
  extra?: (seed: Seed) => Record<string, unknown>[];
};

/** Which bad-input file owns a route; a new route lands in one of them and fails there until it has cases. */
export type Suite = 'directory' | 'apps' | 'messaging' | 'oauth';
export function suiteOf(path: string): Suite {
  if (/^(auth\/|user\/getuser(info|detail)$|get_jsapi_ticket$|ticket\/)/.test(path)) return 'oauth';
  if (/^(agent|menu)\//.test(path) || path === 'media/uploadimg') return 'apps';
  if (/^(message|appchat)\//.test(path)) return 'messaging';
  return 'directory';
}

export const LONG = 'x'.repeat(5000);
/** Stands for the JSON number 1e400 (JSON.stringify would write Infinity as null). */
const HUGE = '__1e400__';
/** PostgreSQL cannot store NUL in text; it must be refused before it reaches a query. */
export const NUL = 'u1\u0000x';
/** Half of a UTF-16 surrogate pair: valid JSON (`"\ud800"`), but no UTF-8 text; refused before it is stored. */
export const LONE_SURROGATE = 'u1\ud800x';
/** Nested past any WeCom shape: refused before anything recursive (serialising it, storing it) can overflow. */
export const DEEP: unknown = JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`);
const STRING_BAD = [{}, { a: { b: [] } }, [], ['a'], [{}], true, false, NUL, LONE_SURROGATE];
const IN_BODY: Record<Kind, unknown[]> = {
  string: [...STRING_BAD, LONG],
  text: STRING_BAD,
  // Past PostgreSQL's integer columns (and WeCom's widest range, [0, 2^32) for `order`): refused before any query.
  int: [
    {},
    [],
    [1],
    [{}],
    true,
    'abc',
    '1.5',
    1.5,
    -1,
    2 ** 32,
    2 ** 40,
    1e20,
    2 ** 53,
    HUGE,
    '99999999999999999999',
    LONG,
  ],
  intList: [{}, [{}], [[1]], [true], ['abc'], [1.5], [-1], [2 ** 32], [1e20], 'abc', true, LONG, Array(101).fill(1)],
  stringList: [{}, [{}], [[1]], [true], [null], true, [NUL], [LONE_SURROGATE], Array(1001).fill('a')],
  object: [[], [1], 'str', LONG, true, 5, DEEP, { a: LONE_SURROGATE }],
  objectList: [{}, [], [1], ['a'], [[]], [null], [true], 'str', true, 5, LONG, Array(101).fill({})],
};
const IN_QUERY: Record<Kind, string[][]> = {
  string: [[LONG], ['a', 'b'], [NUL]],
  text: [['a', 'b'], [NUL]],
  int: [
    ['abc'],
    ['-1'],
    ['1.5'],
    ['1e3'],
    ['0x10'],
    [' '],
    ['4294967296'],
    ['99999999999999999999'],
    [LONG],
    ['1', '2'],
  ],
  intList: [],
  stringList: [],
  object: [],
  objectList: [],
};

/** Routes whose file travels as multipart/form-data (field `media`); their other fields go in the query. */
const MULTIPART = new Set(['media/upload', 'media/uploadimg']);
const CSV = '姓名,帐号,邮箱,所在部门\nSeeded,seeded,seeded@seed.test,2\n';
const PARTY_CSV = '部门名称,部门ID,父部门ID,排序\nRoot,1,0,0\nSeed,2,1,0\n';
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/**
 * A new org with department 2 (and 3 under the root), members u1–u3 in department 2, tag 1 holding u1 and a CSV.
 * The directory suite adds a finished job; the others an app that has sent u1 a message, has a menu and a
 * chat of u1 and u2, and a temporary image (the seed is kept to what the suite uses: one is made per base call).
 */
type Extend = (server: TestServer, seed: Seed) => Promise<Partial<Seed>>;
async function seed(server: TestServer, suite: Suite, path = '', extend?: Extend): Promise<Seed> {
  const org = await given.org(server.store.db);
  const token = await server.token(org.corpId, org.contactSecret);
  const post = async (p: string, body: unknown, as = token) => {
    const reply = await server.cgi(p, { token: as, body });
    if (reply.errcode !== 0) throw new Error(`seed ${p} failed: ${JSON.stringify(reply)}`);
    return reply;
  };
  await post('department/create', { name: 'Seed', parentid: 1 });
  await post('department/create', { name: 'Empty', parentid: 1 });
  await post('user/create', {
    userid: 'u1',
    name: 'U1',
    department: [2],
    mobile: '13500000001',
    email: 'u1@seed.test',
  });
  await post('user/create', { userid: 'u2', name: 'U2', department: [2], email: 'u2@seed.test' });
  await post('user/create', { userid: 'u3', name: 'U3', department: [2], email: 'u3@seed.test' });
  await post('tag/create', { tagname: 'SeedTag' });
  await post('tag/addtagusers', { tagid: 1, userlist: ['u1'], partylist: [2] });
  const data = path === 'batch/replaceparty' ? PARTY_CSV : CSV;
  const mediaId = (await uploadMedia(server, token, { filename: 'seed.csv', data })).media_id as string;
  const openid = (await post('user/convert_to_openid', { userid: 'u1' })).openid as string;
  const seeded = { orgId: org.orgId, token, mediaId, corpId: org.corpId, secret: org.contactSecret, openid };
  const none = { appToken: '', agentId: 0, msgId: '', imageId: '', jobId: '', chatId: '', code: '', userTicket: '' };
  if (suite === 'directory') {
    const jobId = (await post('batch/syncuser', { media_id: mediaId })).jobid as string;
    await waitForBatchJob(server, token, jobId);
    return { ...seeded, ...none, jobId };
  }
  const { app, secret } = await given.app(org.ctx);
  const appToken = await server.token(org.corpId, secret);
  if (suite === 'oauth') {
    const made = { ...seeded, ...none, appToken, agentId: app.agentId };
    return { ...made, ...(await extend?.(server, made)) };
  }
  const text = { touser: 'u1', msgtype: 'text', agentid: app.agentId, text: { content: 'seed' } };
  const msgId = (await post('message/send', text, appToken)).msgid as string;
  const image = await uploadMedia(server, appToken, { type: 'image', filename: 'logo.png', data: PNG });
  const menu = { agentid: app.agentId, button: [{ type: 'click', name: 'Seed', key: 'seed' }] };
  await post('menu/create', menu, appToken);
  const chat = { chatid: 'seedchat', name: 'Seed chat', owner: 'u1', userlist: ['u1', 'u2'] };
  await post('appchat/create', chat, appToken);
  const made = {
    ...seeded,
    ...none,
    appToken,
    agentId: app.agentId,
    msgId,
    imageId: image.media_id as string,
    chatId: chat.chatid,
  };
  return { ...made, ...(await extend?.(server, made)) };
}

type Reply = { status: number; body: Record<string, unknown> };

async function call(
  server: TestServer,
  method: string,
  path: string,
  token: string | undefined,
  input: Record<string, unknown>,
): Promise<Reply> {
  const query = new URLSearchParams();
  if (token !== undefined) query.set('access_token', token);
  const inQuery = method === 'GET' || MULTIPART.has(path);
  if (inQuery) {
    for (const [k, v] of Object.entries(input)) {
      for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
    }
  }
  const file =
    path === 'media/uploadimg'
      ? { name: 'media', filename: 'a.png', contentType: 'image/png', data: PNG }
      : { name: 'media', filename: 'a.csv', data: CSV };
  const response = await server.enclave.app.inject({
    method: method as 'GET' | 'POST',
    url: `/cgi-bin/${path}?${query.toString()}`,
    ...(MULTIPART.has(path)
      ? multipart([file])
      : inQuery
        ? {}
        : { payload: JSON.stringify(input).replaceAll(`"${HUGE}"`, '1e400') }),
  });
  // media/get answers a success with the file itself.
  const isJson = String(response.headers['content-type']).startsWith('application/json');
  return { status: response.statusCode, body: isJson ? (response.json() as Record<string, unknown>) : { errcode: 0 } };
}

function expectRefused(result: Reply, what: string) {
  const detail = `${what}: ${JSON.stringify(result.body).slice(0, 300)}`;
  expect(result.status, detail).toBe(200);
  expect(Number.isInteger(result.body.errcode), detail).toBe(true);
  expect(result.body.errcode, detail).not.toBe(0);
  expect(result.body.errcode, detail).not.toBe(-1);
  expect(typeof result.body.errmsg, detail).toBe('string');
}

/** Everything a refused call must leave as it was: the org's rows, store-wide directory counts, stored files. */
async function stateOf(server: TestServer, orgId: number) {
  return {
    counts: await countDirectoryRows(server.store.db),
    org: await snapshotOrg(server.store.db, orgId),
    files: countStoredFiles(server.store.dataDir),
  };
}

/**
 * The bad-input tests for one suite's routes. `pending` names routes of other people's areas that are still
 * settling; they get the malformed-body and token checks but no field cases yet.
 */
export function describeCgiBadInput(
  suite: Suite,
  cases: Record<string, Case[]>,
  options: { pending?: string[]; minCalls: number; extend?: Extend },
) {
  let server: TestServer;
  let routes: { method: string; path: string }[];
  const pending = options.pending ?? [];

  describe(`every /cgi-bin route of the ${suite} suite validates its input`, () => {
    beforeAll(async () => {
      server = await startTestServer();
      routes = openApiRoutes(server.enclave.services)
        .filter((r) => suiteOf(r.path) === suite)
        .map((r) => ({ method: r.method, path: r.path }));
    });
    afterAll(async () => server.close());

    it('has field cases for every route of this suite', () => {
      const names = routes.map((r) => `${r.method} ${r.path}`);
      expect(Object.keys(cases).filter((k) => !names.includes(k))).toEqual([]);
      expect(names.filter((n) => !(n in cases)).sort()).toEqual([...pending].sort());
      for (const [name, list] of Object.entries(cases)) expect(list.length, name).toBeGreaterThan(0);
    });

    it('accepts each base call on a freshly seeded org, so the cases below test one mistake each', async () => {
      for (const { method, path } of routes) {
        for (const c of cases[`${method} ${path}`] ?? []) {
          const s = await seed(server, suite, path, options.extend);
          const token = path === 'gettoken' ? undefined : c.asApp ? s.appToken : s.token;
          const result = await call(server, method, path, token, c.base(s));
          expect(result.body.errcode, `${method} ${path}: ${JSON.stringify(result.body)}`).toBe(0);
        }
      }
    });

    it('refuses wrong types, out-of-range numbers, long strings and missing fields, changing nothing', async () => {
      const s = await seed(server, suite, '', options.extend);
      const before = await stateOf(server, s.orgId);
      let calls = 0;
      for (const { method, path } of routes) {
        const inQuery = method === 'GET' || MULTIPART.has(path);
        for (const c of cases[`${method} ${path}`] ?? []) {
          const token = path === 'gettoken' ? undefined : c.asApp ? s.appToken : s.token;
          const base = c.base(s);
          const refuse = async (input: Record<string, unknown>, what: string) => {
            expectRefused(await call(server, method, path, token, input), `${method} ${path} ${what}`);
            calls += 1;
          };
          for (const [field, kind] of Object.entries(c.fields)) {
            for (const bad of inQuery ? IN_QUERY[kind] : IN_BODY[kind]) {
              await refuse({ ...base, [field]: bad }, `${field}=${JSON.stringify(bad).slice(0, 40)}`);
            }
          }
          for (const field of c.required) {
            for (const absent of [undefined, '', null]) {
              const input = { ...base, [field]: absent };
              if (absent === undefined || (inQuery && absent === null)) delete input[field];
              await refuse(input, `without ${field} (${JSON.stringify(absent)})`);
            }
          }
          for (const input of c.extra?.(s) ?? []) await refuse(input, JSON.stringify(input).slice(0, 80));
        }
      }
      expect(calls).toBeGreaterThan(options.minCalls);
      expect(await stateOf(server, s.orgId)).toEqual(before);
    });

    it('refuses malformed and non-object JSON bodies on every POST route', async () => {
      const s = await seed(server, suite, '', options.extend);
      const before = await stateOf(server, s.orgId);
      const bodies = ['{', '{"name":', 'nul', '{"a":1}}', "{'a':1}", '\u0000', '[]', '[{"name":"x"}]', '"str"', '42'];
      for (const { method, path } of routes.filter((r) => r.method === 'POST' && r.path !== 'media/upload')) {
        const asApp = cases[`${method} ${path}`]?.[0]?.asApp ?? false;
        for (const payload of [...bodies, 'null', 'true']) {
          for (const headers of [{}, { 'content-type': 'application/json' }, { 'content-type': 'text/plain' }]) {
            const response = await server.enclave.app.inject({
              method: 'POST',
              url: `/cgi-bin/${path}?access_token=${asApp ? s.appToken : s.token}`,
              payload,
              headers,
            });
            const what = `${method} ${path} ${payload} ${JSON.stringify(headers)}`;
            expectRefused({ status: response.statusCode, body: response.json() }, what);
          }
        }
      }
      expect(await stateOf(server, s.orgId)).toEqual(before);
    });

    it('refuses missing, repeated and oversized access tokens on every route', async () => {
      for (const { method, path } of routes.filter((r) => r.path !== 'gettoken')) {
        for (const token of [undefined, '', LONG]) {
          const what = `${method} ${path} token=${token?.slice(0, 5)}`;
          expectRefused(await call(server, method, path, token, {}), what);
        }
        const response = await server.enclave.app.inject({
          method: method as 'GET' | 'POST',
          url: `/cgi-bin/${path}?access_token=a&access_token=b`,
        });
        expectRefused({ status: response.statusCode, body: response.json() }, `${method} ${path} repeated token`);
      }
    });

    it('refuses malformed multipart uploads, storing nothing', async () => {
      const s = await seed(server, suite, '', options.extend);
      const before = await stateOf(server, s.orgId);
      for (const { path } of routes.filter((r) => MULTIPART.has(r.path))) {
        const url = `/cgi-bin/${path}?access_token=${s.appToken || s.token}&type=file`;
        const cases = [
          { payload: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=xyz' } },
          {
            payload: '--xyz\r\nContent-Disposition: form-data\r\n\r\n',
            headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
          },
          {
            payload: '--xyz\r\nContent-Disposition: form-data; name="media"; filename="a"\r\n\r\nabc',
            headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
          },
          { payload: 'x', headers: { 'content-type': 'multipart/form-data' } },
          multipart([{ name: 'media', value: 'not a file' }]),
          multipart([{ name: 'file', filename: 'a.png', data: PNG }]),
          multipart([{ name: 'media', filename: 'a.png', data: Buffer.alloc(0) }]),
          multipart([]),
          // PostgreSQL cannot store a NUL; no file name of ours holds a control character either.
          multipart([{ name: 'media', filename: 'a\u0000b.png', contentType: 'image/png', data: PNG }]),
          multipart([{ name: 'media', filename: 'a\u0001b.png', contentType: 'image/png', data: PNG }]),
          multipart([{ name: 'media', filename: 'a\u007fb.png', contentType: 'image/png', data: PNG }]),
        ];
        for (const [i, c] of cases.entries()) {
          const response = await server.enclave.app.inject({ method: 'POST', url, ...c });
          expectRefused({ status: response.statusCode, body: response.json() }, `${path} case ${i}`);
        }
      }
      expect(await stateOf(server, s.orgId)).toEqual(before);
      for (const { path } of routes.filter((r) => MULTIPART.has(r.path))) {
        const url = `/cgi-bin/${path}?access_token=${s.appToken || s.token}&type=file`;
        // Taking one of two files is a whole upload, not a half one; it only must not fail.
        const two = multipart([
          { name: 'media', filename: 'a.png', data: PNG },
          { name: 'media', filename: 'b.png', data: PNG },
        ]);
        const response = await server.enclave.app.inject({ method: 'POST', url, ...two });
        expect(response.statusCode).toBe(200);
        expect(response.json().errcode, `${path} two files`).not.toBe(-1);
      }
    });
  });
}
