import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallbackReceiver } from '../../testing/callback-receiver.js';
import { given } from '../../testing/given.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { MemberAppList } from '@enclave/contracts';
import { setAppEnabled, setAppMenu, setAppScope } from '../apps/index.js';
import { setCallback } from '../callbacks/index.js';
import { openSession } from '../member-auth/index.js';

const KEYS = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

/** An org with one app listening on a callback, and a signed-in member of it. */
async function givenSignedInMember() {
  const org = await given.org(server.store.db);
  const { app } = await given.app(org.ctx);
  const receiver = await startCallbackReceiver(KEYS);
  const system = given.as(org.ctx, { kind: 'system' });
  await setCallback(system, app.agentId, { url: receiver.url, ...KEYS });
  const member = await given.member(org.ctx);
  const session = await openSession(server.store.db, org.orgId, member.id, 'test-phone');
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    server.enclave.app.inject({
      method: 'POST',
      url: `/api/client/apps/${path}`,
      payload: body as object,
      headers: { cookie: `enclave_member=${session.token}`, 'x-csrf-token': session.csrfToken, ...headers },
    });
  return { ...org, system, app, receiver, member, session, post };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('POST /api/client/apps/:agentId/messages', () => {
  it("takes a member's text to the app's callback", async () => {
    const o = await givenSignedInMember();
    const answer = await o.post(`${o.app.agentId}/messages`, { msgType: 'text', content: '请假申请' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ msgId: expect.any(String) });
    await until(() => o.receiver.received.some((r) => r.fields.MsgType === 'text'));
    expect(o.receiver.received.find((r) => r.fields.MsgType === 'text')?.fields).toMatchObject({
      FromUserName: o.member.userId,
      MsgType: 'text',
      Content: '请假申请',
      AgentID: String(o.app.agentId),
    });
    await o.receiver.close();
  });

  it('needs a member session and the CSRF header', async () => {
    const o = await givenSignedInMember();
    const body = { msgType: 'text', content: 'hi' };
    const anonymous = await server.enclave.app.inject({
      method: 'POST',
      url: `/api/client/apps/${o.app.agentId}/messages`,
      payload: body,
    });
    expect(anonymous.statusCode).toBe(401);
    const forged = await o.post(`${o.app.agentId}/messages`, body, { 'x-csrf-token': 'wrong' });
    expect(forged.statusCode).toBe(403);
    await o.receiver.close();
  });

  it('refuses with 403 when the member is out of range or the app is disabled, and 400 for bad input', async () => {
    const o = await givenSignedInMember();
    const sales = await given.department(o.ctx, 'Sales');
    await setAppScope(o.system, o.app.agentId, { memberIds: [], departmentIds: [sales.id], tagIds: [] });
    const outside = await o.post(`${o.app.agentId}/messages`, { msgType: 'text', content: 'hi' });
    expect([outside.statusCode, outside.json().code]).toEqual([403, 'app_conversation.out_of_scope']);
    await setAppScope(o.system, o.app.agentId, { memberIds: [o.member.id], departmentIds: [], tagIds: [] });
    await setAppEnabled(o.system, o.app.agentId, false);
    const disabled = await o.post(`${o.app.agentId}/messages`, { msgType: 'text', content: 'hi' });
    expect([disabled.statusCode, disabled.json().code]).toEqual([403, 'app_conversation.app_disabled']);
    expect((await o.post(`${o.app.agentId}/messages`, { msgType: 'video', mediaId: 'x' })).statusCode).toBe(400);
    await o.receiver.close();
  });

  it("keeps a member to their own org's apps, though every org numbers its apps from 1000002", async () => {
    const a = await givenSignedInMember();
    const b = await givenSignedInMember();
    const { app: second } = await given.app(b.ctx, { name: 'Second' });
    expect(a.app.agentId).toBe(b.app.agentId);
    expect((await a.post(`${second.agentId}/messages`, { msgType: 'text', content: 'hi' })).statusCode).toBe(404);
    expect((await a.post(`${a.app.agentId}/messages`, { msgType: 'text', content: 'mine' })).statusCode).toBe(200);
    await until(() => a.receiver.received.some((r) => r.fields.MsgType === 'text'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Directory events (change_contact) reach both apps too; only members' messages matter here.
    const texts = (r: typeof a.receiver) => r.received.filter((x) => x.fields.MsgType === 'text').map((x) => x.fields);
    expect(texts(a.receiver).map((f) => f.Content)).toEqual(['mine']);
    expect(texts(b.receiver)).toEqual([]);
    await Promise.all([a.receiver.close(), b.receiver.close()]);
  });
});

describe('POST /api/client/apps/:agentId/events', () => {
  it('answers forwarded:false for enter_agent when the app did not ask, and 400 for a key not in the menu', async () => {
    const o = await givenSignedInMember();
    const enter = await o.post(`${o.app.agentId}/events`, { event: 'enter_agent' });
    expect(enter.json()).toEqual({ forwarded: false });
    const click = await o.post(`${o.app.agentId}/events`, { event: 'click', eventKey: 'NO_MENU' });
    expect([click.statusCode, click.json().code]).toEqual([400, 'app_conversation.menu_item_unknown']);
    await o.receiver.close();
  });
});

describe('GET /api/client/apps', () => {
  it("answers in the contract's shape, with a menu of actions and groups that the client can tap", async () => {
    const o = await givenSignedInMember();
    // As an SDK's menu/create sends it, after the open API's translation (sub_button → items).
    await setAppMenu(o.system, o.app.agentId, [
      { name: '今日鱼价', type: 'click', key: 'PRICE' },
      { name: '服务', items: [{ name: '鱼病诊断', type: 'view', url: 'https://doctor.example/ask' }] },
    ]);
    const answer = await server.enclave.app.inject({
      method: 'GET',
      url: '/api/client/apps',
      headers: { cookie: `enclave_member=${o.session.token}` },
    });
    expect(answer.statusCode).toBe(200);
    const { items } = MemberAppList.parse(answer.json());
    expect(items.find((a) => a.agentId === o.app.agentId)?.menu).toEqual([
      { name: '今日鱼价', type: 'click', key: 'PRICE' },
      { name: '服务', items: [{ name: '鱼病诊断', type: 'view', url: 'https://doctor.example/ask' }] },
    ]);
    const click = await o.post(`${o.app.agentId}/events`, { event: 'click', eventKey: 'PRICE' });
    expect([click.statusCode, click.json()]).toEqual([200, { forwarded: true }]);
    await o.receiver.close();
  });
});
