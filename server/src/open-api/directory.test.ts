import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOrgEvents } from '../platform/outbox/outbox.js';
import { given } from '../testing/given.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { openIdOf } from './users.map.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

/** A fresh org and a directory-secret token for it. */
async function directoryOrg() {
  const org = await given.org(server.store.db);
  const token = await server.token(org.corpId, org.contactSecret);
  const get = (path: string, query: Record<string, string | number> = {}) => server.cgi(path, { token, query });
  const post = (path: string, body: unknown) => server.cgi(path, { token, body });
  return { ...org, token, get, post };
}

/** Posts a raw body with the given headers, as SDKs that send no or odd Content-Types do. */
async function rawPost(path: string, token: string, payload: string, headers: Record<string, string>) {
  const response = await server.enclave.app.inject({
    method: 'POST',
    url: `/cgi-bin/${path}?access_token=${token}`,
    payload,
    headers,
  });
  expect(response.statusCode).toBe(200);
  return response.json() as Record<string, unknown>;
}

describe('department endpoints', () => {
  it('creates, gets, updates, lists and deletes departments', async () => {
    const { get, post } = await directoryOrg();
    expect(await post('department/create', { name: '研发部', name_en: 'R&D', parentid: 1, order: 5 })).toEqual({
      errcode: 0,
      errmsg: 'created',
      id: 2,
    });
    expect(await post('department/create', { name: '前端组', parentid: 2, id: 20 })).toMatchObject({ id: 20 });

    expect(await get('department/get', { id: 2 })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      department: { id: 2, name: '研发部', name_en: 'R&D', department_leader: [], parentid: 1, order: 5 },
    });
    expect(await post('department/update', { id: 2, name: '技术部', order: 9 })).toEqual({
      errcode: 0,
      errmsg: 'updated',
    });
    expect(await get('department/get', { id: 2 })).toMatchObject({
      department: { name: '技术部', name_en: 'R&D', order: 9, parentid: 1 },
    });

    const all = await get('department/list');
    expect((all.department as { id: number }[]).map((d) => d.id).sort((a, b) => a - b)).toEqual([1, 2, 20]);
    const sub = await get('department/list', { id: 2 });
    expect((sub.department as { id: number }[]).map((d) => d.id).sort((a, b) => a - b)).toEqual([2, 20]);
    const simple = await get('department/simplelist', { id: 2 });
    expect(simple.department_id).toEqual(
      expect.arrayContaining([
        { id: 2, parentid: 1, order: 9 },
        { id: 20, parentid: 2, order: 0 },
      ]),
    );
    expect(simple.department_id).toHaveLength(2);

    expect(await get('department/delete', { id: 20 })).toEqual({ errcode: 0, errmsg: 'deleted' });
    expect(await get('department/get', { id: 20 })).toMatchObject({ errcode: 60003 });
  });

  it('lists the department leaders', async () => {
    const { ctx, get, post } = await directoryOrg();
    await post('department/create', { name: 'Sales', parentid: 1 });
    await given.member(ctx, { userId: 'boss', departments: [{ id: 2, order: 0, isLeader: true }] });
    expect(await get('department/get', { id: 2 })).toMatchObject({ department: { department_leader: ['boss'] } });
  });

  it('answers 60003, 60004, 60005, 60006, 60007, 60008, 60010 and 81002 for the matching mistakes', async () => {
    const { ctx, get, post } = await directoryOrg();
    await post('department/create', { name: 'A', parentid: 1 });
    await post('department/create', { name: 'A1', parentid: 2 });
    expect(await get('department/get', { id: 404 })).toMatchObject({ errcode: 60003 });
    expect(await post('department/update', { id: 404, name: 'x' })).toMatchObject({ errcode: 60003 });
    expect(await get('department/delete', { id: 404 })).toMatchObject({ errcode: 60003 });
    expect(await post('department/create', { name: 'Orphan', parentid: 404 })).toMatchObject({ errcode: 60004 });
    expect(await post('department/update', { id: 3, parentid: 404 })).toMatchObject({ errcode: 60004 });

    await given.member(ctx, { departments: [{ id: 3, order: 0, isLeader: false }] });
    expect(await get('department/delete', { id: 3 })).toMatchObject({ errcode: 60005 });
    expect(await get('department/delete', { id: 2 })).toMatchObject({ errcode: 60006 });
    expect(await get('department/delete', { id: 1 })).toMatchObject({ errcode: 60007 });

    expect(await post('department/create', { name: 'A', parentid: 1 })).toMatchObject({ errcode: 60008 });
    expect(await post('department/create', { name: 'B', parentid: 1, id: 2 })).toMatchObject({ errcode: 60008 });
    expect(await post('department/update', { id: 2, parentid: 3 })).toMatchObject({ errcode: 60010 });
    expect(await post('department/update', { id: 2, parentid: 2 })).toMatchObject({ errcode: 60010 });

    let parentId = 3;
    for (let level = 4; level <= 15; level += 1) {
      parentId = (await post('department/create', { name: `L${level}`, parentid: parentId })).id as number;
    }
    expect(await post('department/create', { name: 'L16', parentid: parentId })).toMatchObject({ errcode: 81002 });

    const ids = (await get('department/simplelist')).department_id as { id: number }[];
    expect(ids).toHaveLength(15);
  });

  it('reads ids sent as strings and bodies sent without or with the wrong Content-Type', async () => {
    const { token, get } = await directoryOrg();
    expect(
      await rawPost('department/create', token, JSON.stringify({ name: 'NoType', parentid: '1' }), {}),
    ).toMatchObject({ errcode: 0, id: 2 });
    expect(
      await rawPost('department/create', token, JSON.stringify({ name: 'Plain', parentid: '2', order: '3' }), {
        'content-type': 'text/plain',
      }),
    ).toMatchObject({ errcode: 0, id: 3 });
    expect(
      await rawPost('department/update', token, JSON.stringify({ id: '3', name: '改名' }), {
        'content-type': 'application/json; charset=utf-8',
      }),
    ).toMatchObject({ errcode: 0 });
    expect(
      await rawPost('department/create', token, JSON.stringify({ name: 'Form', parentid: 1 }), {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    ).toMatchObject({ errcode: 0 });
    expect(await get('department/get', { id: 3 })).toMatchObject({
      department: { id: 3, name: '改名', parentid: 2, order: 3 },
    });
  });
});

describe('user endpoints', () => {
  it('creates a user with lenient types and reads it back in WeCom’s shape', async () => {
    const { corpId, get, post } = await directoryOrg();
    await post('department/create', { name: '研发部', parentid: 1 });
    expect(
      await post('user/create', {
        userid: 'ZhangSan',
        name: '张三',
        department: '2',
        mobile: '13800000001',
        gender: 1,
        position: '工程师',
        enable: 1,
        to_invite: false,
      }),
    ).toEqual({ errcode: 0, errmsg: 'created' });
    expect(
      await post('user/create', {
        userid: 'lisi',
        name: '李四',
        department: ['1', 2],
        order: [1, '2'],
        is_leader_in_dept: [0, 1],
        email: 'lisi@test.local',
        gender: '2',
      }),
    ).toMatchObject({ errcode: 0 });

    const zhang = await get('user/get', { userid: 'zhangsan' });
    expect(zhang).toMatchObject({
      errcode: 0,
      userid: 'ZhangSan',
      name: '张三',
      department: [2],
      mobile: '13800000001',
      gender: '1',
      position: '工程师',
      status: 4,
      enable: 1,
      main_department: 2,
    });
    expect(zhang.open_userid).toBe(openIdOf(corpId, 'ZhangSan'));
    expect(await get('user/get', { userid: 'lisi' })).toMatchObject({
      department: [1, 2],
      order: [1, 2],
      is_leader_in_dept: [0, 1],
      gender: '2',
      email: 'lisi@test.local',
      isleader: 1,
    });
  });

  it('keeps extattr in WeCom’s shape: types as numbers, 2015-era flat items as text items, unknown keys dropped', async () => {
    const { get, post } = await directoryOrg();
    const extattr = {
      attrs: [
        { type: '0', name: '工号', text: { value: '7' }, extra: 'dropped' },
        { type: 1, name: '主页', web: { url: 'https://a.test', title: 'A' } },
        { name: '爱好', value: '旅游' },
        { type: 2, name: '小程序', miniprogram: { appid: 'wx1', pagepath: 'pages/a', title: 'T' } },
      ],
      extra: 'dropped',
    };
    expect(await post('user/create', { userid: 'attrs', name: 'A', email: 'attrs@test.local', extattr })).toMatchObject(
      {
        errcode: 0,
      },
    );
    expect((await get('user/get', { userid: 'attrs' })).extattr).toEqual({
      attrs: [
        { type: 0, name: '工号', text: { value: '7' } },
        { type: 1, name: '主页', web: { url: 'https://a.test', title: 'A' } },
        { type: 0, name: '爱好', text: { value: '旅游' } },
        { type: 2, name: '小程序', miniprogram: { appid: 'wx1', pagepath: 'pages/a', title: 'T' } },
      ],
    });
    expect(await post('user/update', { userid: 'attrs', extattr: { attrs: [] } })).toMatchObject({ errcode: 0 });
    expect((await get('user/get', { userid: 'attrs' })).extattr).toEqual({ attrs: [] });
  });

  it('updates only the given fields and disables with enable 0', async () => {
    const { ctx, get, post } = await directoryOrg();
    await post('department/create', { name: 'Ops', parentid: 1 });
    const m = await given.member(ctx, { name: 'Before', position: 'Intern' });
    // Read first, twice: the member (and its answer) is kept in memory, and the update must still show at once.
    for (let i = 0; i < 2; i += 1)
      expect(await get('user/get', { userid: m.userId })).toMatchObject({ name: 'Before' });
    expect(await post('user/update', { userid: m.userId, name: 'After', department: [2], enable: '0' })).toEqual({
      errcode: 0,
      errmsg: 'updated',
    });
    expect(await get('user/get', { userid: m.userId })).toMatchObject({
      name: 'After',
      position: 'Intern',
      department: [2],
      main_department: 2,
      status: 2,
      enable: 0,
    });
    expect(await post('user/update', { userid: m.userId, enable: 1 })).toMatchObject({ errcode: 0 });
    expect(await get('user/get', { userid: m.userId })).toMatchObject({ enable: 1 });
  });

  it('deletes one user and a batch, and refuses the whole batch when one userid is unknown', async () => {
    const { ctx, get, post } = await directoryOrg();
    const [a, b, c] = [await given.member(ctx), await given.member(ctx), await given.member(ctx)];
    expect(await get('user/delete', { userid: a.userId })).toEqual({ errcode: 0, errmsg: 'deleted' });
    expect(await get('user/get', { userid: a.userId })).toMatchObject({ errcode: 60111 });

    expect(await post('user/batchdelete', { useridlist: [b.userId, 'nobody'] })).toMatchObject({ errcode: 60111 });
    expect(await get('user/get', { userid: b.userId })).toMatchObject({ errcode: 0 });

    expect(await post('user/batchdelete', { useridlist: [b.userId, c.userId] })).toEqual({
      errcode: 0,
      errmsg: 'deleted',
    });
    const left = await server.store.db.selectFrom('members').select('id').where('org_id', '=', ctx.orgId).execute();
    expect(left).toHaveLength(0);
  });

  it('lists users of a department, with and without sub-departments', async () => {
    const { ctx, get, post } = await directoryOrg();
    await post('department/create', { name: 'Child', parentid: 1 });
    await given.member(ctx, { userId: 'top', name: 'Top' });
    await given.member(ctx, { userId: 'low', name: 'Low', departments: [{ id: 2, order: 0, isLeader: false }] });

    const direct = await get('user/simplelist', { department_id: 1 });
    expect((direct.userlist as { userid: string }[]).map((u) => u.userid)).toEqual(['top']);
    const deep = await get('user/simplelist', { department_id: '1', fetch_child: '1' });
    expect(deep.userlist).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userid: 'low', name: 'Low', department: [2] }),
        expect.objectContaining({ userid: 'top', department: [1] }),
      ]),
    );
    const full = await get('user/list', { department_id: 2 });
    expect(full.userlist).toEqual([expect.objectContaining({ userid: 'low', gender: '0', status: 4 })]);
    expect(await get('user/list', { department_id: 404 })).toMatchObject({ errcode: 60003 });
  });

  it('pages user/list_id with a cursor, one row per user and department', async () => {
    const { ctx, post } = await directoryOrg();
    await post('department/create', { name: 'Two', parentid: 1 });
    for (let i = 0; i < 5; i += 1) {
      await given.member(ctx, {
        userId: `p${i}`,
        departments:
          i === 0
            ? [
                { id: 1, order: 0, isLeader: false },
                { id: 2, order: 0, isLeader: false },
              ]
            : [{ id: 1, order: 0, isLeader: false }],
      });
    }
    const rows: { userid: string; department: number }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await post('user/list_id', { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.errcode).toBe(0);
      rows.push(...(page.dept_user as typeof rows));
      cursor = page.next_cursor as string;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(rows).toHaveLength(6);
    expect(rows).toEqual(
      expect.arrayContaining([
        { userid: 'p0', department: 1 },
        { userid: 'p0', department: 2 },
      ]),
    );
    expect(new Set(rows.map((r) => r.userid))).toEqual(new Set(['p0', 'p1', 'p2', 'p3', 'p4']));
    expect(await post('user/list_id', { limit: 0 })).toMatchObject({ errcode: 40058 });
    expect((await post('user/list_id', { cursor: '!!not-a-cursor!!' })).errcode).not.toBe(0);
  });

  it('finds userids by mobile and email, and converts to and from openids', async () => {
    const { ctx, post } = await directoryOrg();
    await given.member(ctx, { userId: 'finder', mobile: '13900000002', email: 'Finder@Test.local' });
    expect(await post('user/getuserid', { mobile: '13900000002' })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'finder',
    });
    expect(await post('user/get_userid_by_email', { email: 'finder@test.local', email_type: 1 })).toMatchObject({
      userid: 'finder',
    });
    expect([60111, 46004]).toContain((await post('user/getuserid', { mobile: '13900000009' })).errcode);
    expect([60111, 46004]).toContain((await post('user/get_userid_by_email', { email: 'no@test.local' })).errcode);

    const { openid } = await post('user/convert_to_openid', { userid: 'FINDER' });
    expect(typeof openid).toBe('string');
    expect(await post('user/convert_to_userid', { openid })).toMatchObject({ errcode: 0, userid: 'finder' });
    expect(await post('user/convert_to_userid', { openid: 'o-unknown' })).toMatchObject({ errcode: 40003 });
    expect(await post('user/convert_to_openid', { userid: 'ghost' })).toMatchObject({ errcode: 60111 });
  });

  it('answers 60102, 60104 and 60111 for the matching mistakes, changing nothing', async () => {
    const { ctx, get, post } = await directoryOrg();
    await given.member(ctx, { userId: 'taken', mobile: '13700000003' });
    expect(
      await post('user/create', { userid: 'TAKEN', name: 'Dup', department: [1], email: 'dup@test.local' }),
    ).toMatchObject({ errcode: 60102 });
    expect(
      await post('user/create', { userid: 'other', name: 'Other', department: [1], mobile: '13700000003' }),
    ).toMatchObject({ errcode: 60104 });
    expect(await get('user/get', { userid: 'ghost' })).toMatchObject({ errcode: 60111 });
    expect(await post('user/update', { userid: 'ghost', name: 'x' })).toMatchObject({ errcode: 60111 });
    expect(await get('user/delete', { userid: 'ghost' })).toMatchObject({ errcode: 60111 });
    expect(
      await post('user/create', { userid: 'nodept', name: 'N', department: [404], email: 'n@test.local' }),
    ).toMatchObject({ errcode: 60003 });
    const rows = await server.store.db
      .selectFrom('members')
      .select('user_id')
      .where('org_id', '=', ctx.orgId)
      .execute();
    expect(rows.map((r) => r.user_id)).toEqual(['taken']);
  });
});

describe('contact change events', () => {
  it('records one contact event per directory change made through the open API', async () => {
    const { orgId, get, post } = await directoryOrg();
    await post('department/create', { name: 'Evt', parentid: 1 });
    await post('department/update', { id: 2, name: 'Evt2' });
    await post('user/create', { userid: 'ev', name: 'Ev', department: [2], email: 'ev@test.local' });
    await post('user/update', { userid: 'ev', position: 'Lead' });
    const { tagid } = await post('tag/create', { tagname: 'EvtTag' });
    await post('tag/addtagusers', { tagid, userlist: ['ev'] });
    await post('tag/deltagusers', { tagid, userlist: ['ev'] });
    await get('tag/delete', { tagid: tagid as number });
    await get('user/delete', { userid: 'ev' });
    await get('department/delete', { id: 2 });
    // A refused change records nothing.
    await post('department/create', { name: 'bad:name', parentid: 1 });

    const events = await listOrgEvents(server.store.db, orgId);
    expect(events.map((e) => e.type)).toEqual([
      'contact.department_created',
      'contact.department_updated',
      'contact.member_created',
      'contact.member_updated',
      'contact.tag_created',
      'contact.tag_members_added',
      'contact.tag_members_removed',
      'contact.tag_deleted',
      'contact.member_deleted',
      'contact.department_deleted',
    ]);
    expect(JSON.parse(events[2]?.payload as string)).toMatchObject({ userId: 'ev' });
  });
});
