import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../platform/outbox/relay.js';
import { startCallbackReceiver } from '../../testing/callback-receiver.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { listInbox } from '../messaging/index.js';
import { CallbackDispatcher } from './dispatcher.js';
import { enqueueAppEvents, getCallback, listCallbackDeliveries, setCallback } from './callbacks.service.js';
import { onContactChanged } from './on-contact-changed.js';

const KEYS = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const silent = pino({ level: 'silent' });

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

async function givenAppWithCallback(options: Parameters<typeof startCallbackReceiver>[0] = KEYS) {
  const org = await given.org(store.db);
  const { app } = await given.app(org.ctx);
  const receiver = await startCallbackReceiver(options);
  const system = given.as(org.ctx, { kind: 'system' });
  await setCallback(system, app.agentId, { url: receiver.url, ...KEYS });
  const relay = new OutboxRelay(store.db, silent);
  relay.register(onContactChanged);
  return { ...org, system, app, receiver, relay };
}

describe('callback settings', () => {
  it('saves the URL only after it answers the echostr verification', async () => {
    const o = await givenAppWithCallback();
    expect(await getCallback(o.system, o.app.agentId)).toEqual({ url: o.receiver.url, ...KEYS });
    await o.receiver.close();
  });

  it('refuses a URL that cannot decrypt the echostr, and keeps the old settings', async () => {
    const o = await givenAppWithCallback();
    const impostor = await startCallbackReceiver({ token: 'other1', encodingAesKey: KEYS.encodingAesKey });
    await expect(setCallback(o.system, o.app.agentId, { url: impostor.url, ...KEYS })).rejects.toMatchObject({
      code: 'callback.verify_failed',
    });
    expect((await getCallback(o.system, o.app.agentId))?.url).toBe(o.receiver.url);
    await expect(setCallback(o.system, o.app.agentId, { url: 'ftp://x', ...KEYS })).rejects.toMatchObject({
      code: 'callback.invalid_url',
    });
    await expect(
      setCallback(o.system, o.app.agentId, { url: o.receiver.url, token: 'QDG6eK', encodingAesKey: 'short' }),
    ).rejects.toMatchObject({
      code: 'callback.invalid_aes_key',
    });
    await Promise.all([o.receiver.close(), impostor.close()]);
  });
});

describe('change_contact callbacks', () => {
  it("tells the app about directory changes, encrypted so that Tencent's library decrypts them", async () => {
    const o = await givenAppWithCallback();
    await given.member(o.ctx, { userId: 'newbie' });
    await o.relay.drain();
    await new CallbackDispatcher(store.db, silent).drain();
    const events = o.receiver.received.map((r) => r.fields);
    expect(events).toContainEqual(
      expect.objectContaining({
        Event: 'change_contact',
        ChangeType: 'create_user',
        UserID: 'newbie',
        ToUserName: o.corpId,
      }),
    );
    expect(o.receiver.received[0]?.receiveId).toBe(o.corpId);
    await o.receiver.close();
  });

  it('queues an event once even when the relay sees it twice', async () => {
    const o = await givenAppWithCallback();
    await given.department(o.ctx, 'Ops');
    await o.relay.drain();
    await store.db.updateTable('outbox').set({ relayed_at: null }).where('org_id', '=', o.orgId).execute();
    await o.relay.drain();
    const deliveries = await listCallbackDeliveries(o.system, o.app.agentId);
    expect(deliveries.filter((d) => d.eventType === 'change_contact')).toHaveLength(1);
    await o.receiver.close();
  });
});

describe('delivery', () => {
  it('retries a failing receiver with back-off until it accepts', async () => {
    const o = await givenAppWithCallback({ ...KEYS, fail: (attempt) => (attempt <= 2 ? 503 : null) });
    await given.member(o.ctx, { userId: 'retry' });
    await o.relay.drain();
    const dispatcher = new CallbackDispatcher(store.db, silent, { backoffMs: [0, 0, 0] });
    for (let i = 0; i < 3; i += 1) await dispatcher.drain();
    const [delivery] = await listCallbackDeliveries(o.system, o.app.agentId);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(o.receiver.received).toHaveLength(1);
    await o.receiver.close();
  });

  it('gives up after the last retry and shows why in the delivery log', async () => {
    const o = await givenAppWithCallback({ ...KEYS, fail: () => 500 });
    await given.member(o.ctx, { userId: 'doomed' });
    await o.relay.drain();
    const dispatcher = new CallbackDispatcher(store.db, silent, { backoffMs: [0] });
    for (let i = 0; i < 3; i += 1) await dispatcher.drain();
    const [delivery] = await listCallbackDeliveries(o.system, o.app.agentId);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2, lastError: 'HTTP 500' });
    await o.receiver.close();
  });

  it('delivers a passive reply to the member the event came from', async () => {
    const o = await givenAppWithCallback({
      ...KEYS,
      reply: (r) =>
        `<xml><ToUserName><![CDATA[${String(r.fields.FromUserName)}]]></ToUserName><FromUserName><![CDATA[${r.receiveId}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好, ${String(r.fields.Content)}]]></Content></xml>`,
    });
    const member = await given.member(o.ctx, { userId: 'asker' });
    await store.db.transaction().execute((tx) =>
      enqueueAppEvents(tx, o.orgId, [
        {
          appId: o.app.id,
          eventKey: 'msg:1',
          eventType: 'text',
          fromMemberId: member.id,
          fields: {
            FromUserName: 'asker',
            CreateTime: 1,
            MsgType: 'text',
            Content: '价格?',
            MsgId: 1n,
            AgentID: o.app.agentId,
          },
        },
      ]),
    );
    await new CallbackDispatcher(store.db, silent).drain();
    const inbox = await listInbox(o.ctx, member.id, 0);
    expect(inbox.map((e) => e.message.payload)).toContainEqual({ content: '你好, 价格?' });
    await o.receiver.close();
  });

  it("shows one org's delivery log only to that org", async () => {
    const o = await givenAppWithCallback();
    await given.member(o.ctx, { userId: 'private' });
    await o.relay.drain();
    const other = await given.org(store.db);
    const { app: theirs } = await given.app(other.ctx);
    expect(theirs.agentId).toBe(o.app.agentId);
    expect(await listCallbackDeliveries(given.as(other.ctx, { kind: 'system' }), theirs.agentId)).toHaveLength(0);
    expect((await listCallbackDeliveries(o.system, o.app.agentId)).length).toBeGreaterThan(0);
    await o.receiver.close();
  });
});
