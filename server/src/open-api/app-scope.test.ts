import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAppScope } from '../modules/apps/index.js';
import { createTag, addToTag } from '../modules/directory/index.js';
import { given } from '../testing/given.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

/**
 * Issue 11 case 3: an app's token reads and writes the directory only inside the app's visible scope, as
 * WeCom does (60011 outside it, department/list cut to the scope); the directory secret keeps full access.
 */
async function givenScopedApp(options: { canWriteDirectory?: boolean } = {}) {
  const org = await given.org(server.store.db);
  const rnd = await given.department(org.ctx, '研发部');
  const frontEnd = await given.department(org.ctx, '前端组', rnd.id);
  const market = await given.department(org.ctx, '市场部');
  const inside = (id: number) => [{ id, order: 0, isLeader: false }];
  await given.member(org.ctx, { userId: 'coder', departments: inside(frontEnd.id), mobile: '13900000001' });
  await given.member(org.ctx, {
    userId: 'seller',
    departments: inside(market.id),
    mobile: '13900000002',
    email: 'seller@example.com',
  });
  const { app, secret } = await given.app(org.ctx, options);
  // Changed through the server's own store, as the console does (the test store is another handle on it).
  const system = { ...given.as(org.ctx, { kind: 'system' }), db: server.enclave.store.db };
  await setAppScope(system, app.agentId, { memberIds: [], departmentIds: [rnd.id], tagIds: [] });
  const token = await server.token(org.corpId, secret);
  const directory = await server.token(org.corpId, org.contactSecret);
  const asApp = (path: string, query: Record<string, string | number> = {}, body?: unknown) =>
    server.cgi(path, { token, query, ...(body === undefined ? {} : { body }) });
  const asDirectory = (path: string, query: Record<string, string | number> = {}) =>
    server.cgi(path, { token: directory, query });
  return { ...org, system, app, rnd, frontEnd, market, asApp, asDirectory };
}

describe('an app scoped to 研发部', () => {
  it('reads members inside its scope and gets 60011 for a member outside it', async () => {
    const o = await givenScopedApp();
    expect(await o.asApp('user/get', { userid: 'coder' })).toMatchObject({ errcode: 0, userid: 'coder' });
    const outside = await o.asApp('user/get', { userid: 'seller' });
    expect(outside).toMatchObject({ errcode: 60011 });
    expect(JSON.stringify(outside)).not.toContain('13900000002');
    expect(await o.asApp('user/getuserid', {}, { mobile: '13900000002' })).toMatchObject({ errcode: 60011 });
    expect(await o.asDirectory('user/get', { userid: 'seller' })).toMatchObject({ errcode: 0, mobile: '13900000002' });
  });

  it('lists only the departments of its scope, and 60011 for a department outside it', async () => {
    const o = await givenScopedApp();
    const listed = await o.asApp('department/list');
    expect(listed.errcode).toBe(0);
    expect((listed.department as { id: number }[]).map((d) => d.id)).toEqual([o.rnd.id, o.frontEnd.id]);
    expect(await o.asApp('department/list', { id: o.market.id })).toMatchObject({ errcode: 60011 });
    expect(await o.asApp('department/list', { id: 1 })).toMatchObject({ errcode: 60011 });
    expect(await o.asApp('department/get', { id: o.market.id })).toMatchObject({ errcode: 60011 });
    const all = await o.asDirectory('department/list');
    expect((all.department as unknown[]).length).toBe(4);
  });

  it('lists members of departments in its scope only', async () => {
    const o = await givenScopedApp();
    const list = await o.asApp('user/simplelist', { department_id: o.rnd.id, fetch_child: 1 });
    expect((list.userlist as { userid: string }[]).map((u) => u.userid)).toEqual(['coder']);
    expect(await o.asApp('user/simplelist', { department_id: o.market.id })).toMatchObject({ errcode: 60011 });
    expect(await o.asApp('user/list', { department_id: 1, fetch_child: 1 })).toMatchObject({ errcode: 60011 });
    const ids = await o.asApp('user/list_id', {}, {});
    expect((ids.dept_user as { userid: string }[]).map((u) => u.userid)).toEqual(['coder']);
  });

  it('reaches the members its tags list, and hears 60011 once the scope no longer holds them', async () => {
    const o = await givenScopedApp();
    const tag = await createTag(o.ctx, { name: '外援' });
    await addToTag(o.ctx, tag.id, { userIds: ['seller'], departmentIds: [] });
    await setAppScope(o.system, o.app.agentId, { memberIds: [], departmentIds: [o.rnd.id], tagIds: [tag.id] });
    expect(await o.asApp('user/get', { userid: 'seller' })).toMatchObject({ errcode: 0, userid: 'seller' });
    await setAppScope(o.system, o.app.agentId, { memberIds: [], departmentIds: [o.rnd.id], tagIds: [] });
    expect(await o.asApp('user/get', { userid: 'seller' })).toMatchObject({ errcode: 60011 });
  });

  it('writes, when it may write the directory, only inside its scope', async () => {
    const o = await givenScopedApp({ canWriteDirectory: true });
    expect(await o.asApp('user/update', {}, { userid: 'coder', position: '工程师' })).toMatchObject({ errcode: 0 });
    expect(await o.asApp('user/update', {}, { userid: 'seller', position: '经理' })).toMatchObject({
      errcode: 60011,
    });
    expect(
      await o.asApp(
        'user/create',
        {},
        { userid: 'newbie', name: '新人', mobile: '13900000003', department: [o.market.id] },
      ),
    ).toMatchObject({ errcode: 60011 });
    expect(await o.asApp('department/create', {}, { name: '销售组', parentid: o.market.id })).toMatchObject({
      errcode: 60011,
    });
    expect(await o.asApp('department/create', {}, { name: '后端组', parentid: o.rnd.id })).toMatchObject({
      errcode: 0,
    });
  });
});

describe('an app scoped to the whole org', () => {
  it('reads every member and department', async () => {
    const o = await givenScopedApp();
    await setAppScope(o.system, o.app.agentId, { memberIds: [], departmentIds: [1], tagIds: [] });
    expect(await o.asApp('user/get', { userid: 'seller' })).toMatchObject({ errcode: 0 });
    expect(((await o.asApp('department/list')).department as unknown[]).length).toBe(4);
  });
});
