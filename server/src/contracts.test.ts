import * as C from '@enclave/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { setAppMenu } from './modules/apps/index.js';
import { addToTag, createTag } from './modules/directory/index.js';
import { setSelfJoin } from './modules/member-auth/index.js';
import { recallAppMessage } from './modules/messaging/index.js';
import { startQrLogin } from './modules/oauth/index.js';
import { enqueueJob } from './platform/jobs/jobs.js';
import { type AdminClient, signIn, signUpLinkToken } from './testing/admin-client.js';
import { startCallbackReceiver } from './testing/callback-receiver.js';
import { PNG } from './testing/cgi-bad-input.js';
import { contractDriver } from './testing/contract-driver.js';
import { given } from './testing/given.js';
import { lastCodeSentTo, type MemberClient, signInMember } from './testing/member-client.js';
import { signInMember as memberCookie } from './testing/member-session.js';
import { multipart } from './testing/multipart.js';
import { ROOMY_SIGN_IN_LIMITS, startTestServer, type TestServer } from './testing/test-server.js';

/**
 * One contract between server and web (issue 11): every client and admin API route is driven here with real
 * data on the real store, and its answer parsed with the contract it declares (@enclave/contracts), strictly
 * — a field the contract does not name fails as a missing one does. The test server also checks every answer
 * itself (ENCLAVE_CHECK_RESPONSES), so an answer outside its contract reads as a 500 naming what differs.
 */
const MOBILE = '13500000001';
const KEYS = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const TRUSTED_HOST = 'app.example.com';

let server: TestServer;
let admin: AdminClient;
let member: MemberClient;
let peer: MemberClient;
let driver: ReturnType<typeof contractDriver>;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
let org: Awaited<ReturnType<typeof given.org>>;
/** What earlier steps made, for later ones. */
const v = { dept: 0, agentId: 0, appId: 0, u3Email: '' };

beforeAll(async () => {
  // Members sign in again and again here (a code a minute is the production limit per login).
  server = await startTestServer({}, { signInLimits: ROOMY_SIGN_IN_LIMITS });
  org = await given.org(server.store.db);
  const seed = await given.department(org.ctx, 'Seed');
  v.dept = seed.id;
  const inSeed = { departments: [{ id: seed.id, order: 0, isLeader: false }] };
  await given.member(org.ctx, { userId: 'u1', name: '张三', mobile: MOBILE, ...inSeed });
  await given.member(org.ctx, { userId: 'u2', name: '李四', mobile: '13500000002', ...inSeed });
  const u3 = await given.member(org.ctx, { userId: 'u3', ...inSeed });
  v.u3Email = u3.email ?? '';
  await given.member(org.ctx, {
    userId: 'ext1',
    kind: 'external',
    externalCorpName: '供应商',
    externalScope: [seed.id],
  });
  const tag = await createTag(org.ctx, { name: 'SeedTag' });
  await addToTag(org.ctx, tag.id, { userIds: ['u1'], departmentIds: [seed.id] });
  const { app } = await given.app(org.ctx);
  v.agentId = app.agentId;
  v.appId = app.id;
  const system = given.as(org.ctx, { kind: 'system' });
  await setAppMenu(system, app.agentId, [
    { type: 'click', name: '打卡', key: 'checkin' },
    { name: '更多', items: [{ type: 'view', name: '主页', url: `https://${TRUSTED_HOST}/` }] },
  ]);
  await setSelfJoin(system, true);
  admin = await signIn(server, org.owner.email, org.password);
  member = await signInMember(server, { corpId: org.corpId, login: MOBILE });
  peer = await signInMember(server, { corpId: org.corpId, login: '13500000002' });
  receiver = await startCallbackReceiver(KEYS);
  driver = contractDriver(server, { admin, member });
});
afterAll(async () => {
  await receiver?.close();
  await server?.close();
});

describe('every client and admin API answer parses with the contract its route declares', () => {
  it('the console: org, sessions and admins', async () => {
    const { drive } = driver;
    const signUpEmail = `signup-${Date.now()}@x.test`;
    await drive('POST /api/admin/signup', C.SignUpPending, {
      body: { orgName: '契约', name: 'Owner', email: signUpEmail, password: 'long enough pw' },
    });
    await drive('POST /api/admin/signup/confirm', C.SignUpResult, {
      body: { token: await signUpLinkToken(server, signUpEmail) },
    });
    await drive('POST /api/admin/session', C.AdminSignedIn, {
      body: { email: org.owner.email, password: org.password },
    });
    await drive('GET /api/admin/session', C.AdminSession);
    await drive('POST /api/admin/contact-secret', C.ContactSecret);
    await drive('POST /api/admin/admins', C.AdminView, {
      body: {
        name: 'D',
        email: 'dept@x.test',
        password: 'long enough pw',
        role: 'department_admin',
        departmentId: v.dept,
      },
    });
    expect((await drive('GET /api/admin/admins', C.AdminList)).length).toBe(2);
    const other = await signIn(server, org.owner.email, org.password);
    await drive('DELETE /api/admin/session', C.Ok, { as: other });
  });

  it('the directory: departments, members, tags, imports', async () => {
    const { drive, download } = driver;
    expect((await drive('GET /api/admin/departments', C.DepartmentList)).length).toBe(2);
    const made = await drive('POST /api/admin/departments', C.DepartmentView, {
      body: { name: '新部门', parentId: 1 },
    });
    await drive('PATCH /api/admin/departments/:id', C.DepartmentView, {
      params: { id: made.id },
      body: { name: '改名' },
    });
    await drive('DELETE /api/admin/departments/:id', C.Ok, { params: { id: made.id } });

    const page = await drive('GET /api/admin/members', C.MemberPage, { query: { departmentId: 1, recursive: 1 } });
    expect(page.total).toBe(4);
    await drive('GET /api/admin/members/search', C.MemberSearchResult, { query: { q: 'zhang' } });
    await drive('GET /api/admin/members/lookup', C.MemberView, { query: { mobile: MOBILE } });
    const departments = [{ id: v.dept, order: 1, isLeader: true }];
    const body = { userId: 'newbie', name: '新人', email: 'newbie@x.test', departments, mainDepartmentId: v.dept };
    await drive('POST /api/admin/members', C.MemberView, { body });
    const params = { userId: 'newbie' };
    await drive('GET /api/admin/members/:userId', C.MemberView, { params });
    await drive('PATCH /api/admin/members/:userId', C.MemberView, { params, body: { position: '工程师', gender: 2 } });
    await drive('POST /api/admin/members/:userId/disable', C.MemberView, { params });
    await drive('POST /api/admin/members/:userId/enable', C.MemberView, { params });
    await drive('DELETE /api/admin/members/:userId', C.Ok, { params });

    await drive('GET /api/admin/tags', C.TagList);
    const tag = await drive('POST /api/admin/tags', C.TagView, { body: { name: '契约标签' } });
    const id = { id: tag.id };
    await drive('PATCH /api/admin/tags/:id', C.TagView, { params: id, body: { name: '改名标签' } });
    const change = { userIds: ['u1', 'ghost'], departmentIds: [v.dept] };
    await drive('POST /api/admin/tags/:id/members', C.TagMembersChange, { params: id, body: change });
    await drive('GET /api/admin/tags/:id', C.TagDetail, { params: id });
    await drive('POST /api/admin/tags/:id/members/remove', C.TagMembersChange, { params: id, body: change });
    await drive('DELETE /api/admin/tags/:id', C.Ok, { params: id });

    const csv = '姓名,帐号,邮箱\n导入,imported,imported@x.test\n坏行,bad,not-an-email\n';
    const upload = multipart([
      { name: 'mode', value: 'sync' },
      { name: 'file', filename: 'm.csv', data: csv },
    ]);
    const { jobId } = await drive('POST /api/admin/imports', C.ImportStarted, upload);
    let job = await drive('GET /api/admin/imports/:jobId', C.ImportJob, { params: { jobId } });
    for (let i = 0; i < 200 && job.status !== 'done'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = await drive('GET /api/admin/imports/:jobId', C.ImportJob, { params: { jobId } });
    }
    expect(job).toMatchObject({ status: 'done', summary: { created: 1, failed: 1 }, report: [{ userId: 'bad' }] });
    await download('GET /api/admin/export/members.csv');
  });

  it('apps, their callbacks, messages and schedules', async () => {
    const { drive } = driver;
    const main = { agentId: v.agentId };
    await drive('GET /api/admin/apps/:agentId/callback', C.CallbackAnswer, { params: main });
    await drive('PUT /api/admin/apps/:agentId/callback', C.Ok, { params: main, body: { url: receiver.url, ...KEYS } });
    await drive('GET /api/admin/apps/:agentId/callback', C.CallbackAnswer, { params: main });
    const settings = {
      homeUrl: `https://${TRUSTED_HOST}/`,
      redirectDomain: TRUSTED_HOST,
      squareLogoUrl: 'https://a.test/logo.png',
      reportLocation: true,
      reportEnter: true,
    };
    await drive('PATCH /api/admin/apps/:agentId', C.AppDetails, { params: main, body: settings });
    const details = await drive('GET /api/admin/apps/:agentId', C.AppDetails, { params: main });
    expect(details.menu).toHaveLength(2);

    const created = await drive('POST /api/admin/apps', C.CreatedApp, { body: { name: '第二个应用' } });
    const second = { agentId: created.app.agentId };
    await drive('POST /api/admin/apps/:agentId/secret', C.AppSecret, { params: second });
    const scope = { userIds: ['u1'], departmentIds: [v.dept], tagIds: [] };
    await drive('PUT /api/admin/apps/:agentId/scope', C.AppDetails, { params: second, body: scope });
    await drive('POST /api/admin/apps/:agentId/disable', C.AppDetails, { params: second });
    await drive('POST /api/admin/apps/:agentId/enable', C.AppDetails, { params: second });
    expect(await drive('GET /api/admin/apps', C.AppList)).toHaveLength(2);

    const audience = { userIds: ['u1', 'u2', 'ghost'] };
    const send = (content: string) =>
      drive('POST /api/admin/apps/:agentId/messages', C.SentAppMessage, {
        params: main,
        body: { audience, msgType: 'text', payload: { content } },
      });
    const sent = await send('开会通知');
    const recalled = await send('撤回的通知');
    await recallAppMessage(org.ctx, v.appId, recalled.msgId);
    const listed = await drive('GET /api/admin/apps/:agentId/messages', C.AppMessageList, { params: main });
    expect(listed.items.map((m) => m.recalled)).toEqual([true, false]);
    const receipts = { ...main, msgId: sent.msgId };
    for (const state of ['read', 'unread'])
      await drive('GET /api/admin/apps/:agentId/messages/:msgId/receipts', C.AppMessageReceipts, {
        params: receipts,
        query: { state },
      });

    const near = { latitude: 31.23, longitude: 121.47, radiusMeters: 500, maxAgeMinutes: 60 };
    const { scheduleId } = await drive('POST /api/admin/apps/:agentId/schedules', C.ScheduledMessage, {
      params: main,
      body: {
        audience: { all: true, near },
        msgType: 'text',
        payload: { content: '稍后' },
        sendAt: Date.now() + 3_600_000,
      },
    });
    const schedule = { ...main, id: scheduleId };
    await drive('PATCH /api/admin/apps/:agentId/schedules/:id', C.Empty, {
      params: schedule,
      body: { confidential: true },
    });
    await drive('GET /api/admin/apps/:agentId/schedules', C.MessageScheduleList, { params: main });
    await drive('DELETE /api/admin/apps/:agentId/schedules/:id', C.Empty, { params: schedule });

    const failed = await enqueueJob(server.store.db, org.orgId, 'test.failed', {});
    await server.store.db
      .updateTable('jobs')
      .set({ status: 'failed', error: 'boom' })
      .where('id', '=', failed)
      .execute();
    expect((await drive('GET /api/admin/jobs', C.FailedJobList, { query: { status: 'failed' } })).items).toHaveLength(
      1,
    );
    await drive('POST /api/admin/jobs/:id/retry', C.Empty, { params: { id: failed } });
  });

  it('joining and signing in', async () => {
    const { drive } = driver;
    await drive('PUT /api/admin/org/self-join', C.Ok, { body: { allowed: true } });
    const invite = await drive('POST /api/admin/members/:userId/invite', C.MemberInvite, { params: { userId: 'u3' } });
    const token = { token: invite.token };
    await drive('GET /api/client/invites/:token', C.InvitePreview, { params: token });
    await drive('POST /api/client/invites/:token/code', C.Ok, { params: token, body: { channel: 'email' } });
    const inviteCode = await lastCodeSentTo(server.store.db, v.u3Email);
    await drive('POST /api/client/invites/:token/accept', C.MemberSignedIn, {
      params: token,
      body: { code: inviteCode },
    });
    await drive('GET /api/admin/dev-outbox', C.DevOutboxList);

    const login = { corpId: org.corpId, login: MOBILE };
    // A code asked for within a minute of the last is not sent again: the one before (used at sign-in) stands.
    const forgetCodes = () => server.store.db.deleteFrom('verification_codes').execute();
    await forgetCodes();
    await drive('POST /api/client/codes', C.CodeRequested, { body: login });
    const code = await lastCodeSentTo(server.store.db, MOBILE);
    await drive('POST /api/client/session', C.MemberSignedIn, { body: { ...login, code } });
    await drive('GET /api/client/session', C.MemberSession);
    const devices = await drive('GET /api/client/devices', C.DeviceList);
    const other = devices.items.find((d) => !d.current);
    expect(other).toBeDefined();
    await drive('DELETE /api/client/devices/:id', C.Ok, { params: { id: other?.id ?? 0 } });
    await forgetCodes();
    const leaving = await signInMember(server, login);
    await drive('DELETE /api/client/session', C.Ok, { as: leaving });
  });

  it('the member client: directory, chats, apps, media, location, OAuth', async () => {
    const { drive, download } = driver;
    await drive('GET /api/client/departments', C.DepartmentList);
    await drive('GET /api/client/departments/:id/members', C.MemberCardPage, { params: { id: v.dept } });
    await drive('GET /api/client/members/search', C.MemberCardList, { query: { q: 'li' } });
    await drive('GET /api/client/members/:userId', C.MemberCard, { params: { userId: 'ext1' } });

    await drive('POST /api/client/chats/direct', C.DirectChat, { body: { userId: 'u2' } });
    const group = await drive('POST /api/client/chats/groups', C.CreatedGroup, {
      body: { name: '项目组', userIds: ['u2'] },
    });
    const id = { id: group.id };
    await drive('GET /api/client/chats/groups/:id', C.GroupInfo, { params: id });
    const renamed = await drive('PATCH /api/client/chats/groups/:id', C.GroupUpdate, {
      params: id,
      body: { name: '新项目组', addUserIds: ['u3'] },
    });
    expect(renamed).toMatchObject({ name: '新项目组' });
    const conversation = { conversation: group.conversation };
    const message = { msgType: 'text', payload: { content: '开会了' }, mentions: ['u2'] };
    const sent = await drive('POST /api/client/conversations/:conversation/messages', C.SentChatMessage, {
      params: conversation,
      body: message,
    });
    await drive('POST /api/client/conversations/:conversation/read', C.MarkedRead, {
      params: conversation,
      body: { upToSeq: sent.seq },
      as: peer,
    });
    await drive('PUT /api/client/conversations/:conversation/settings', C.ConversationSettings, {
      params: conversation,
      body: { pinned: true },
    });
    await drive('GET /api/client/conversations', C.ConversationList);
    await drive('GET /api/client/messages/:msgId/receipts', C.ChatReceipts, { params: { msgId: sent.msgId } });
    await drive('GET /api/client/messages/search', C.FoundMessageList, { query: { q: '开会' } });
    await drive('POST /api/client/messages/:msgId/recall', C.Ok, { params: { msgId: sent.msgId } });
    const left = await drive('PATCH /api/client/chats/groups/:id', C.GroupUpdate, {
      params: id,
      body: { removeUserIds: ['u2'] },
      as: peer,
    });
    expect(left).toEqual({ id: group.id, left: true });

    expect((await drive('GET /api/client/apps', C.MemberAppList)).items[0]?.menu).toHaveLength(2);
    const app = { agentId: v.agentId };
    await drive('POST /api/client/apps/:agentId/messages', C.AppMessagePosted, {
      params: app,
      body: { msgType: 'text', content: '请假' },
    });
    await drive('POST /api/client/apps/:agentId/events', C.AppEventReported, {
      params: app,
      body: { event: 'enter_agent' },
    });
    await drive('GET /api/client/location', C.LocationAnswer);
    await drive('PUT /api/client/location', C.LocationAnswer, {
      body: { latitude: 31.23, longitude: 121.47, precision: 20 },
    });
    expect((await drive('GET /api/client/location', C.LocationAnswer)).last).not.toBeNull();
    await drive('DELETE /api/client/location', C.LocationAnswer);
    await expect
      .poll(
        async () =>
          (await drive('GET /api/admin/apps/:agentId/callback/deliveries', C.CallbackDeliveryList, { params: app }))
            .items.length,
      )
      .toBeGreaterThan(0);

    const upload = multipart([{ name: 'media', filename: 'a.png', contentType: 'image/png', data: PNG }]);
    const media = await drive('POST /api/client/media', C.UploadedMedia, { ...upload, query: { type: 'image' } });
    await download('GET /api/client/media/:mediaId', { params: { mediaId: media.mediaId } });

    const qr = await startQrLogin(server.store.db, {
      corpId: org.corpId,
      agentId: v.agentId,
      redirectUri: `https://${TRUSTED_HOST}/signed-in`,
      state: 's',
      loginType: 'CorpApp',
    });
    await drive('POST /api/client/wwlogin/confirm', C.QrLoginConfirmed, { body: { ticket: qr.ticket } });
    const page = { url: `https://${TRUSTED_HOST}/page`, agentId: v.agentId };
    const signed = await drive('POST /api/client/jsapi/signature', C.JsapiSignature, { body: page });
    const check = { ...page, timestamp: signed.timestamp, nonceStr: signed.nonceStr, signature: signed.signature };
    expect(await drive('POST /api/client/jsapi/verify', C.JsapiVerdict, { body: check })).toEqual({ valid: true });

    const inbox = await drive('GET /api/client/inbox', C.InboxPage, { query: { after: 0 } });
    expect(new Set(inbox.items.map((e) => e.kind))).toEqual(new Set(['message', 'recall']));
  });

  it('the realtime gateway: every frame it sends', async () => {
    const { cookie } = await memberCookie(server, org.corpId, org.orgId, MOBILE);
    const frames: unknown[] = [];
    // Listening from the start: `hello` may come before the upgrade's promise resolves.
    const socket: WebSocket = await server.enclave.app.injectWS(
      '/api/client/ws',
      { headers: { cookie } },
      { onInit: (ws) => ws.on('message', (data) => frames.push(JSON.parse(String(data)))) },
    );
    const types = () => frames.map((f) => (f as { type: string }).type);
    await expect.poll(types).toContain('hello');
    socket.send(JSON.stringify({ type: 'sync', after: 0 }));
    await expect.poll(types).toContain('synced');
    socket.send(JSON.stringify({ type: 'ping' }));
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'nonsense' }));
    await expect.poll(() => types().filter((t) => t === 'error').length).toBe(2);
    const pushedBefore = types().filter((t) => t === 'entry').length;
    await driver.drive('POST /api/admin/apps/:agentId/messages', C.SentAppMessage, {
      params: { agentId: v.agentId },
      body: { audience: { userIds: ['u1'] }, msgType: 'text', payload: { content: '推送' } },
    });
    await expect.poll(() => types().filter((t) => t === 'entry').length).toBeGreaterThan(pushedBefore);
    socket.terminate();
    expect(new Set(types())).toEqual(new Set(['hello', 'entry', 'synced', 'pong', 'error']));
    for (const frame of frames)
      expect(C.ServerFrame.safeParse(frame).error?.issues, JSON.stringify(frame)).toBeUndefined();
  });

  it('declares a contract on every client and admin route, and drove them all', () => {
    expect(driver.undeclared()).toEqual([]);
    expect(driver.notDriven()).toEqual([]);
  });
});

describe('the contract of the member client’s apps', () => {
  it('refuses the menu shape WeCom stores ({button: [… sub_button]}), which once blanked the client', async () => {
    const apps = await driver.drive('GET /api/client/apps', C.MemberAppList);
    const wecomMenu = {
      button: [{ name: '更多', sub_button: [{ type: 'view', name: '主页', url: 'https://a.test/' }] }],
    };
    const old = { items: apps.items.map((app, i) => (i === 0 ? { ...app, menu: wecomMenu } : app)) };
    const checked = C.MemberAppList.safeParse(old);
    expect(checked.success).toBe(false);
    expect(checked.error?.issues.map((i) => i.path.join('.'))).toEqual(['items.0.menu']);
  });
});
