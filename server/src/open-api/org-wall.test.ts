import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import { uploadMedia, waitForBatchJob } from '../testing/open-api-calls.js';
import { snapshotOrg } from '../testing/snapshot.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/**
 * Org A holds a directory token (the strongest open-API credential) and tries every id that exists only in
 * org B. Each call must fail as "not found" (or find nothing), and B's rows must be exactly as they were.
 */
let server: TestServer;
let a: { orgId: number; token: string };
let b: { orgId: number; token: string; mediaId: string; jobId: string; openid: string };
const B_DEPARTMENT = 50;
const B_TAG = 7;
const B_USER = 'bonly';
const B_MOBILE = '13600000050';
const B_EMAIL = 'bonly@b.test';
let before: Record<string, string[]>;

beforeAll(async () => {
  server = await startTestServer();
  const orgA = await given.org(server.store.db, 'Org A');
  const orgB = await given.org(server.store.db, 'Org B');
  a = { orgId: orgA.orgId, token: await server.token(orgA.corpId, orgA.contactSecret) };
  const tokenB = await server.token(orgB.corpId, orgB.contactSecret);
  const postB = async (path: string, body: unknown) => {
    const result = await server.cgi(path, { token: tokenB, body });
    if (result.errcode !== 0) throw new Error(`${path}: ${JSON.stringify(result)}`);
    return result;
  };
  await postB('department/create', { name: 'B only', parentid: 1, id: B_DEPARTMENT });
  await postB('user/create', {
    userid: B_USER,
    name: 'B Person',
    department: [B_DEPARTMENT],
    mobile: B_MOBILE,
    email: B_EMAIL,
  });
  await postB('tag/create', { tagname: 'B tag', tagid: B_TAG });
  await postB('tag/addtagusers', { tagid: B_TAG, userlist: [B_USER], partylist: [B_DEPARTMENT] });
  const media = await uploadMedia(server, tokenB, {
    filename: 'b.csv',
    data: `姓名,帐号,邮箱,所在部门\nB Two,btwo,btwo@b.test,${B_DEPARTMENT}\n`,
  });
  const { jobid } = await postB('batch/syncuser', { media_id: media.media_id });
  expect(await waitForBatchJob(server, tokenB, jobid as string)).toMatchObject({ errcode: 0, status: 3 });
  const { openid } = await postB('user/convert_to_openid', { userid: B_USER });
  b = {
    orgId: orgB.orgId,
    token: tokenB,
    mediaId: media.media_id as string,
    jobId: jobid as string,
    openid: openid as string,
  };
});
afterAll(async () => server.close());

beforeEach(async () => {
  before = await snapshotOrg(server.store.db, b.orgId);
});

const getA = (path: string, query: Record<string, string | number> = {}) => server.cgi(path, { token: a.token, query });
const postA = (path: string, body: unknown) => server.cgi(path, { token: a.token, body });

async function expectBUnchanged() {
  expect(await snapshotOrg(server.store.db, b.orgId)).toEqual(before);
}

describe('the org wall on the open API', () => {
  it('does not show or change another org’s departments', async () => {
    expect(await getA('department/get', { id: B_DEPARTMENT })).toMatchObject({ errcode: 60003 });
    expect(await getA('department/list', { id: B_DEPARTMENT })).toMatchObject({ errcode: 60003 });
    expect(await getA('department/simplelist', { id: B_DEPARTMENT })).toMatchObject({ errcode: 60003 });
    expect(await postA('department/update', { id: B_DEPARTMENT, name: 'Hijacked' })).toMatchObject({
      errcode: 60003,
    });
    expect(await getA('department/delete', { id: B_DEPARTMENT })).toMatchObject({ errcode: 60003 });
    expect(await postA('department/create', { name: 'Under B', parentid: B_DEPARTMENT })).toMatchObject({
      errcode: 60004,
    });
    expect(await getA('user/list', { department_id: B_DEPARTMENT })).toMatchObject({ errcode: 60003 });
    expect(await getA('user/simplelist', { department_id: B_DEPARTMENT, fetch_child: 1 })).toMatchObject({
      errcode: 60003,
    });
    const list = await getA('department/list');
    expect((list.department as { id: number }[]).map((d) => d.id)).toEqual([1]);
    await expectBUnchanged();
  });

  it('changes only its own department when both orgs use the same id', async () => {
    expect(await postA('department/update', { id: 1, name: 'A root renamed' })).toMatchObject({ errcode: 0 });
    expect(await postA('department/create', { name: 'A dept', parentid: 1, id: B_DEPARTMENT })).toMatchObject({
      errcode: 0,
      id: B_DEPARTMENT,
    });
    expect(await getA('department/delete', { id: B_DEPARTMENT })).toMatchObject({ errcode: 0 });
    await expectBUnchanged();
  });

  it('does not show or change another org’s members', async () => {
    expect(await getA('user/get', { userid: B_USER })).toMatchObject({ errcode: 60111 });
    expect(await postA('user/update', { userid: B_USER, name: 'Hijacked' })).toMatchObject({ errcode: 60111 });
    expect(await getA('user/delete', { userid: B_USER })).toMatchObject({ errcode: 60111 });
    expect(await postA('user/batchdelete', { useridlist: [B_USER, 'btwo'] })).toMatchObject({ errcode: 60111 });
    expect(await postA('user/convert_to_openid', { userid: B_USER })).toMatchObject({ errcode: 60111 });
    expect(await postA('user/convert_to_userid', { openid: b.openid })).toMatchObject({ errcode: 40003 });
    expect((await postA('user/getuserid', { mobile: B_MOBILE })).errcode).not.toBe(0);
    expect((await postA('user/get_userid_by_email', { email: B_EMAIL })).errcode).not.toBe(0);
    expect(
      await postA('user/create', { userid: 'intruder', name: 'I', department: [B_DEPARTMENT], email: 'i@a.test' }),
    ).toMatchObject({ errcode: 60003 });
    const ids = await postA('user/list_id', {});
    expect(ids).toMatchObject({ errcode: 0, dept_user: [], next_cursor: '' });
    const all = await getA('user/list', { department_id: 1, fetch_child: 1 });
    expect(all.userlist).toEqual([]);
    await expectBUnchanged();
  });

  it('lets the same userid, mobile and email exist in both orgs without touching the other', async () => {
    expect(
      await postA('user/create', {
        userid: B_USER,
        name: 'A Person',
        department: [1],
        mobile: B_MOBILE,
        email: B_EMAIL,
      }),
    ).toMatchObject({ errcode: 0 });
    expect(await getA('user/get', { userid: B_USER })).toMatchObject({ name: 'A Person', department: [1] });
    expect(await postA('user/getuserid', { mobile: B_MOBILE })).toMatchObject({ userid: B_USER });
    expect(await postA('user/update', { userid: B_USER, name: 'A Renamed' })).toMatchObject({ errcode: 0 });
    expect(await getA('user/delete', { userid: B_USER })).toMatchObject({ errcode: 0 });
    await expectBUnchanged();
    expect(await server.cgi('user/get', { token: b.token, query: { userid: B_USER } })).toMatchObject({
      errcode: 0,
      name: 'B Person',
    });
  });

  it('does not show or change another org’s tags', async () => {
    expect(await getA('tag/get', { tagid: B_TAG })).toMatchObject({ errcode: 40068 });
    expect(await postA('tag/update', { tagid: B_TAG, tagname: 'Hijacked' })).toMatchObject({ errcode: 40068 });
    expect(await getA('tag/delete', { tagid: B_TAG })).toMatchObject({ errcode: 40068 });
    expect(await postA('tag/addtagusers', { tagid: B_TAG, userlist: [B_USER] })).toMatchObject({ errcode: 40068 });
    expect(await postA('tag/deltagusers', { tagid: B_TAG, userlist: [B_USER] })).toMatchObject({ errcode: 40068 });
    expect(await getA('tag/list')).toMatchObject({ errcode: 0, taglist: [] });

    const { tagid } = await postA('tag/create', { tagname: 'A tag' });
    expect(
      await postA('tag/addtagusers', { tagid, userlist: [B_USER, 'btwo'], partylist: [B_DEPARTMENT] }),
    ).toMatchObject({ errcode: 40070 });
    expect(await getA('tag/get', { tagid: tagid as number })).toMatchObject({ userlist: [], partylist: [] });
    expect(await getA('tag/delete', { tagid: tagid as number })).toMatchObject({ errcode: 0 });
    await expectBUnchanged();
  });

  it('does not serve or import another org’s media', async () => {
    const response = await server.enclave.app.inject({
      method: 'GET',
      url: `/cgi-bin/media/get?access_token=${a.token}&media_id=${b.mediaId}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toMatchObject({ errcode: 40007 });
    for (const kind of ['syncuser', 'replaceuser', 'replaceparty']) {
      expect(await postA(`batch/${kind}`, { media_id: b.mediaId })).toMatchObject({ errcode: 40007 });
    }
    const jobsOfA = await server.store.db.selectFrom('jobs').select('id').where('org_id', '=', a.orgId).execute();
    expect(jobsOfA).toHaveLength(0);
    await expectBUnchanged();
  });

  it('does not report another org’s batch jobs', async () => {
    expect(await getA('batch/getresult', { jobid: b.jobId })).toMatchObject({ errcode: 40088 });
    expect(await server.cgi('batch/getresult', { token: b.token, query: { jobid: b.jobId } })).toMatchObject({
      errcode: 0,
      status: 3,
    });
    await expectBUnchanged();
  });
});
