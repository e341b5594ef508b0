import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../testing/admin-client.js';
import { given } from '../../testing/given.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { createAdmin } from '../orgs/index.js';
import { createTag } from '../directory/index.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

async function signedInOrg() {
  const org = await given.org(server.store.db);
  const { app, secret } = await given.app(org.ctx, { name: 'Portal' });
  const admin = await signIn(server, org.owner.email, org.password);
  return { ...org, app, secret, admin, url: `/api/admin/apps/${app.agentId}` };
}

describe('app detail routes', () => {
  it('read and change an app’s settings', async () => {
    const { admin, url, app } = await signedInOrg();
    const read = await admin.request('GET', url);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      agentId: app.agentId,
      name: 'Portal',
      menu: null,
      scope: { memberUserIds: [], departmentIds: [1], tagIds: [] },
    });
    const patched = await admin.request('PATCH', url, {
      body: {
        name: '门户',
        description: '公司门户应用',
        homeUrl: 'https://portal.example.com',
        squareLogoUrl: 'https://cdn.example.com/l.png',
        reportEnter: true,
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: '门户',
      homeUrl: 'https://portal.example.com',
      squareLogoUrl: 'https://cdn.example.com/l.png',
      reportEnter: true,
    });
    const cleared = await admin.request('PATCH', url, { body: { squareLogoUrl: '' } });
    expect(cleared.json()).toMatchObject({ squareLogoUrl: '', name: '门户' });
  });

  it('answers 400 with a code for invalid settings and unknown fields, 404 for an unknown app', async () => {
    const { admin, url } = await signedInOrg();
    const patch = (body: unknown) => admin.request('PATCH', url, { body });
    const bad = await patch({ description: 'abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'app.invalid_description', message: expect.any(String) });
    expect((await patch({ name: '' })).json()).toMatchObject({ code: 'app.invalid_name' });
    expect((await patch({ homeUrl: 'javascript:x' })).json()).toMatchObject({ code: 'app.invalid_home_url' });
    expect((await patch({ reportEnter: 'yes' })).json()).toMatchObject({ code: 'request.invalid' });
    expect((await patch({ secretHash: 'x' })).json()).toMatchObject({ code: 'request.invalid' });
    const missing = await admin.request('GET', '/api/admin/apps/4242');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'app.not_found' });
    expect((await admin.request('GET', '/api/admin/apps/abc')).statusCode).toBe(400);
  });

  it('replaces the visible scope by userids, department ids and tag ids', async () => {
    const { admin, url, ctx } = await signedInOrg();
    const dept = await given.department(ctx, 'Sales');
    await given.member(ctx, { userId: 'alice' });
    const tag = await createTag(ctx, { name: 'VIP' });
    const put = await admin.request('PUT', `${url}/scope`, {
      body: { userIds: ['ALICE'], departmentIds: [dept.id], tagIds: [tag.id] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      scope: { memberUserIds: ['alice'], departmentIds: [dept.id], tagIds: [tag.id] },
    });
    const unknown = await admin.request('PUT', `${url}/scope`, {
      body: { userIds: ['ghost'], departmentIds: [], tagIds: [] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'app.scope_unknown_members', details: { userIds: ['ghost'] } });
    const malformed = await admin.request('PUT', `${url}/scope`, { body: { userIds: 'alice' } });
    expect(malformed.statusCode).toBe(400);
  });

  it('disables and enables an app; a disabled app’s token answers 50003', async () => {
    const { admin, url, corpId, secret, app } = await signedInOrg();
    const token = await server.token(corpId, secret);
    const disabled = await admin.request('POST', `${url}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ isEnabled: false });
    expect(await server.cgi('agent/get', { token, query: { agentid: app.agentId } })).toMatchObject({
      errcode: 50003,
    });
    expect((await admin.request('POST', `${url}/enable`)).json()).toMatchObject({ isEnabled: true });
    expect(await server.cgi('agent/get', { token, query: { agentid: app.agentId } })).toMatchObject({ errcode: 0 });
  });

  it('needs a session, and the CSRF header on every write', async () => {
    const { admin, url } = await signedInOrg();
    const writes: [string, string, unknown][] = [
      ['PATCH', url, { name: 'X' }],
      ['PUT', `${url}/scope`, { userIds: [], departmentIds: [], tagIds: [] }],
      ['POST', `${url}/enable`, undefined],
      ['POST', `${url}/disable`, undefined],
    ];
    expect((await admin.request('GET', url, { anonymous: true })).statusCode).toBe(401);
    for (const [method, path, body] of writes) {
      expect((await admin.request(method, path, { anonymous: true, body })).statusCode).toBe(401);
      for (const csrf of [null, 'wrong']) {
        const response = await admin.request(method, path, { csrf, body });
        expect(response.statusCode, `${method} ${path}`).toBe(403);
        expect(response.json()).toMatchObject({ code: 'request.csrf' });
      }
    }
    expect((await admin.request('GET', url)).json()).toMatchObject({ name: 'Portal', isEnabled: true });
  });

  it('keeps department admins out, and never reaches another org’s app', async () => {
    const a = await signedInOrg();
    const b = await signedInOrg();
    const dept = await given.department(a.ctx, 'Ops');
    const email = `dept-${Date.now().toString(36)}@test.local`;
    await createAdmin(a.ctx, {
      name: 'Dept',
      email,
      password: 'long enough pw',
      role: 'department_admin',
      departmentId: dept.id,
    });
    const deptAdmin = await signIn(server, email, 'long enough pw');
    const refused = await deptAdmin.request('POST', `${a.url}/disable`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'app.no_privilege' });
    expect((await deptAdmin.request('PATCH', a.url, { body: { name: 'X' } })).statusCode).toBe(403);
    // The same agent id in the URL means the caller's own org's app.
    await a.admin.request('PATCH', a.url, { body: { name: 'A only' } });
    await a.admin.request('POST', `${a.url}/disable`);
    expect((await b.admin.request('GET', b.url)).json()).toMatchObject({ name: 'Portal', isEnabled: true });
  });
});
