import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import { uploadMedia, waitForBatchJob } from '../testing/open-api-calls.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const upload = (token: string, type: string, filename: string, data: Buffer | string, field = 'media') =>
  uploadMedia(server, token, { type, filename, data, field });
const waitForJob = (token: string, jobid: string) => waitForBatchJob(server, token, jobid);

describe('media/upload', () => {
  it('stores a file and serves it back through media/get', async () => {
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    const uploaded = await upload(token, 'file', 'hello.txt', 'hello, 企业微信');
    expect(uploaded).toMatchObject({ errcode: 0, type: 'file' });
    expect(typeof uploaded.media_id).toBe('string');
    expect(uploaded.created_at).toMatch(/^\d+$/);
    const response = await server.enclave.app.inject({
      method: 'GET',
      url: `/cgi-bin/media/get?access_token=${token}&media_id=${uploaded.media_id as string}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('hello, 企业微信');
    expect(response.headers['content-disposition']).toContain('hello.txt');
  });

  it('refuses a bad type, an empty file, a missing field and a non-multipart body', async () => {
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    expect(await upload(token, 'exe', 'a.exe', 'MZ')).toMatchObject({ errcode: 40005 });
    expect(await upload(token, 'file', 'empty.csv', '')).toMatchObject({ errcode: 44001 });
    expect(await upload(token, 'file', 'a.csv', 'x', 'other')).toMatchObject({ errcode: 41006 });
    expect(await server.cgi('media/upload', { token, query: { type: 'file' }, body: { media: 'x' } })).toMatchObject({
      errcode: 41006,
    });
    expect(await server.cgi('media/get', { token, query: { media_id: 'nope' } })).toMatchObject({ errcode: 40007 });
    const stored = await server.store.db.selectFrom('media').select('id').where('org_id', '=', org.orgId).execute();
    expect(stored).toHaveLength(0);
  });
});

describe('batch/syncuser', () => {
  it('imports an uploaded CSV and reports each row through batch/getresult', async () => {
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    await server.cgi('department/create', { token, body: { name: '研发部', parentid: 1 } });
    await given.member(org.ctx, { userId: 'existing', name: 'Old Name', email: 'existing@test.local' });
    const untouched = await given.member(org.ctx, { userId: 'untouched', name: 'Stays' });

    const csv = [
      '姓名,帐号,手机号,邮箱,所在部门',
      '新人,newbie,13800000011,,2',
      'New Name,existing,,existing@test.local,1;2',
      '坏邮箱,bademail,,not-an-email,1',
      '无部门,nodept,13800000012,,404',
    ].join('\n');
    const { media_id: mediaId } = await upload(token, 'file', 'members.csv', `\ufeff${csv}`);
    const started = await server.cgi('batch/syncuser', { token, body: { media_id: mediaId, to_invite: false } });
    expect(started).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(typeof started.jobid).toBe('string');
    expect(Buffer.byteLength(started.jobid as string)).toBeLessThanOrEqual(64);

    const result = await waitForJob(token, started.jobid as string);
    expect(result).toMatchObject({ errcode: 0, status: 3, type: 'sync_user', total: 4, percentage: 100 });
    const rows = result.result as { userid: string; errcode: number; errmsg: string }[];
    expect(rows).toHaveLength(4);
    const byUser = new Map(rows.map((r) => [r.userid, r]));
    expect(byUser.get('newbie')).toMatchObject({ errcode: 0 });
    expect(byUser.get('existing')).toMatchObject({ errcode: 0 });
    expect(byUser.get('bademail')).toMatchObject({ errcode: 60105 });
    expect(byUser.get('nodept')).toMatchObject({ errcode: 60003 });
    for (const r of rows) expect(typeof r.errmsg).toBe('string');

    expect(await server.cgi('user/get', { token, query: { userid: 'newbie' } })).toMatchObject({
      name: '新人',
      department: [2],
      mobile: '13800000011',
    });
    expect(await server.cgi('user/get', { token, query: { userid: 'existing' } })).toMatchObject({
      name: 'New Name',
      department: [1, 2],
    });
    expect(await server.cgi('user/get', { token, query: { userid: untouched.userId } })).toMatchObject({
      name: 'Stays',
    });
    expect(await server.cgi('user/get', { token, query: { userid: 'bademail' } })).toMatchObject({ errcode: 60111 });
  });

  it('reports a file without a userid column as a failed job', async () => {
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    const { media_id: mediaId } = await upload(token, 'file', 'bad.csv', 'name,phone\nA,1\n');
    const { jobid } = await server.cgi('batch/syncuser', { token, body: { media_id: mediaId } });
    const result = await waitForJob(token, jobid as string);
    expect(result).toMatchObject({ errcode: 40092, status: 3, type: 'sync_user' });
  });

  it('answers 40007 for an unknown media_id, 41006 without one, and 40088 for an unknown jobid', async () => {
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    expect(await server.cgi('batch/syncuser', { token, body: { media_id: '3nope' } })).toMatchObject({
      errcode: 40007,
    });
    expect(await server.cgi('batch/replaceuser', { token, body: {} })).toMatchObject({ errcode: 41006 });
    expect(await server.cgi('batch/getresult', { token, query: { jobid: 'deadbeef' } })).toMatchObject({
      errcode: 40088,
    });
    const jobs = await server.store.db.selectFrom('jobs').select('id').where('org_id', '=', org.orgId).execute();
    expect(jobs).toHaveLength(0);
  });

  it('refuses a batch job from an app that may not write the directory', async () => {
    const org = await given.org(server.store.db);
    const { secret } = await given.app(org.ctx);
    const token = await server.token(org.corpId, secret);
    const { media_id: mediaId } = await upload(token, 'file', 'm.csv', '姓名,帐号,邮箱\nX,x1,x1@test.local\n');
    for (const kind of ['syncuser', 'replaceuser', 'replaceparty']) {
      expect(await server.cgi(`batch/${kind}`, { token, body: { media_id: mediaId } })).toMatchObject({
        errcode: 60011,
      });
    }
    const jobs = await server.store.db.selectFrom('jobs').select('id').where('org_id', '=', org.orgId).execute();
    expect(jobs).toHaveLength(0);
    expect(await server.cgi('user/get', { token, query: { userid: 'x1' } })).toMatchObject({ errcode: 60111 });
  });
});
