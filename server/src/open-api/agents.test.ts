import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import { multipart } from '../testing/multipart.js';
import { uploadMedia } from '../testing/open-api-calls.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { replaceAppScope, setAppEnabled } from '../modules/apps/index.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);

async function appOrg() {
  const org = await given.org(server.store.db);
  const { app, secret } = await given.app(org.ctx, { name: 'Portal' });
  const token = await server.token(org.corpId, secret);
  const directoryToken = await server.token(org.corpId, org.contactSecret);
  const get = (path: string, query: Record<string, string | number> = {}, as = token) =>
    server.cgi(path, { token: as, query });
  const post = (path: string, body: unknown, query: Record<string, string | number> = {}, as = token) =>
    server.cgi(path, { token: as, query, body });
  return { ...org, app, secret, token, directoryToken, get, post };
}

async function uploadImage(token: string, data: Buffer, field = 'media') {
  const body = multipart([{ name: field, filename: 'logo.png', contentType: 'image/png', data }]);
  const response = await server.enclave.app.inject({
    method: 'POST',
    url: `/cgi-bin/media/uploadimg?access_token=${token}`,
    ...body,
  });
  expect(response.statusCode).toBe(200);
  return response.json() as Record<string, unknown>;
}

describe('agent/get and agent/list', () => {
  it('shows the app’s settings and scope in WeCom’s shape', async () => {
    const { ctx, app, get } = await appOrg();
    await given.member(ctx, { userId: 'zhangsan' });
    const dept = await given.department(ctx, '研发');
    await replaceAppScope(ctx, app.agentId, { userIds: ['zhangsan'], departmentIds: [dept.id], tagIds: [] });
    expect(await get('agent/get', { agentid: String(app.agentId) })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      agentid: app.agentId,
      name: 'Portal',
      square_logo_url: '',
      description: '',
      allow_userinfos: { user: [{ userid: 'zhangsan' }] },
      allow_partys: { partyid: [dept.id] },
      allow_tags: { tagid: [] },
      close: 0,
      redirect_domain: '',
      report_location_flag: 0,
      isreportenter: 0,
      home_url: '',
    });
    expect(await get('agent/list')).toEqual({
      errcode: 0,
      errmsg: 'ok',
      agentlist: [{ agentid: app.agentId, name: 'Portal', square_logo_url: '' }],
    });
  });

  it('lets a token read only its own app: 301002 for another, 48002 for the directory secret, 41011 without id', async () => {
    const { ctx, app, get, directoryToken } = await appOrg();
    const { app: other } = await given.app(ctx, { name: 'Other' });
    expect(await get('agent/get', { agentid: other.agentId })).toMatchObject({ errcode: 301002 });
    expect(await get('agent/get')).toMatchObject({ errcode: 41011 });
    expect(await get('agent/get', { agentid: app.agentId }, directoryToken)).toMatchObject({ errcode: 48002 });
    expect(await get('agent/list', {}, directoryToken)).toMatchObject({ errcode: 48002 });
  });

  it('answers 50003 once the app is disabled', async () => {
    const { ctx, app, get } = await appOrg();
    await setAppEnabled(ctx, app.agentId, false);
    expect(await get('agent/get', { agentid: app.agentId })).toMatchObject({ errcode: 50003 });
  });
});

describe('agent/set', () => {
  it('changes the given fields, taking flags and ids as strings', async () => {
    const { app, get, post } = await appOrg();
    const set = await post('agent/set', {
      agentid: String(app.agentId),
      name: '门户',
      description: '公司门户应用',
      report_location_flag: '1',
      isreportenter: 1,
      redirect_domain: 'portal.example.com',
      home_url: 'https://portal.example.com',
    });
    expect(set).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await get('agent/get', { agentid: app.agentId })).toMatchObject({
      name: '门户',
      description: '公司门户应用',
      report_location_flag: 1,
      isreportenter: 1,
      redirect_domain: 'portal.example.com',
      home_url: 'https://portal.example.com',
    });
    // Empty strings, as some SDKs send for unset fields, change nothing.
    expect(await post('agent/set', { agentid: app.agentId, name: '', description: '' })).toMatchObject({ errcode: 0 });
    expect(await get('agent/get', { agentid: app.agentId })).toMatchObject({ name: '门户' });
  });

  it('answers WeCom’s codes for bad fields', async () => {
    const { app, post, directoryToken, ctx } = await appOrg();
    const { app: other } = await given.app(ctx, { name: 'Other' });
    const set = (body: Record<string, unknown>) => post('agent/set', { agentid: app.agentId, ...body });
    expect(await set({ name: 'n'.repeat(33) })).toMatchObject({ errcode: 45022 });
    expect(await set({ description: 'abc' })).toMatchObject({ errcode: 45004 });
    expect(await set({ description: 'd'.repeat(121) })).toMatchObject({ errcode: 45004 });
    expect(await set({ home_url: 'ftp://example.com' })).toMatchObject({ errcode: 40058 });
    expect(await set({ redirect_domain: 'not a domain' })).toMatchObject({ errcode: 85005 });
    expect(await set({ report_location_flag: 2 })).toMatchObject({ errcode: 40058 });
    expect(await set({ logo_mediaid: 'nope' })).toMatchObject({ errcode: 40007 });
    expect(await post('agent/set', { name: 'x' })).toMatchObject({ errcode: 41011 });
    expect(await post('agent/set', { agentid: other.agentId, name: 'x' })).toMatchObject({ errcode: 301002 });
    expect(await post('agent/set', { agentid: app.agentId, name: 'x' }, {}, directoryToken)).toMatchObject({
      errcode: 48002,
    });
  });

  it('stores logo_mediaid as the app’s logo, served without a token', async () => {
    const { app, token, get, post } = await appOrg();
    const uploaded = await uploadMedia(server, token, { type: 'image', filename: 'logo.png', data: PNG });
    expect(await post('agent/set', { agentid: app.agentId, logo_mediaid: uploaded.media_id })).toMatchObject({
      errcode: 0,
    });
    const url = (await get('agent/get', { agentid: app.agentId })).square_logo_url as string;
    expect(url).toMatch(/^http:\/\/[^/]+\/media\/images\/i[\w-]{43}$/);
    const image = await server.enclave.app.inject({ method: 'GET', url: new URL(url).pathname });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(PNG)).toBe(true);

    const text = await uploadMedia(server, token, { type: 'file', filename: 'a.txt', data: 'not an image at all' });
    expect(await post('agent/set', { agentid: app.agentId, logo_mediaid: text.media_id })).toMatchObject({
      errcode: 40004,
    });
  });
});

describe('menu/create, menu/get, menu/delete', () => {
  const menu = {
    button: [
      { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC', sub_button: [] },
      {
        name: '菜单',
        sub_button: [
          { type: 'view', name: '搜索', url: 'http://www.soso.com/' },
          { type: 'scancode_push', name: '扫码', key: 'scan' },
          { type: 'view_miniprogram', name: '小程序', appid: 'wx123', pagepath: 'pages/index' },
        ],
      },
    ],
  };

  it('stores the menu and returns it with `button` at the top level; 46003 before and after', async () => {
    const { app, get, post } = await appOrg();
    expect(await get('menu/get', { agentid: app.agentId })).toMatchObject({ errcode: 46003 });
    expect(await post('menu/create', menu, { agentid: String(app.agentId) })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await get('menu/get', { agentid: app.agentId })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      button: [
        { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC', sub_button: [] },
        {
          name: '菜单',
          sub_button: [
            { type: 'view', name: '搜索', url: 'http://www.soso.com/', sub_button: [] },
            { type: 'scancode_push', name: '扫码', key: 'scan', sub_button: [] },
            { type: 'view_miniprogram', name: '小程序', appid: 'wx123', pagepath: 'pages/index', sub_button: [] },
          ],
        },
      ],
    });
    expect(await get('menu/delete', { agentid: app.agentId })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await get('menu/get', { agentid: app.agentId })).toMatchObject({ errcode: 46003 });
  });

  it('answers each validation failure with WeCom’s code', async () => {
    const { app, post } = await appOrg();
    const create = (button: unknown) => post('menu/create', { button }, { agentid: app.agentId });
    const click = (name = 'ok', key = 'k') => ({ type: 'click', name, key });
    const group = (...sub: unknown[]) => ({ name: 'g', sub_button: sub });
    const cases: [unknown, number][] = [
      [undefined, 40016],
      [[], 40016],
      [[click(), click(), click(), click()], 40016],
      [[{ type: 'tap', name: 'x', key: 'k' }], 40017],
      [[{ name: 'x', key: 'k' }], 40017],
      [['not an object'], 40017],
      [[click('')], 40018],
      [[click('一二三四五六')], 40018], // 18 bytes > 16
      [[click('ok', '')], 40019],
      [[click('ok', 'k'.repeat(129))], 40019],
      [[{ type: 'view', name: 'v', url: '' }], 40020],
      [[{ type: 'view', name: 'v', url: `https://a.com/${'p'.repeat(1024)}` }], 40020],
      [[{ type: 'view', name: 'v', url: 'javascript:alert(1)' }], 40055],
      [[group({ ...click(), sub_button: [click()] })], 40022],
      [[group()], 40023],
      [[group(click(), click(), click(), click(), click(), click())], 40023],
      [[group({ type: 'tap', name: 's', key: 'k' })], 40024],
      [[group(click('x'.repeat(41)))], 40025],
      [[group(click('s', 'k'.repeat(129)))], 40026],
      [[group({ type: 'view', name: 's' })], 40027],
      [[group({ type: 'view', name: 's', url: 'ftp://a.com' })], 40054],
      [[{ type: 'view_miniprogram', name: 'm', appid: 'wx1' }], 40058],
    ];
    for (const [button, errcode] of cases) {
      expect(await create(button), JSON.stringify(button)).toMatchObject({ errcode });
    }
    expect(await create([click('一二三四五'), group(click('四十字节'.repeat(3)))])).toMatchObject({ errcode: 0 });
  });

  it('works only on the token’s own app', async () => {
    const { ctx, get, post, directoryToken, app } = await appOrg();
    const { app: other } = await given.app(ctx, { name: 'Other' });
    expect(await post('menu/create', menu, { agentid: other.agentId })).toMatchObject({ errcode: 301002 });
    expect(await get('menu/get', { agentid: other.agentId })).toMatchObject({ errcode: 301002 });
    expect(await get('menu/delete', { agentid: other.agentId })).toMatchObject({ errcode: 301002 });
    expect(await post('menu/create', menu)).toMatchObject({ errcode: 41011 });
    expect(await get('menu/get', { agentid: app.agentId }, directoryToken)).toMatchObject({ errcode: 48002 });
  });
});

describe('the org wall', () => {
  it('keeps a token of org A away from org B’s app and menu, even with the same agent id', async () => {
    const a = await appOrg();
    const b = await appOrg();
    expect(a.app.agentId).toBe(b.app.agentId);
    await b.post('menu/create', { button: [{ type: 'click', name: 'B', key: 'b' }] }, { agentid: b.app.agentId });
    await b.post('agent/set', { agentid: b.app.agentId, name: 'Org B app' });

    expect(await a.get('menu/get', { agentid: a.app.agentId })).toMatchObject({ errcode: 46003 });
    expect(await a.get('agent/get', { agentid: a.app.agentId })).toMatchObject({ name: 'Portal' });
    await a.post('agent/set', { agentid: a.app.agentId, name: 'Org A app' });
    await a.get('menu/delete', { agentid: a.app.agentId });
    expect(await b.get('agent/get', { agentid: b.app.agentId })).toMatchObject({ name: 'Org B app' });
    expect(await b.get('menu/get', { agentid: b.app.agentId })).toMatchObject({ errcode: 0 });
    // Another org's app id is never this token's app.
    const { app: another } = await given.app(b.ctx, { name: 'B2' });
    expect(await a.get('agent/get', { agentid: another.agentId })).toMatchObject({ errcode: 301002 });
  });
});

describe('media/uploadimg', () => {
  it('stores a JPG or PNG and returns a token-free URL to it', async () => {
    const { token } = await appOrg();
    for (const [data, type] of [
      [PNG, 'image/png'],
      [JPG, 'image/jpeg'],
    ] as const) {
      const body = await uploadImage(token, data);
      expect(body).toMatchObject({ errcode: 0, url: expect.stringMatching(/\/media\/images\/i[\w-]{43}$/) });
      const image = await server.enclave.app.inject({ method: 'GET', url: new URL(body.url as string).pathname });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe(type);
      expect(image.headers['x-content-type-options']).toBe('nosniff');
      expect(image.rawPayload.equals(data)).toBe(true);
    }
  });

  it('refuses other files, bad sizes and a missing field with WeCom’s codes', async () => {
    const { token } = await appOrg();
    expect(await uploadImage(token, Buffer.from('<svg onload="alert(1)"></svg>'))).toMatchObject({ errcode: 40004 });
    expect(await uploadImage(token, Buffer.alloc(0))).toMatchObject({ errcode: 44001 });
    expect(await uploadImage(token, Buffer.from([0xff, 0xd8, 0xff]))).toMatchObject({ errcode: 40006 });
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    expect(await uploadImage(token, big)).toMatchObject({ errcode: 40006 });
    expect(await uploadImage(token, PNG, 'file')).toMatchObject({ errcode: 41006 });
    expect(await server.cgi('media/uploadimg', { token, body: {} })).toMatchObject({ errcode: 41006 });
  });

  it('serves nothing for an unknown id or for temporary media', async () => {
    const { token } = await appOrg();
    const temp = await uploadMedia(server, token, { type: 'image', filename: 'a.png', data: PNG });
    for (const id of [`i${'A'.repeat(43)}`, String(temp.media_id)]) {
      const response = await server.enclave.app.inject({ method: 'GET', url: `/media/images/${id}` });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    }
  });
});
