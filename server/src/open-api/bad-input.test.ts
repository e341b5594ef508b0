import { describe, expect, it } from 'vitest';
import { type Case, describeCgiBadInput, type Kind, LONG } from '../testing/cgi-bad-input.js';
import { given } from '../testing/given.js';
import { multipart } from '../testing/multipart.js';
import { startTestServer } from '../testing/test-server.js';

/** Field cases for the directory routes (token, departments, members, tags, media, batch jobs). */
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
/** WeCom's attribute shapes (wecom-api.md §3.2): each case below breaks one thing in one of them. */
const TEXT_ATTR = { type: 0, name: '工号', text: { value: '7' } };
const WEB_ATTR = { type: 1, name: '主页', web: { url: 'https://a.test', title: 'A' } };
const BAD_EXTATTRS: unknown[] = [
  { attrs: 'x' },
  { attrs: {} },
  { attrs: [1] },
  { attrs: [null] },
  { attrs: [[]] },
  { attrs: [{ ...TEXT_ATTR, type: 5 }] },
  { attrs: [{ ...TEXT_ATTR, type: -1 }] },
  { attrs: [{ ...TEXT_ATTR, name: '' }] },
  { attrs: [{ ...TEXT_ATTR, name: 5 }] },
  { attrs: [{ ...TEXT_ATTR, name: 'x'.repeat(65) }] },
  { attrs: [{ type: 0, text: { value: 'x' } }] },
  { attrs: [{ ...TEXT_ATTR, text: 'x' }] },
  { attrs: [{ ...TEXT_ATTR, text: { value: {} } }] },
  { attrs: [{ ...TEXT_ATTR, text: { value: LONG } }] },
  { attrs: [{ ...WEB_ATTR, web: 'x' }] },
  { attrs: [{ ...WEB_ATTR, web: { url: 5, title: 'A' } }] },
  { attrs: [{ ...WEB_ATTR, web: { url: LONG, title: 'A' } }] },
  { attrs: [{ ...WEB_ATTR, web: { url: 'https://a.test', title: LONG } }] },
  { attrs: [{ type: 2, name: 'mp', miniprogram: { appid: LONG, pagepath: 'p', title: 't' } }] },
  { attrs: Array(101).fill(TEXT_ATTR) },
  // Many attributes, each within its limits, past the size of a whole extattr.
  { attrs: Array(100).fill({ type: 0, name: 'x'.repeat(64), text: { value: 'y'.repeat(1000) } }) },
  // 20,000 attributes (a 15 MB extattr would otherwise come back in every user/list).
  { attrs: Array(20_000).fill(TEXT_ATTR) },
];
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
      base: () => ({
        userid: 'newbie',
        name: 'N',
        department: [2],
        order: [0],
        email: 'newbie@seed.test',
        extattr: { attrs: [TEXT_ATTR, WEB_ATTR] },
      }),
      fields: { userid: 'string', ...USER_FIELDS },
      required: ['userid', 'name'],
      extra: () => BAD_EXTATTRS.map((extattr) => ({ userid: 'newbie', name: 'N', email: 'newbie@seed.test', extattr })),
    },
  ],
  'GET user/get': [{ base: () => ({ userid: 'u1' }), fields: { userid: 'string' }, required: ['userid'] }],
  'POST user/update': [
    {
      base: () => ({ userid: 'u1', name: 'Renamed', department: [2, 1], order: [1, 0] }),
      fields: { userid: 'string', new_userid: 'string', ...USER_FIELDS },
      required: ['userid'],
      extra: () => BAD_EXTATTRS.map((extattr) => ({ userid: 'u1', extattr })),
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
  'POST media/upload': [{ base: () => ({ type: 'file' }), fields: { type: 'string' }, required: ['type'] }],
  'GET media/get': [{ base: (s) => ({ media_id: s.mediaId }), fields: { media_id: 'string' }, required: ['media_id'] }],
  'POST batch/syncuser': [BATCH],
  'POST batch/replaceuser': [BATCH],
  'POST batch/replaceparty': [BATCH],
  'GET batch/getresult': [{ base: (s) => ({ jobid: s.jobId }), fields: { jobid: 'string' }, required: ['jobid'] }],
};

describeCgiBadInput('directory', CASES, { minCalls: 500 });

describe('an unknown /cgi-bin path', () => {
  it('answers 48002 for an unknown path, one that is not valid URL encoding, or the wrong method', async () => {
    const server = await startTestServer();
    expect(await server.cgi('user/nonsense')).toMatchObject({ errcode: 48002 });
    // Not valid URL encoding: Fastify's router refuses it before any route, still in WeCom's envelope.
    for (const path of ['%ff', 'user/get%', 'user/%e0%a4%a']) {
      expect(await server.cgi(path), path).toMatchObject({ errcode: 48002 });
    }
    expect(await server.cgi('department/create', { query: { name: 'x' } })).toMatchObject({ errcode: 48002 });
    await server.close();
  });
});

describe('an upload whose part Content-Type is not a media type', () => {
  it('is stored as application/octet-stream and served back by media/get', async () => {
    const server = await startTestServer();
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    for (const claimed of ['image/pn\u0001g', 'text/plain\u0000', 'x']) {
      const body = multipart([{ name: 'media', filename: 'a.png', contentType: claimed, data: 'hello' }]);
      const uploaded = await server.enclave.app.inject({
        method: 'POST',
        url: `/cgi-bin/media/upload?access_token=${token}&type=file`,
        ...body,
      });
      const mediaId = (uploaded.json() as { media_id: string }).media_id;
      expect(uploaded.json(), JSON.stringify(claimed)).toMatchObject({ errcode: 0 });
      const got = await server.enclave.app.inject({
        url: `/cgi-bin/media/get?access_token=${token}&media_id=${mediaId}`,
      });
      expect(got.statusCode, JSON.stringify(claimed)).toBe(200);
      expect(got.headers['content-type']).toBe('application/octet-stream');
      expect(got.body).toBe('hello');
    }
    await server.close();
  });
});
