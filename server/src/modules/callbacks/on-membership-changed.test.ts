import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../../platform/context.js';
import { MemoryCounters } from '../../platform/counters.js';
import { OutboxRelay } from '../../platform/outbox/relay.js';
import { SIGN_IN_LIMITS, SignInAttempts } from '../../platform/sign-in-limits.js';
import { startCallbackReceiver, type ReceiverOptions } from '../../testing/callback-receiver.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { setAppScope } from '../apps/index.js';
import { deleteMembers, setMemberEnabled, updateMember, type Member } from '../directory/index.js';
import { acceptInvite, createInvite, sendInviteCode } from '../member-auth/index.js';
import { setMemberStatusQuietly } from '../directory/directory.test-support.js';
import { DevOutboxSender } from '../member-auth/index.js';
import { listInbox } from '../messaging/index.js';
import { listCallbackDeliveries, setCallback } from './callbacks.service.js';
import { CallbackDispatcher } from './dispatcher.js';
import { onMembershipChanged } from './on-membership-changed.js';

const KEYS = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const silent = pino({ level: 'silent' });

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

async function givenAppWithCallback(options: Partial<ReceiverOptions> = {}) {
  const org = await given.org(store.db);
  const { app } = await given.app(org.ctx);
  const receiver = await startCallbackReceiver({ ...KEYS, ...options });
  const system = given.as(org.ctx, { kind: 'system' });
  await setCallback(system, app.agentId, { url: receiver.url, ...KEYS });
  const relay = new OutboxRelay(store.db, silent);
  relay.register(onMembershipChanged);
  const dispatcher = new CallbackDispatcher(store.db, silent);
  /** Relays what happened and delivers it; returns the subscribe / unsubscribe events the app heard since. */
  const heard = async () => {
    const before = receiver.received.length;
    await relay.drain();
    await dispatcher.drain();
    return receiver.received
      .slice(before)
      .map((r) => r.fields)
      .filter((f) => f.Event === 'subscribe' || f.Event === 'unsubscribe')
      .map((f) => ({ event: f.Event, userId: f.FromUserName, agentId: f.AgentID }));
  };
  return { ...org, system, app, receiver, relay, heard };
}

/** Joins the way a person does: the admin invites, the person proves the code sent to their email. */
async function join(ctx: OrgContext, member: Member): Promise<void> {
  const invite = await createInvite(given.as(ctx, { kind: 'system' }), member.userId);
  const deps = {
    db: store.db,
    sender: new DevOutboxSender(),
    attempts: new SignInAttempts(new MemoryCounters(), SIGN_IN_LIMITS),
    address: '127.0.0.1',
  };
  await sendInviteCode(deps, invite.token, 'email');
  const sent = await store.db
    .selectFrom('dev_outbox')
    .select('body')
    .where('recipient', '=', member.email ?? '')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  await acceptInvite(deps, invite.token, /\d{6}/.exec(sent.body)?.[0] ?? '', 'test-phone');
}

/** An active member who joined while no app was listening (set up directly, without events). */
async function givenActiveMember(ctx: OrgContext, departmentId = 1) {
  const member = await given.member(ctx, { departments: [{ id: departmentId, order: 0, isLeader: false }] });
  await setMemberStatusQuietly(store.db, ctx.orgId, member.id, 'active');
  return member;
}

describe('subscribe', () => {
  it('tells the app when a member joins, and a welcome reply reaches the member', async () => {
    const o = await givenAppWithCallback({
      reply: (r) =>
        r.fields.Event === 'subscribe'
          ? `<xml><ToUserName><![CDATA[${String(r.fields.FromUserName)}]]></ToUserName><FromUserName><![CDATA[${r.receiveId}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[欢迎]]></Content></xml>`
          : null,
    });
    const member = await given.member(o.ctx);
    expect(await o.heard()).toEqual([]);
    await join(o.ctx, member);
    expect(await o.heard()).toEqual([{ event: 'subscribe', userId: member.userId, agentId: String(o.app.agentId) }]);
    const inbox = await listInbox(o.ctx, member.id, 0);
    expect(inbox.map((e) => [e.conversation, e.message.payload])).toContainEqual([
      `app:${o.app.agentId}`,
      { content: '欢迎' },
    ]);
    await o.receiver.close();
  });

  it("leaves out apps whose range does not include the member, and other orgs' apps", async () => {
    const o = await givenAppWithCallback();
    const sales = await given.department(o.ctx, 'Sales');
    await setAppScope(o.system, o.app.agentId, { memberIds: [], departmentIds: [sales.id], tagIds: [] });
    const outsider = await given.member(o.ctx);
    await join(o.ctx, outsider);
    const other = await given.org(store.db);
    const stranger = await given.member(other.ctx);
    await join(other.ctx, stranger);
    expect(await o.heard()).toEqual([]);
    await o.receiver.close();
  });

  it("tells members who enter the app's range when the range widens, and only them", async () => {
    const o = await givenAppWithCallback();
    const sales = await given.department(o.ctx, 'Sales');
    await setAppScope(o.system, o.app.agentId, { memberIds: [], departmentIds: [sales.id], tagIds: [] });
    const seller = await givenActiveMember(o.ctx, sales.id);
    const engineer = await givenActiveMember(o.ctx);
    const invited = await given.member(o.ctx);
    await o.heard();
    await setAppScope(o.system, o.app.agentId, {
      memberIds: [engineer.id, invited.id],
      departmentIds: [sales.id],
      tagIds: [],
    });
    expect(await o.heard()).toEqual([{ event: 'subscribe', userId: engineer.userId, agentId: String(o.app.agentId) }]);
    expect(seller.id).not.toBe(engineer.id);
    await o.receiver.close();
  });
});

describe('unsubscribe', () => {
  it('tells the app when the range narrows past a member, once however often it is relayed', async () => {
    const o = await givenAppWithCallback();
    const member = await given.member(o.ctx);
    await join(o.ctx, member);
    expect(await o.heard()).toHaveLength(1);
    const sales = await given.department(o.ctx, 'Sales');
    await setAppScope(o.system, o.app.agentId, { memberIds: [], departmentIds: [sales.id], tagIds: [] });
    expect(await o.heard()).toEqual([{ event: 'unsubscribe', userId: member.userId, agentId: String(o.app.agentId) }]);
    await store.db.updateTable('outbox').set({ relayed_at: null }).where('org_id', '=', o.orgId).execute();
    expect(await o.heard()).toEqual([]);
    const deliveries = await listCallbackDeliveries(o.system, o.app.agentId);
    expect(deliveries.map((d) => d.eventType).sort()).toEqual(['event:subscribe', 'event:unsubscribe']);
    await o.receiver.close();
  });

  it('tells the app when a member is disabled, and not again on later edits', async () => {
    const o = await givenAppWithCallback();
    const member = await given.member(o.ctx);
    await join(o.ctx, member);
    await o.heard();
    await setMemberEnabled(o.ctx, member.userId, false);
    expect(await o.heard()).toEqual([{ event: 'unsubscribe', userId: member.userId, agentId: String(o.app.agentId) }]);
    await updateMember(o.ctx, member.userId, { position: '顾问' });
    expect(await o.heard()).toEqual([]);
    await o.receiver.close();
  });

  it('tells the app when a member is deleted, naming them by the userid they had last', async () => {
    const o = await givenAppWithCallback();
    const member = await given.member(o.ctx);
    await join(o.ctx, member);
    await o.heard();
    await updateMember(o.ctx, member.userId, { newUserId: `${member.userId}x` });
    expect(await o.heard()).toEqual([]);
    await deleteMembers(o.ctx, [`${member.userId}x`]);
    expect(await o.heard()).toEqual([
      { event: 'unsubscribe', userId: `${member.userId}x`, agentId: String(o.app.agentId) },
    ]);
    await o.receiver.close();
  });

  it('tells the app when a member moves out of its range', async () => {
    const o = await givenAppWithCallback();
    const sales = await given.department(o.ctx, 'Sales');
    const support = await given.department(o.ctx, 'Support');
    await setAppScope(o.system, o.app.agentId, { memberIds: [], departmentIds: [sales.id], tagIds: [] });
    const member = await given.member(o.ctx, { departments: [{ id: sales.id, order: 0, isLeader: false }] });
    await join(o.ctx, member);
    expect(await o.heard()).toHaveLength(1);
    await updateMember(o.ctx, member.userId, { departments: [{ id: support.id, order: 0, isLeader: false }] });
    expect(await o.heard()).toEqual([{ event: 'unsubscribe', userId: member.userId, agentId: String(o.app.agentId) }]);
    await o.receiver.close();
  });
});

describe('a callback set after members joined', () => {
  it('counts them as subscribed, so disabling one later tells the app', async () => {
    const org = await given.org(store.db);
    const { app } = await given.app(org.ctx);
    const member = await givenActiveMember(org.ctx);
    const receiver = await startCallbackReceiver(KEYS);
    await setCallback(given.as(org.ctx, { kind: 'system' }), app.agentId, { url: receiver.url, ...KEYS });
    const relay = new OutboxRelay(store.db, silent);
    relay.register(onMembershipChanged);
    await relay.drain();
    await setMemberEnabled(org.ctx, member.userId, false);
    await relay.drain();
    await new CallbackDispatcher(store.db, silent).drain();
    const events = receiver.received.map((r) => [r.fields.Event, r.fields.FromUserName]);
    expect(events).toEqual([['unsubscribe', member.userId]]);
    await receiver.close();
  });
});
