import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateAppSecret } from '../modules/apps/index.js';
import { hashToken } from '../platform/secrets.js';
import { signIn } from '../testing/admin-client.js';
import { given } from '../testing/given.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const gettoken = (query: Record<string, string>) => server.cgi('gettoken', { query });

describe('gettoken', () => {
  it('exchanges the directory secret for a 2-hour token in WeCom’s shape', async () => {
    const org = await given.org(server.store.db);
    const body = await gettoken({ corpid: org.corpId, corpsecret: org.contactSecret });
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(typeof body.access_token).toBe('string');
    const token = body.access_token as string;
    expect(token.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(token)).toBeLessThanOrEqual(512);
    expect(await server.cgi('department/list', { token })).toMatchObject({ errcode: 0 });
  });

  it('exchanges an app secret for a token too', async () => {
    const org = await given.org(server.store.db);
    const { secret } = await given.app(org.ctx);
    const body = await gettoken({ corpid: org.corpId, corpsecret: secret });
    expect(body).toMatchObject({ errcode: 0, expires_in: 7200 });
  });

  it('answers 41002 without corpid and 41004 without corpsecret', async () => {
    const org = await given.org(server.store.db);
    expect(await gettoken({ corpsecret: org.contactSecret })).toMatchObject({ errcode: 41002 });
    expect(await gettoken({ corpid: '', corpsecret: org.contactSecret })).toMatchObject({ errcode: 41002 });
    expect(await gettoken({ corpid: org.corpId })).toMatchObject({ errcode: 41004 });
    expect(await gettoken({ corpid: org.corpId, corpsecret: '' })).toMatchObject({ errcode: 41004 });
  });

  it('answers 40013 for an unknown corpid', async () => {
    const org = await given.org(server.store.db);
    expect(await gettoken({ corpid: 'ww0000000000000000', corpsecret: org.contactSecret })).toMatchObject({
      errcode: 40013,
    });
  });

  it('answers 40001 for a wrong secret', async () => {
    const org = await given.org(server.store.db);
    expect(await gettoken({ corpid: org.corpId, corpsecret: 'not-the-secret' })).toMatchObject({ errcode: 40001 });
  });

  it('answers 40091 for the directory or app secret of another corp', async () => {
    const a = await given.org(server.store.db, 'A');
    const b = await given.org(server.store.db, 'B');
    const { secret: appOfB } = await given.app(b.ctx);
    expect(await gettoken({ corpid: a.corpId, corpsecret: b.contactSecret })).toMatchObject({ errcode: 40091 });
    expect(await gettoken({ corpid: a.corpId, corpsecret: appOfB })).toMatchObject({ errcode: 40091 });
  });

  it('answers every error with HTTP 200 and an integer errcode and errmsg', async () => {
    const response = await server.enclave.app.inject({ method: 'GET', url: '/cgi-bin/gettoken?corpid=x' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(Number.isInteger(body.errcode)).toBe(true);
    expect(typeof body.errmsg).toBe('string');
  });
});

describe('access token checks', () => {
  it('answers 41001 without a token, even one sent in an Authorization header', async () => {
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    expect(await server.cgi('department/list')).toMatchObject({ errcode: 41001 });
    const response = await server.enclave.app.inject({
      method: 'GET',
      url: '/cgi-bin/department/list',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ errcode: 41001 });
  });

  it('answers 40014 for a token it never issued', async () => {
    expect(await server.cgi('department/list', { token: 'made-up-token' })).toMatchObject({ errcode: 40014 });
    expect(await server.cgi('user/get', { token: 'x'.repeat(600), query: { userid: 'a' } })).toMatchObject({
      errcode: 40014,
    });
  });

  it('answers 42001 for an expired token', async () => {
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    await server.store.db
      .updateTable('access_tokens')
      .set({ expires_at: Date.now() - 1000 })
      .where('token_hash', '=', hashToken(token))
      .execute();
    expect(await server.cgi('department/list', { token })).toMatchObject({ errcode: 42001 });
    expect(await server.cgi('department/create', { token, body: { name: 'Late', parentid: 1 } })).toMatchObject({
      errcode: 42001,
    });
    const fresh = await server.token(org.corpId, org.contactSecret);
    expect(await server.cgi('department/list', { token: fresh })).toMatchObject({ errcode: 0 });
  });

  it('stops a token working once its app secret is rotated (40014), and the old secret with it (40001)', async () => {
    const org = await given.org(server.store.db);
    const { app, secret } = await given.app(org.ctx);
    const token = await server.token(org.corpId, secret);
    expect(await server.cgi('department/list', { token })).toMatchObject({ errcode: 0 });

    // Rotate the way an admin does, through this server (every other process refuses the old token too,
    // ADR 0004; server/src/cluster checks it).
    const admin = await signIn(server, org.owner.email, org.password);
    const response = await admin.request('POST', `/api/admin/apps/${app.agentId}/secret`);
    expect(response.statusCode).toBe(200);
    const rotated = (response.json() as { secret: string }).secret;

    expect(await server.cgi('department/list', { token })).toMatchObject({ errcode: 40014 });
    expect(await gettoken({ corpid: org.corpId, corpsecret: secret })).toMatchObject({ errcode: 40001 });
    const fresh = await server.token(org.corpId, rotated);
    expect(await server.cgi('department/list', { token: fresh })).toMatchObject({ errcode: 0 });
  });

  it('keeps other apps’ tokens working when one app’s secret is rotated', async () => {
    const org = await given.org(server.store.db);
    const first = await given.app(org.ctx, { name: 'First' });
    const second = await given.app(org.ctx, { name: 'Second' });
    const secondToken = await server.token(org.corpId, second.secret);
    const directoryToken = await server.token(org.corpId, org.contactSecret);
    await rotateAppSecret(org.ctx, first.app.agentId);
    expect(await server.cgi('department/list', { token: secondToken })).toMatchObject({ errcode: 0 });
    expect(await server.cgi('department/list', { token: directoryToken })).toMatchObject({ errcode: 0 });
  });

  it('answers 50003 for the token of a disabled app', async () => {
    const org = await given.org(server.store.db);
    const { app, secret } = await given.app(org.ctx);
    const token = await server.token(org.corpId, secret);
    await server.store.db.updateTable('apps').set({ is_enabled: 0 }).where('id', '=', app.id).execute();
    expect(await server.cgi('department/list', { token })).toMatchObject({ errcode: 50003 });
    expect(await gettoken({ corpid: org.corpId, corpsecret: secret })).toMatchObject({ errcode: 50003 });
  });
});

describe('what a token may do', () => {
  it('lets an app without directory permission read but not write the directory (60011)', async () => {
    const org = await given.org(server.store.db);
    const member = await given.member(org.ctx, { name: '张三' });
    const { secret } = await given.app(org.ctx);
    const token = await server.token(org.corpId, secret);

    expect(await server.cgi('department/create', { token, body: { name: '研发部', parentid: 1 } })).toMatchObject({
      errcode: 60011,
    });
    expect(
      await server.cgi('user/create', {
        token,
        body: { userid: 'newbie', name: 'N', department: [1], email: 'newbie@test.local' },
      }),
    ).toMatchObject({ errcode: 60011 });
    expect(await server.cgi('user/delete', { token, query: { userid: member.userId } })).toMatchObject({
      errcode: 60011,
    });
    expect(await server.cgi('user/get', { token, query: { userid: member.userId } })).toMatchObject({
      errcode: 0,
      userid: member.userId,
      name: '张三',
    });
    expect(await server.cgi('department/list', { token })).toMatchObject({ errcode: 0 });
    const rows = await server.store.db.selectFrom('departments').select('id').where('org_id', '=', org.orgId).execute();
    expect(rows).toHaveLength(1);
  });

  it('lets an app created with directory permission write', async () => {
    const org = await given.org(server.store.db);
    const { secret } = await given.app(org.ctx, { canWriteDirectory: true });
    const token = await server.token(org.corpId, secret);
    const created = await server.cgi('department/create', { token, body: { name: '研发部', parentid: 1 } });
    expect(created).toMatchObject({ errcode: 0, errmsg: 'created', id: 2 });
    expect(
      await server.cgi('user/create', {
        token,
        body: { userid: 'writer', name: 'W', department: [2], email: 'writer@test.local' },
      }),
    ).toMatchObject({ errcode: 0, errmsg: 'created' });
    expect(await server.cgi('user/get', { token, query: { userid: 'writer' } })).toMatchObject({
      errcode: 0,
      department: [2],
    });
  });

  it('lets the directory secret write', async () => {
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    expect(await server.cgi('department/create', { token, body: { name: 'Ops', parentid: 1 } })).toMatchObject({
      errcode: 0,
    });
  });
});
