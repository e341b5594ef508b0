import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import { multipart } from '../testing/multipart.js';
import { uploadMedia, waitForBatchJob } from '../testing/open-api-calls.js';
import { countDirectoryRows, snapshotOrg } from '../testing/snapshot.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { openApiRoutes } from './index.js';

/**
 * Every /cgi-bin route validates: malformed bodies and wrong types in every field are answered with HTTP 200
 * and a non-zero integer errcode (never -1, which is what an unhandled error becomes), and change nothing.
 */
type Kind = 'string' | 'int' | 'intList' | 'stringList' | 'object';
type Seed = {
  token: string;
  appToken: string;
  agentId: number;
  msgId: string;
  mediaId: string;
  jobId: string;
  corpId: string;
  secret: string;
  openid: string;
};
type Case = {
  /** A call that succeeds on a freshly seeded org; every case below breaks exactly one thing in it. */
  base: (seed: Seed) => Record<string, unknown>;
  fields: Record<string, Kind>;
  required: string[];
  /** Calls with an app's token (messages are sent as an app) instead of the directory token. */
  asApp?: boolean;
};

const LONG = 'x'.repeat(5000);
/** Stands for the JSON number 1e400 (JSON.stringify would write Infinity as null). */
const HUGE = '__1e400__';
/** PostgreSQL cannot store NUL in text; it must be refused before it reaches a query. */
const NUL = 'u1\u0000x';
const IN_BODY: Record<Kind, unknown[]> = {
  string: [{}, { a: { b: [] } }, [], ['a'], [{}], true, false, LONG, NUL],
  int: [{}, [], [1], [{}], true, 'abc', '1.5', 1.5, -1, 1e20, 2 ** 53, HUGE, '99999999999999999999', LONG],
  intList: [{}, [{}], [[1]], [true], ['abc'], [1.5], [1e20], 'abc', true, LONG, Array(101).fill(1)],
  stringList: [{}, [{}], [[1]], [true], [null], true, [NUL], Array(1001).fill('a')],
  object: [[], [1], 'str', LONG, true, 5],
};
const IN_QUERY: Record<Kind, string[][]> = {
  string: [[LONG], ['a', 'b'], [NUL]],
  int: [['abc'], ['-1'], ['1.5'], ['1e3'], ['0x10'], [' '], ['99999999999999999999'], [LONG], ['1', '2']],
  intList: [],
  stringList: [],
  object: [],
};

const USER_FIELDS: Record<string, Kind> = {
  name: 'string',
  alias: 'string',
  mobile: 'string',
  email: 'string',
  position: 'string',
  gender: 'int',
  telephone: 'string',
  tel: 'string',
  address: 'string',
  department: 'intList',
  order: 'intList',
  is_leader_in_dept: 'intList',
  main_department: 'int',
  extattr: 'object',
  external_profile: 'object',
  enable: 'int',
};
const TAG_CHANGE: Case = {
  base: () => ({ tagid: 1, userlist: ['u1'] }),
  fields: { tagid: 'int', userlist: 'stringList' },
  required: ['tagid', 'userlist'],
};
const TAG_PARTY_CHANGE: Case = {
  base: () => ({ tagid: 1, partylist: [2] }),
  fields: { partylist: 'intList' },
  required: ['partylist'],
};
const BATCH: Case = { base: (s) => ({ media_id: s.mediaId }), fields: { media_id: 'string' }, required: ['media_id'] };

const CASES: Record<string, Case[]> = {
  'GET gettoken': [
    {
      base: (s) => ({ corpid: s.corpId, corpsecret: s.secret }),
      fields: { corpid: 'string', corpsecret: 'string' },
      required: ['corpid', 'corpsecret'],
    },
  ],
  'POST department/create': [
    {
      base: () => ({ name: 'New', name_en: 'New', parentid: 2, order: 1, id: 30 }),
      fields: { name: 'string', name_en: 'string', parentid: 'int', order: 'int', id: 'int' },
      required: ['name', 'parentid'],
    },
  ],
  'POST department/update': [
    {
      base: () => ({ id: 2, name: 'Renamed', name_en: 'R', parentid: 1, order: 3 }),
      fields: { id: 'int', name: 'string', name_en: 'string', parentid: 'int', order: 'int' },
      required: ['id'],
    },
  ],
  'GET department/delete': [{ base: () => ({ id: 3 }), fields: { id: 'int' }, required: ['id'] }],
  'GET department/list': [{ base: () => ({ id: 2 }), fields: { id: 'int' }, required: [] }],
  'GET department/simplelist': [{ base: () => ({ id: 2 }), fields: { id: 'int' }, required: [] }],
  'GET department/get': [{ base: () => ({ id: 2 }), fields: { id: 'int' }, required: ['id'] }],
  'POST user/create': [
    {
      base: () => ({ userid: 'newbie', name: 'N', department: [2], order: [0], email: 'newbie@seed.test' }),
      fields: { userid: 'string', ...USER_FIELDS },
      required: ['userid', 'name'],
    },
  ],
  'GET user/get': [{ base: () => ({ userid: 'u1' }), fields: { userid: 'string' }, required: ['userid'] }],
  'POST user/update': [
    {
      base: () => ({ userid: 'u1', name: 'Renamed', department: [2, 1], order: [1, 0] }),
      fields: { userid: 'string', new_userid: 'string', ...USER_FIELDS },
      required: ['userid'],
    },
  ],
  'GET user/delete': [{ base: () => ({ userid: 'u1' }), fields: { userid: 'string' }, required: ['userid'] }],
  'POST user/batchdelete': [
    { base: () => ({ useridlist: ['u1'] }), fields: { useridlist: 'stringList' }, required: ['useridlist'] },
  ],
  'GET user/simplelist': [
    {
      base: () => ({ department_id: 1, fetch_child: 1 }),
      fields: { department_id: 'int', fetch_child: 'int' },
      required: ['department_id'],
    },
  ],
  'GET user/list': [
    {
      base: () => ({ department_id: 1, fetch_child: 1 }),
      fields: { department_id: 'int', fetch_child: 'int' },
      required: ['department_id'],
    },
  ],
  'POST user/list_id': [{ base: () => ({ limit: 10 }), fields: { cursor: 'string', limit: 'int' }, required: [] }],
  'POST user/getuserid': [
    { base: () => ({ mobile: '13500000001' }), fields: { mobile: 'string' }, required: ['mobile'] },
  ],
  'POST user/get_userid_by_email': [
    { base: () => ({ email: 'u1@seed.test' }), fields: { email: 'string' }, required: ['email'] },
  ],
  'POST user/convert_to_openid': [
    { base: () => ({ userid: 'u1' }), fields: { userid: 'string' }, required: ['userid'] },
  ],
  'POST user/convert_to_userid': [
    { base: (s) => ({ openid: s.openid }), fields: { openid: 'string' }, required: ['openid'] },
  ],
  'POST tag/create': [
    { base: () => ({ tagname: 'New', tagid: 9 }), fields: { tagname: 'string', tagid: 'int' }, required: ['tagname'] },
  ],
  'POST tag/update': [
    {
      base: () => ({ tagid: 1, tagname: 'Renamed' }),
      fields: { tagid: 'int', tagname: 'string' },
      required: ['tagid', 'tagname'],
    },
  ],
  'GET tag/delete': [{ base: () => ({ tagid: 1 }), fields: { tagid: 'int' }, required: ['tagid'] }],
  'GET tag/get': [{ base: () => ({ tagid: 1 }), fields: { tagid: 'int' }, required: ['tagid'] }],
  'GET tag/list': [{ base: () => ({}), fields: {}, required: [] }],
  'POST tag/addtagusers': [TAG_CHANGE, TAG_PARTY_CHANGE],
  'POST tag/deltagusers': [TAG_CHANGE, TAG_PARTY_CHANGE],
  'POST message/send': [
    {
      base: (s) => ({ touser: 'u1', toparty: '2', msgtype: 'text', agentid: s.agentId, text: { content: 'hi' } }),
      fields: {
        touser: 'stringList',
        toparty: 'stringList',
        totag: 'stringList',
        msgtype: 'string',
        agentid: 'int',
        text: 'object',
        safe: 'int',
        enable_duplicate_check: 'int',
        duplicate_check_interval: 'int',
      },
      required: ['msgtype', 'agentid', 'text'],
      asApp: true,
    },
  ],
  'POST message/recall': [
    { base: (s) => ({ msgid: s.msgId }), fields: { msgid: 'string' }, required: ['msgid'], asApp: true },
  ],
  'POST media/upload': [{ base: () => ({ type: 'file' }), fields: { type: 'string' }, required: ['type'] }],
  'GET media/get': [{ base: (s) => ({ media_id: s.mediaId }), fields: { media_id: 'string' }, required: ['media_id'] }],
  'POST batch/syncuser': [BATCH],
  'POST batch/replaceuser': [BATCH],
  'POST batch/replaceparty': [BATCH],
  'GET batch/getresult': [{ base: (s) => ({ jobid: s.jobId }), fields: { jobid: 'string' }, required: ['jobid'] }],
};

/**
 * Routes added after these cases were written; they still get the malformed-body and token checks below.
 * TODO(lead): give each field cases like the ones above, then empty this list.
 */
const FIELD_CASES_PENDING = [
  'GET agent/get',
  'GET agent/list',
  'POST agent/set',
  'POST appchat/create',
  'GET appchat/get',
  'POST appchat/send',
  'POST appchat/update',
  'POST media/uploadimg',
  'POST menu/create',
  'GET menu/delete',
  'GET menu/get',
];

const CSV = '姓名,帐号,邮箱,所在部门\nSeeded,seeded,seeded@seed.test,2\n';
const PARTY_CSV = '部门名称,部门ID,父部门ID,排序\nRoot,1,0,0\nSeed,2,1,0\n';

let server: TestServer;
let routes: { method: string; path: string }[];
beforeAll(async () => {
  server = await startTestServer();
  routes = openApiRoutes(server.enclave.services).map((r) => ({ method: r.method, path: r.path }));
});
afterAll(async () => server.close());

/** A new org with department 2 (and 3 under the root), member u1 in it, tag 1 holding u1, a CSV and a finished job. */
async function seed(path = ''): Promise<Seed & { orgId: number }> {
  const org = await given.org(server.store.db);
  const token = await server.token(org.corpId, org.contactSecret);
  const post = (p: string, body: unknown) => server.cgi(p, { token, body });
  await post('department/create', { name: 'Seed', parentid: 1 });
  await post('department/create', { name: 'Empty', parentid: 1 });
  await post('user/create', {
    userid: 'u1',
    name: 'U1',
    department: [2],
    mobile: '13500000001',
    email: 'u1@seed.test',
  });
  await post('tag/create', { tagname: 'SeedTag' });
  await post('tag/addtagusers', { tagid: 1, userlist: ['u1'], partylist: [2] });
  const data = path === 'batch/replaceparty' ? PARTY_CSV : CSV;
  const mediaId = (await uploadMedia(server, token, { filename: 'seed.csv', data })).media_id as string;
  const jobId = (await post('batch/syncuser', { media_id: mediaId })).jobid as string;
  await waitForBatchJob(server, token, jobId);
  const openid = (await post('user/convert_to_openid', { userid: 'u1' })).openid as string;
  const { app, secret } = await given.app(org.ctx);
  const appToken = await server.token(org.corpId, secret);
  const sent = await server.cgi('message/send', {
    token: appToken,
    body: { touser: 'u1', msgtype: 'text', agentid: app.agentId, text: { content: 'seed' } },
  });
  return {
    orgId: org.orgId,
    token,
    appToken,
    agentId: app.agentId,
    msgId: sent.msgid as string,
    mediaId,
    jobId,
    corpId: org.corpId,
    secret: org.contactSecret,
    openid,
  };
}

async function call(method: string, path: string, token: string | undefined, input: Record<string, unknown>) {
  const query = new URLSearchParams();
  if (token !== undefined) query.set('access_token', token);
  const useQuery = method === 'GET' || path === 'media/upload';
  if (useQuery) {
    for (const [k, v] of Object.entries(input)) {
      for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
    }
  }
  const upload = multipart([{ name: 'media', filename: 'a.csv', data: CSV }]);
  const response = await server.enclave.app.inject({
    method: method as 'GET' | 'POST',
    url: `/cgi-bin/${path}?${query.toString()}`,
    ...(path === 'media/upload'
      ? upload
      : useQuery
        ? {}
        : { payload: JSON.stringify(input).replaceAll(`"${HUGE}"`, '1e400') }),
  });
  // media/get answers a success with the file itself.
  const isJson = String(response.headers['content-type']).startsWith('application/json');
  return { status: response.statusCode, body: isJson ? (response.json() as Record<string, unknown>) : { errcode: 0 } };
}

function expectRefused(result: { status: number; body: Record<string, unknown> }, what: string) {
  expect(result.status, what).toBe(200);
  expect(Number.isInteger(result.body.errcode), what).toBe(true);
  expect(result.body.errcode, `${what}: ${JSON.stringify(result.body)}`).not.toBe(0);
  expect(result.body.errcode, `${what}: ${JSON.stringify(result.body)}`).not.toBe(-1);
  expect(typeof result.body.errmsg, what).toBe('string');
}

describe('every /cgi-bin route validates its input', () => {
  it('has field cases for every route but those still pending', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(CASES).filter((k) => !names.includes(k))).toEqual([]);
    expect(names.filter((n) => !(n in CASES)).sort()).toEqual([...FIELD_CASES_PENDING].sort());
  });

  it('accepts each base call on a freshly seeded org, so the cases below test one mistake each', async () => {
    for (const { method, path } of routes) {
      for (const c of CASES[`${method} ${path}`] ?? []) {
        const s = await seed(path);
        const token = path === 'gettoken' ? undefined : c.asApp ? s.appToken : s.token;
        const result = await call(method, path, token, c.base(s));
        expect(result.body.errcode, `${method} ${path}: ${JSON.stringify(result.body)}`).toBe(0);
      }
    }
  });

  it('refuses wrong types, out-of-range numbers, long strings and missing fields, changing nothing', async () => {
    const s = await seed();
    const counts = await countDirectoryRows(server.store.db);
    const before = await snapshotOrg(server.store.db, s.orgId);
    let calls = 0;
    for (const { method, path } of routes) {
      const inQuery = method === 'GET' || path === 'media/upload';
      for (const c of CASES[`${method} ${path}`] ?? []) {
        const token = path === 'gettoken' ? undefined : c.asApp ? s.appToken : s.token;
        const base = c.base(s);
        for (const [field, kind] of Object.entries(c.fields)) {
          for (const bad of inQuery ? IN_QUERY[kind] : IN_BODY[kind]) {
            const what = `${method} ${path} ${field}=${JSON.stringify(bad).slice(0, 40)}`;
            expectRefused(await call(method, path, token, { ...base, [field]: bad }), what);
            calls += 1;
          }
        }
        for (const field of c.required) {
          for (const absent of [undefined, '', null]) {
            const input = { ...base, [field]: absent };
            if (absent === undefined || (inQuery && absent === null)) delete input[field];
            expectRefused(await call(method, path, token, input), `${method} ${path} without ${field}`);
            calls += 1;
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(500);
    expect(await countDirectoryRows(server.store.db)).toEqual(counts);
    expect(await snapshotOrg(server.store.db, s.orgId)).toEqual(before);
  });

  it('refuses malformed and non-object JSON bodies on every POST route', async () => {
    const s = await seed();
    const counts = await countDirectoryRows(server.store.db);
    const bodies = ['{', '{"name":', 'nul', '{"a":1}}', "{'a':1}", '\u0000', '[]', '[{"name":"x"}]', '"str"', '42'];
    for (const { method, path } of routes.filter((r) => r.method === 'POST' && r.path !== 'media/upload')) {
      for (const payload of [...bodies, 'null', 'true']) {
        for (const headers of [{}, { 'content-type': 'application/json' }, { 'content-type': 'text/plain' }]) {
          const response = await server.enclave.app.inject({
            method: 'POST',
            url: `/cgi-bin/${path}?access_token=${s.token}`,
            payload,
            headers,
          });
          const what = `${method} ${path} ${payload} ${JSON.stringify(headers)}`;
          expectRefused({ status: response.statusCode, body: response.json() }, what);
        }
      }
    }
    expect(await countDirectoryRows(server.store.db)).toEqual(counts);
  });

  it('refuses missing, repeated and oversized access tokens on every route', async () => {
    for (const { method, path } of routes.filter((r) => r.path !== 'gettoken')) {
      for (const token of [undefined, '', LONG]) {
        expectRefused(await call(method, path, token, {}), `${method} ${path} token=${token?.slice(0, 5)}`);
      }
      const response = await server.enclave.app.inject({
        method: method as 'GET' | 'POST',
        url: `/cgi-bin/${path}?access_token=a&access_token=b`,
      });
      expectRefused({ status: response.statusCode, body: response.json() }, `${method} ${path} repeated token`);
    }
  });

  it('refuses malformed multipart uploads', async () => {
    const s = await seed();
    const url = `/cgi-bin/media/upload?access_token=${s.token}&type=file`;
    const two = multipart([
      { name: 'media', filename: 'a.csv', data: 'a' },
      { name: 'media', filename: 'b.csv', data: 'b' },
    ]);
    const cases = [
      { payload: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=xyz' } },
      {
        payload: '--xyz\r\nContent-Disposition: form-data\r\n\r\n',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      },
      { payload: 'x', headers: { 'content-type': 'multipart/form-data' } },
      multipart([{ name: 'media', value: 'not a file' }]),
      multipart([]),
    ];
    for (const [i, c] of cases.entries()) {
      const response = await server.enclave.app.inject({ method: 'POST', url, ...c });
      expectRefused({ status: response.statusCode, body: response.json() }, `upload case ${i}`);
    }
    const response = await server.enclave.app.inject({ method: 'POST', url, ...two });
    expect(response.statusCode).toBe(200);
    expect(response.json().errcode).not.toBe(-1);
  });

  it('answers 48002 for an unknown path or the wrong method', async () => {
    expect(await server.cgi('user/nonsense')).toMatchObject({ errcode: 48002 });
    expect(await server.cgi('department/create', { query: { name: 'x' } })).toMatchObject({ errcode: 48002 });
  });
});
