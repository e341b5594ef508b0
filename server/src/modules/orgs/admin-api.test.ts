import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminClient, signIn, signUpLinkToken } from '../../testing/admin-client.js';
import { given } from '../../testing/given.js';
import { multipart } from '../../testing/multipart.js';
import { snapshotOrg } from '../../testing/snapshot.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { MemoryCounters } from '../../platform/counters.js';
import { SIGN_IN_LIMITS, SignInAttempts } from '../../platform/sign-in-limits.js';
import { appRoutes } from '../apps/index.js';
import { departmentRoutes } from '../directory/index.js';
import { createTag } from '../directory/index.js';
import { memberRoutes } from '../directory/index.js';
import { tagRoutes } from '../directory/index.js';
import { orgRoutes } from './orgs.routes.js';
import { DevMailbox } from './sign-up-mail.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

let counter = 0;
const email = (who: string) => `${who}-${Date.now().toString(36)}-${(counter += 1)}@admin.test`;

/** Admin routes with a concrete URL (path parameters filled with plausible values). */
const adminRoutes = () =>
  [
    ...orgRoutes({
      attempts: new SignInAttempts(new MemoryCounters(), SIGN_IN_LIMITS),
      mailer: new DevMailbox(),
      publicUrl: undefined,
    }),
    ...departmentRoutes,
    ...memberRoutes,
    ...tagRoutes,
    ...appRoutes,
  ]
    .filter((r) => r.principal === 'org-admin')
    .map((r) => ({
      method: r.method,
      url: r.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'userId' ? 'u1' : '2')),
    }));

describe('sign-up and sign-in', () => {
  it('creates the org from the mailed link, returns its ids and a CSRF token, and sets an HttpOnly session cookie', async () => {
    const owner = email('owner');
    const asked = await server.enclave.app.inject({
      method: 'POST',
      url: '/api/admin/signup',
      payload: { orgName: '示例公司', name: 'Owner', email: owner, password: 'long enough pw' },
    });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ status: 'check_email', email: owner });
    expect(asked.headers['set-cookie']).toBeUndefined();
    const response = await server.enclave.app.inject({
      method: 'POST',
      url: '/api/admin/signup/confirm',
      payload: { token: await signUpLinkToken(server, owner) },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { corpId: string; contactSecret: string; csrfToken: string };
    expect(body.corpId).toMatch(/^ww[0-9a-f]{16}$/);
    expect(typeof body.contactSecret).toBe('string');
    expect(typeof body.csrfToken).toBe('string');
    const cookie = ([] as string[])
      .concat(response.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('enclave_admin='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);

    expect(
      await server.cgi('gettoken', { query: { corpid: body.corpId, corpsecret: body.contactSecret } }),
    ).toMatchObject({
      errcode: 0,
    });
    const admin = await signIn(server, owner, 'long enough pw');
    const session = await admin.request('GET', '/api/admin/session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({
      admin: { email: owner, role: 'owner' },
      org: { corpId: body.corpId, name: '示例公司' },
    });
  });

  it('answers 401 for a wrong password and an unknown email alike, setting no cookie', async () => {
    const org = await given.org(server.store.db);
    for (const payload of [
      { email: org.owner.email, password: 'wrong password' },
      { email: 'nobody@admin.test', password: org.password },
    ]) {
      const response = await server.enclave.app.inject({ method: 'POST', url: '/api/admin/session', payload });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'admin.bad_credentials' });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('ends the session on sign-out', async () => {
    const org = await given.org(server.store.db);
    const admin = await signIn(server, org.owner.email, org.password);
    expect((await admin.request('DELETE', '/api/admin/session')).statusCode).toBe(200);
    expect((await admin.request('GET', '/api/admin/departments')).statusCode).toBe(401);
  });
});

describe('session and CSRF checks', () => {
  it('answers 401 on every admin route without a session cookie', async () => {
    const org = await given.org(server.store.db);
    const admin = await signIn(server, org.owner.email, org.password);
    for (const route of adminRoutes()) {
      const response = await admin.request(route.method, route.url, { anonymous: true, body: {} });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json()).toMatchObject({ code: 'admin.signed_out' });
    }
    const forged = await server.enclave.app.inject({
      method: 'GET',
      url: '/api/admin/departments',
      headers: { cookie: 'enclave_admin=forged' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('answers 403 on every write without or with a wrong x-csrf-token, changing nothing', async () => {
    const org = await given.org(server.store.db);
    await given.department(org.ctx, 'Two');
    await given.member(org.ctx, { userId: 'u1' });
    await createTag(org.ctx, { name: 'Tag' });
    const admin = await signIn(server, org.owner.email, org.password);
    const other = await signIn(server, org.owner.email, org.password);
    const before = await snapshotOrg(server.store.db, org.orgId);
    for (const route of adminRoutes().filter((r) => r.method !== 'GET')) {
      for (const csrf of [null, '', 'wrong', other.csrfToken]) {
        const response = await admin.request(route.method, route.url, { csrf, body: { name: 'X' } });
        expect(response.statusCode, `${route.method} ${route.url} csrf=${csrf}`).toBe(403);
        expect(response.json()).toMatchObject({ code: 'request.csrf' });
      }
    }
    expect(await snapshotOrg(server.store.db, org.orgId)).toEqual(before);
    const ok = await admin.request('POST', '/api/admin/departments', { body: { name: 'Three', parentId: 1 } });
    expect(ok.statusCode).toBe(200);
  });
});

describe('department admins', () => {
  it('see and change only their own subtree', async () => {
    const org = await given.org(server.store.db);
    const owner = await signIn(server, org.owner.email, org.password);
    const create = async (name: string, parentId: number) =>
      (await owner.request('POST', '/api/admin/departments', { body: { name, parentId } })).json() as { id: number };
    const rd = await create('研发', 1);
    const fe = await create('前端', rd.id);
    const sales = await create('销售', 1);
    const link = (id: number) => [{ id, order: 0, isLeader: false }];
    await given.member(org.ctx, { userId: 'dev', departments: link(rd.id) });
    await given.member(org.ctx, { userId: 'fe', departments: link(fe.id) });
    await given.member(org.ctx, { userId: 'seller', name: '销售员', departments: link(sales.id) });

    const deptAdminEmail = email('dept');
    const created = await owner.request('POST', '/api/admin/admins', {
      body: {
        name: 'RD Admin',
        email: deptAdminEmail,
        password: 'long enough pw',
        role: 'department_admin',
        departmentId: rd.id,
      },
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ role: 'department_admin', departmentId: rd.id });

    const deptAdmin = await signIn(server, deptAdminEmail, 'long enough pw');
    const departments = (await deptAdmin.request('GET', '/api/admin/departments')).json() as { id: number }[];
    expect(departments.map((d) => d.id).sort()).toEqual([rd.id, fe.id].sort());
    const members = (await deptAdmin.request('GET', '/api/admin/members?recursive=1')).json() as {
      items: { userId: string }[];
    };
    expect(members.items.map((m) => m.userId).sort()).toEqual(['dev', 'fe']);
    expect((await deptAdmin.request('GET', `/api/admin/members?departmentId=${sales.id}`)).statusCode).toBe(403);
    expect((await deptAdmin.request('GET', '/api/admin/members?departmentId=1&recursive=1')).statusCode).toBe(403);
    expect((await deptAdmin.request('GET', '/api/admin/members/seller')).statusCode).toBe(404);
    expect((await deptAdmin.request('PATCH', '/api/admin/members/seller', { body: { name: 'x' } })).statusCode).toBe(
      404,
    );
    expect((await deptAdmin.request('DELETE', '/api/admin/members/seller')).statusCode).toBe(404);
    const search = (
      await deptAdmin.request('GET', `/api/admin/members/search?q=${encodeURIComponent('销售员')}`)
    ).json();
    expect(search).toEqual({ items: [] });
    expect(
      (await deptAdmin.request('PATCH', `/api/admin/departments/${sales.id}`, { body: { name: 'Mine' } })).statusCode,
    ).toBe(403);
    expect(
      (await deptAdmin.request('POST', '/api/admin/departments', { body: { name: 'Outside', parentId: 1 } }))
        .statusCode,
    ).toBe(403);
    const admins = await deptAdmin.request('POST', '/api/admin/admins', {
      body: { name: 'X', email: email('x'), password: 'long enough pw', role: 'admin' },
    });
    expect(admins.statusCode).toBe(403);

    expect(
      (await deptAdmin.request('POST', '/api/admin/departments', { body: { name: 'Inside', parentId: fe.id } }))
        .statusCode,
    ).toBe(200);
    expect((await deptAdmin.request('PATCH', '/api/admin/members/fe', { body: { position: 'Lead' } })).statusCode).toBe(
      200,
    );
    expect((await owner.request('GET', '/api/admin/members/seller')).json()).toMatchObject({ name: '销售员' });
  });
});

describe('the org wall on the admin API', () => {
  it('does not let an admin of one org read or change another org’s members, tags or departments', async () => {
    const a = await given.org(server.store.db, 'A');
    const b = await given.org(server.store.db, 'B');
    await given.department(b.ctx, 'B only');
    await given.member(b.ctx, { userId: 'bonly' });
    const tag = await createTag(b.ctx, { name: 'B tag' });
    const adminA = await signIn(server, a.owner.email, a.password);
    const before = await snapshotOrg(server.store.db, b.orgId);

    const calls: [string, string, unknown?][] = [
      ['GET', '/api/admin/members/bonly'],
      ['PATCH', '/api/admin/members/bonly', { name: 'Hijacked' }],
      ['DELETE', '/api/admin/members/bonly'],
      ['POST', '/api/admin/members/bonly/disable'],
      ['GET', `/api/admin/tags/${tag.id}`],
      ['PATCH', `/api/admin/tags/${tag.id}`, { name: 'Hijacked' }],
      ['DELETE', `/api/admin/tags/${tag.id}`],
      ['POST', `/api/admin/tags/${tag.id}/members`, { userIds: ['bonly'] }],
      ['PATCH', '/api/admin/departments/2', { name: 'Hijacked' }],
      ['DELETE', '/api/admin/departments/2'],
    ];
    for (const [method, url, body] of calls) {
      const response = await adminA.request(method, url, body === undefined ? {} : { body });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    const list = (await adminA.request('GET', '/api/admin/members?recursive=1')).json() as { items: unknown[] };
    expect(list.items).toEqual([]);
    expect((await adminA.request('GET', '/api/admin/tags')).json()).toEqual([]);
    expect(await snapshotOrg(server.store.db, b.orgId)).toEqual(before);
  });
});

describe('CSV import and export', () => {
  async function waitForImport(admin: AdminClient, jobId: string) {
    for (let i = 0; i < 200; i += 1) {
      const view = (await admin.request('GET', `/api/admin/imports/${jobId}`)).json() as { status: string };
      if (view.status === 'done' || view.status === 'failed') return view as Record<string, unknown>;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`import ${jobId} did not finish`);
  }

  it('imports members from a CSV upload and reports the rows it refused', async () => {
    const org = await given.org(server.store.db);
    const admin = await signIn(server, org.owner.email, org.password);
    const csv = [
      '姓名,帐号,手机号,邮箱,所在部门',
      '甲,jia,13800000021,,1',
      '乙,yi,,yi@import.test,研发部/前端组',
      '丙,bing,,not-an-email,1',
      ',noname,13800000022,,1',
      '丁,jia,13800000023,,1',
    ].join('\r\n');
    const started = await admin.request(
      'POST',
      '/api/admin/imports',
      multipart([
        { name: 'mode', value: 'sync' },
        { name: 'file', filename: 'members.csv', contentType: 'text/csv', data: `\ufeff${csv}` },
      ]),
    );
    expect(started.statusCode).toBe(200);
    const { jobId } = started.json() as { jobId: string };
    const view = await waitForImport(admin, jobId);
    expect(view).toMatchObject({ status: 'done', type: 'sync_user', percentage: 100, error: null });
    expect(view.summary).toMatchObject({ created: 2, failed: 3 });
    const report = view.report as { row: number; userId: string; code: string; field?: string }[];
    expect(report).toEqual([
      expect.objectContaining({ row: 4, userId: 'bing', code: 'member.invalid_email', field: 'email' }),
      expect.objectContaining({ row: 5, userId: 'noname', code: 'member.invalid_name' }),
      expect.objectContaining({ row: 6, userId: 'jia', code: 'job.duplicate_userid' }),
    ]);
    for (const r of report) expect(typeof (r as { message?: unknown }).message).toBe('string');
    const yi = (await admin.request('GET', '/api/admin/members/yi')).json() as { departments: { id: number }[] };
    const departments = (await admin.request('GET', '/api/admin/departments')).json() as { id: number; name: string }[];
    const frontEnd = departments.find((d) => d.name === '前端组');
    expect(yi.departments.map((d) => d.id)).toEqual([frontEnd?.id]);
    expect((await admin.request('GET', '/api/admin/members/bing')).statusCode).toBe(404);
    expect((await admin.request('GET', '/api/admin/imports/unknown-job')).statusCode).toBe(404);
  });

  it('exports the members as a CSV download in the import format', async () => {
    const org = await given.org(server.store.db);
    await given.member(org.ctx, { userId: 'exported', name: '导出, 成员', mobile: '13800000031', gender: 2 });
    const admin = await signIn(server, org.owner.email, org.password);
    const response = await admin.request('GET', '/api/admin/export/members.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="members\.csv"/);
    expect(response.body.startsWith('\ufeff')).toBe(true);
    const lines = response.body.slice(1).trim().split(/\r?\n/);
    expect(lines[0]?.startsWith('姓名,帐号,手机号,邮箱,所在部门')).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"导出, 成员",exported,13800000031');
    expect(lines[1]).toContain(',女,');

    const other = await given.org(server.store.db);
    const otherAdmin = await signIn(server, other.owner.email, other.password);
    const otherExport = await otherAdmin.request('GET', '/api/admin/export/members.csv');
    expect(otherExport.body).not.toContain('exported');
  });
});
