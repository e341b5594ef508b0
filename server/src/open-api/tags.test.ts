import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

async function directoryOrg() {
  const org = await given.org(server.store.db);
  const token = await server.token(org.corpId, org.contactSecret);
  const get = (path: string, query: Record<string, string | number> = {}) => server.cgi(path, { token, query });
  const post = (path: string, body: unknown) => server.cgi(path, { token, body });
  return { ...org, token, get, post };
}

describe('tag endpoints', () => {
  it('creates, renames, lists, reads and deletes tags', async () => {
    const { get, post } = await directoryOrg();
    expect(await post('tag/create', { tagname: '经理' })).toEqual({ errcode: 0, errmsg: 'created', tagid: 1 });
    expect(await post('tag/create', { tagname: 'Chosen', tagid: '10' })).toMatchObject({ errcode: 0, tagid: 10 });
    expect(await post('tag/update', { tagid: '1', tagname: '总监' })).toEqual({ errcode: 0, errmsg: 'updated' });
    expect(await get('tag/list')).toEqual({
      errcode: 0,
      errmsg: 'ok',
      taglist: [
        { tagid: 1, tagname: '总监' },
        { tagid: 10, tagname: 'Chosen' },
      ],
    });
    expect(await get('tag/get', { tagid: 1 })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      tagname: '总监',
      userlist: [],
      partylist: [],
    });
    expect(await get('tag/delete', { tagid: 10 })).toEqual({ errcode: 0, errmsg: 'deleted' });
    expect(await get('tag/get', { tagid: 10 })).toMatchObject({ errcode: 40068 });
    expect((await get('tag/list')).taglist).toHaveLength(1);
  });

  it('adds members and departments, reporting unknown ones in WeCom’s odd partial shape', async () => {
    const { ctx, get, post } = await directoryOrg();
    await post('department/create', { name: 'Tagged', parentid: 1 });
    await given.member(ctx, { userId: 'alice', name: 'Alice' });
    await given.member(ctx, { userId: 'bob', name: 'Bob' });
    const { tagid } = await post('tag/create', { tagname: 'T' });

    const partial = await post('tag/addtagusers', {
      tagid,
      userlist: ['alice', 'ghost1', 'BOB', 'ghost2'],
      partylist: [2, 404, 405],
    });
    expect(partial).toEqual({ errcode: 0, errmsg: 'ok', invalidlist: 'ghost1|ghost2', invalidparty: [404, 405] });
    expect(typeof partial.invalidlist).toBe('string');

    const tag = await get('tag/get', { tagid: tagid as number });
    expect(tag.userlist).toEqual(
      expect.arrayContaining([
        { userid: 'alice', name: 'Alice' },
        { userid: 'bob', name: 'Bob' },
      ]),
    );
    expect(tag.partylist).toEqual([2]);

    expect(await post('tag/addtagusers', { tagid, userlist: ['alice'] })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await post('tag/addtagusers', { tagid, userlist: ['nobody'], partylist: [999] })).toMatchObject({
      errcode: 40070,
    });
    expect(await post('tag/addtagusers', { tagid })).not.toMatchObject({ errcode: 0 });
  });

  it('removes members and departments; all unknown is 40031', async () => {
    const { ctx, get, post } = await directoryOrg();
    await given.member(ctx, { userId: 'carol' });
    await given.member(ctx, { userId: 'dave' });
    const { tagid } = await post('tag/create', { tagname: 'R' });
    await post('tag/addtagusers', { tagid, userlist: ['carol', 'dave'], partylist: [1] });

    expect(await post('tag/deltagusers', { tagid, userlist: ['carol', 'ghost'], partylist: [1, 77] })).toEqual({
      errcode: 0,
      errmsg: 'deleted',
      invalidlist: 'ghost',
      invalidparty: [77],
    });
    const tag = await get('tag/get', { tagid: tagid as number });
    expect((tag.userlist as { userid: string }[]).map((u) => u.userid)).toEqual(['dave']);
    expect(tag.partylist).toEqual([]);
    expect(await post('tag/deltagusers', { tagid, userlist: ['ghost'] })).toMatchObject({ errcode: 40031 });
  });

  it('answers 40068 for an unknown tag and 40071 for a name already used', async () => {
    const { ctx, get, post } = await directoryOrg();
    await given.member(ctx, { userId: 'erin' });
    await post('tag/create', { tagname: 'Same' });
    const { tagid } = await post('tag/create', { tagname: 'Other' });
    expect(await post('tag/create', { tagname: 'Same' })).toMatchObject({ errcode: 40071 });
    expect(await post('tag/update', { tagid, tagname: 'Same' })).toMatchObject({ errcode: 40071 });
    expect(await get('tag/get', { tagid: 999 })).toMatchObject({ errcode: 40068 });
    expect(await post('tag/update', { tagid: 999, tagname: 'x' })).toMatchObject({ errcode: 40068 });
    expect(await get('tag/delete', { tagid: 999 })).toMatchObject({ errcode: 40068 });
    expect(await post('tag/addtagusers', { tagid: 999, userlist: ['erin'] })).toMatchObject({ errcode: 40068 });
    expect(await post('tag/deltagusers', { tagid: 999, userlist: ['erin'] })).toMatchObject({ errcode: 40068 });
    expect((await get('tag/list')).taglist).toEqual([
      { tagid: 1, tagname: 'Same' },
      { tagid: 2, tagname: 'Other' },
    ]);
  });

  it('lets only the app that created a tag change it (81011)', async () => {
    const org = await given.org(server.store.db);
    await given.member(org.ctx, { userId: 'frank' });
    const maker = await server.token(org.corpId, (await given.app(org.ctx, { name: 'Maker' })).secret);
    const other = await server.token(org.corpId, (await given.app(org.ctx, { name: 'Other' })).secret);
    const { tagid } = await server.cgi('tag/create', { token: maker, body: { tagname: 'Mine' } });
    expect(await server.cgi('tag/update', { token: other, body: { tagid, tagname: 'Theirs' } })).toMatchObject({
      errcode: 81011,
    });
    expect(await server.cgi('tag/addtagusers', { token: other, body: { tagid, userlist: ['frank'] } })).toMatchObject({
      errcode: 81011,
    });
    expect(await server.cgi('tag/get', { token: other, query: { tagid: tagid as number } })).toMatchObject({
      errcode: 0,
      tagname: 'Mine',
    });
    expect(await server.cgi('tag/addtagusers', { token: maker, body: { tagid, userlist: ['frank'] } })).toMatchObject({
      errcode: 0,
    });
  });
});
