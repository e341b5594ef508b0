import { expect, it } from 'vitest';
import { appRoutes } from '../modules/apps/index.js';
import { callbackRoutes } from '../modules/callbacks/index.js';
import { departmentRoutes } from '../modules/directory/index.js';
import { importRoutes } from '../modules/directory/index.js';
import { memberRoutes } from '../modules/directory/index.js';
import { tagRoutes } from '../modules/directory/index.js';
import { mediaRoutes } from '../modules/media/index.js';
import { memberAuthRoutes } from '../modules/member-auth/index.js';
import { createInvite } from '../modules/member-auth/index.js';
import { DevOutboxSender } from '../modules/member-auth/index.js';
import { messagingRoutes } from '../modules/messaging/index.js';
import { scheduleRoutes } from '../modules/messaging/index.js';
import { jobRoutes } from '../platform/jobs/jobs.routes.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { DevMailbox, orgRoutes } from '../modules/orgs/index.js';
import { MemoryCounters } from '../platform/counters.js';
import { SIGN_IN_LIMITS, SignInAttempts } from '../platform/sign-in-limits.js';
import { type ApiSpec, describeApiBadInput, expectRefused, LONG, MOBILE } from '../testing/api-bad-input.js';
import { given } from '../testing/given.js';
import { multipart } from '../testing/multipart.js';

/**
 * Every admin route (and the member client's sign-in routes) validates: malformed bodies, wrong types in every
 * field, bad path and query values are answered with a 4xx `{code, message}` (never a 500), and nothing is
 * half-applied. The member client's other routes are in bad-input.client.test.ts, OAuth's in bad-input.oauth.
 */
const QUERY_KINDS: ApiSpec['queryKinds'] = {
  'GET /api/admin/members': { departmentId: 'int', recursive: 'enum', limit: 'int', offset: 'int' },
  'GET /api/admin/members/search': { q: 'string', limit: 'int' },
  'GET /api/admin/members/lookup': { mobile: 'string', email: 'string' },
  'GET /api/admin/apps/:agentId/callback/deliveries': { limit: 'int' },
  'GET /api/client/inbox': { after: 'int', limit: 'int' },
  'GET /api/admin/jobs': { status: 'enum' },
  'GET /api/admin/apps/:agentId/messages/:msgId/receipts': { state: 'enum', offset: 'int', limit: 'int' },
};
const VALID_BODY: Record<string, ApiSpec['validBody'][string]> = {
  'POST /api/admin/signup': () => ({ orgName: 'New', name: 'Owner', email: 'new@x.test', password: 'long enough pw' }),
  'POST /api/admin/signup/confirm': () => ({ token: 'no-such-token' }),
  'POST /api/admin/session': () => ({ email: 'nobody@x.test', password: 'wrong password' }),
  'POST /api/admin/admins': () => ({ name: 'A', email: 'a2@x.test', password: 'long enough pw', role: 'admin' }),
  'POST /api/admin/departments': () => ({ name: 'New', nameEn: 'New', parentId: 1, order: 0 }),
  'PATCH /api/admin/departments/:id': () => ({ name: 'Renamed', nameEn: 'R', parentId: 1, order: 1 }),
  'POST /api/admin/members': () => ({
    userId: 'newbie',
    name: 'N',
    email: 'newbie@x.test',
    gender: 1,
    departments: [{ id: 2, order: 0, isLeader: false }],
    mainDepartmentId: 2,
  }),
  'PATCH /api/admin/members/:userId': () => ({ name: 'Renamed', position: 'P', gender: 2 }),
  'POST /api/admin/tags': () => ({ name: 'NewTag' }),
  'PATCH /api/admin/tags/:id': () => ({ name: 'Renamed' }),
  'POST /api/admin/tags/:id/members': () => ({ userIds: ['u1'], departmentIds: [2] }),
  'POST /api/admin/tags/:id/members/remove': () => ({ userIds: ['u1'], departmentIds: [2] }),
  'POST /api/admin/apps': () => ({ name: 'New app', description: 'An app', canWriteDirectory: false }),
  'PATCH /api/admin/apps/:agentId': () => ({
    name: 'Renamed',
    description: 'A described app',
    squareLogoUrl: 'https://a.test/logo.png',
    homeUrl: 'https://a.test',
    redirectDomain: 'a.test',
    reportLocation: true,
    reportEnter: false,
  }),
  'PUT /api/admin/apps/:agentId/scope': () => ({ userIds: ['u1'], departmentIds: [2], tagIds: [1] }),
  // Nothing listens on port 9: verification fails, which must be a 4xx too.
  'PUT /api/admin/apps/:agentId/callback': () => ({
    url: 'http://127.0.0.1:9/callback',
    token: 'tok',
    encodingAesKey: 'a'.repeat(43),
  }),
  'POST /api/client/invites/:token/code': () => ({ channel: 'sms' }),
  'POST /api/client/invites/:token/accept': () => ({ code: '000000' }),
  'POST /api/client/codes': (v) => ({ corpId: v.corpId, login: MOBILE }),
  'POST /api/client/session': (v) => ({ corpId: v.corpId, login: MOBILE, code: '000000' }),
  'PUT /api/admin/org/self-join': () => ({ allowed: true }),
  'POST /api/admin/apps/:agentId/messages': () => ({
    audience: { userIds: ['u1'], departmentIds: [2], tagIds: [1], all: false },
    msgType: 'text',
    payload: { content: 'hi' },
    confidential: false,
  }),
  'POST /api/admin/apps/:agentId/schedules': () => ({
    audience: { userIds: ['u1'], near: { latitude: 30, longitude: 120, radiusMeters: 500, maxAgeMinutes: 60 } },
    msgType: 'text',
    payload: { content: 'later' },
    confidential: false,
    sendAt: Date.now() + 3600_000,
  }),
  'PATCH /api/admin/apps/:agentId/schedules/:id': () => ({
    audience: { all: true },
    msgType: 'text',
    payload: { content: 'edited' },
    confidential: true,
    sendAt: Date.now() + 7200_000,
  }),
};
/** Routes that take nothing a caller could get wrong (no body, path or query). */
const NO_INPUT = [
  'DELETE /api/admin/session',
  'GET /api/admin/session',
  'POST /api/admin/contact-secret',
  'GET /api/admin/admins',
  'GET /api/admin/departments',
  'GET /api/admin/tags',
  'GET /api/admin/apps',
  'GET /api/admin/export/members.csv',
  'GET /api/admin/dev-outbox',
  'GET /api/client/session',
  'DELETE /api/client/session',
  'GET /api/client/devices',
];

describeApiBadInput('admin', {
  routes: (server) => {
    const services = server.enclave.services;
    // Only the routes' shapes are read here; the requests go to the server, which counts with its own.
    const attempts = new SignInAttempts(new MemoryCounters(), SIGN_IN_LIMITS);
    return [
      ...orgRoutes({ attempts, mailer: new DevMailbox(), publicUrl: undefined }),
      ...departmentRoutes,
      ...memberRoutes,
      ...tagRoutes,
      ...appRoutes,
      ...callbackRoutes,
      ...messagingRoutes,
      ...scheduleRoutes,
      ...jobRoutes,
      ...importRoutes(services),
      ...mediaRoutes(services.storage),
      ...memberAuthRoutes({ sender: new DevOutboxSender(), attempts, secureCookies: false }),
    ];
  },
  setup: async ({ admin, ctx, server, values }) => {
    const invite = await createInvite(given.as(ctx, { kind: 'system' }), 'u2');
    const upload = multipart([
      { name: 'mode', value: 'sync' },
      { name: 'file', filename: 'm.csv', data: '姓名,帐号,邮箱\nSeeded,seeded,seeded@seed.test\n' },
    ]);
    const started = await admin.request('POST', '/api/admin/imports', upload);
    const jobId = (started.json() as { jobId: string }).jobId;
    for (let i = 0; i < 100; i += 1) {
      const view = (await admin.request('GET', `/api/admin/imports/${jobId}`)).json() as { status: string };
      if (view.status === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const scheduled = await admin.request('POST', `/api/admin/apps/${values.agentId}/schedules`, {
      body: {
        audience: { userIds: ['u1'] },
        msgType: 'text',
        payload: { content: 'later' },
        sendAt: Date.now() + 3600_000,
      },
    });
    const scheduleId = (scheduled.json() as { scheduleId: string }).scheduleId;
    const sent = await admin.request('POST', `/api/admin/apps/${values.agentId}/messages`, {
      body: { audience: { userIds: ['u1'] }, msgType: 'text', payload: { content: 'now' } },
    });
    const msgId = (sent.json() as { msgId: string }).msgId;
    const failedJobId = await enqueueJob(server.store.db, values.orgId, 'test.failed', {});
    await server.store.db.updateTable('jobs').set({ status: 'failed' }).where('id', '=', failedJobId).execute();
    return { jobId, token: invite.token, userId: 'u1', scheduleId, failedJobId, msgId };
  },
  paramOf: (url, name, v) => {
    if (name !== 'id') return String(v[name] ?? '');
    if (url.includes('/tags/') || url.includes('/devices/')) return '1';
    if (url.includes('/schedules/')) return String(v.scheduleId);
    if (url.includes('/jobs/')) return String(v.failedJobId);
    if (url.startsWith('/media/images/')) return `i${'A'.repeat(43)}`;
    return '3';
  },
  validBody: VALID_BODY,
  validQuery: {
    'GET /api/admin/members/lookup': () => ({ mobile: MOBILE }),
    'GET /api/admin/jobs': () => ({ status: 'failed' }),
    'GET /api/admin/apps/:agentId/messages/:msgId/receipts': () => ({ state: 'read', offset: '0', limit: '10' }),
  },
  queryKinds: QUERY_KINDS,
  // A geofence's latitude, longitude and radius may be negative or fractional where they are in range.
  fine: { latitude: [-1, 1.5], longitude: [-1, 1.5], radiusMeters: [1.5] },
  noInput: NO_INPUT,
  ownInput: ['POST /api/admin/imports'],
  minCalls: 1000,
  more: (env) => {
    it('refuses malformed and incomplete CSV uploads without starting a job', async () => {
      const before = await env().stateOf();
      const file = { name: 'file', filename: 'm.csv', data: '姓名,帐号,邮箱\nX,x9,x9@seed.test\n' };
      const cases = [
        { payload: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=xyz' } },
        {
          payload: '--xyz\r\nContent-Disposition: form-data\r\n\r\n',
          headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        },
        { payload: 'x', headers: { 'content-type': 'multipart/form-data' } },
        { payload: JSON.stringify({ mode: 'sync' }), headers: { 'content-type': 'application/json' } },
        multipart([{ name: 'mode', value: 'sync' }]),
        multipart([{ name: 'mode', value: 'bogus' }, file]),
        multipart([{ name: 'kind', value: 'bogus' }, file]),
        multipart([{ name: 'mode', value: LONG }, file]),
        multipart([{ name: 'file', filename: 'empty.csv', data: '' }]),
        // The file in another field is answered at once, not waited on (the parser holds it until it is read).
        multipart([{ name: 'upload', filename: 'm.csv', data: file.data }]),
        multipart([{ name: 'mode', value: 'sync' }, { ...file, name: 'csv' }, file]),
      ];
      for (const [i, c] of cases.entries()) {
        expectRefused(await env().admin.request('POST', '/api/admin/imports', c), `import case ${i}`);
      }
      expect(await env().stateOf()).toEqual(before);
    });

    it('refuses a search without q', async () => {
      expectRefused(await env().admin.request('GET', '/api/admin/members/search'), 'search without q');
    });
  },
});
