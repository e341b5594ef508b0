import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOrgEvents } from '../../platform/outbox/outbox.js';
import { setAppScope } from '../apps/index.js';
import { deleteMembers, setMemberEnabled, updateMember } from '../directory/index.js';
import { listInbox, sendAppMessage } from '../messaging/index.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { createAppChat, getAppChat, sendToAppChat, updateAppChat } from './app-chats.service.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

/** An org with four members in the root department and two apps visible to all. */
async function givenOrg() {
  const org = await given.org(store.db);
  const [ann, ben, cat, dan] = await Promise.all(
    ['ann', 'ben', 'cat', 'dan'].map((userId) => given.member(org.ctx, { userId })),
  );
  const { app } = await given.app(org.ctx, { name: 'Chat app' });
  const { app: other } = await given.app(org.ctx, { name: 'Other app' });
  const ctx = given.as(org.ctx, {
    kind: 'app',
    appId: app.id,
    agentId: app.agentId,
    canWriteDirectory: false,
    scope: { memberIds: [], departmentIds: [1], tagIds: [] },
  });
  return { ...org, admin: org.ctx, ctx, app, other, ann: ann!, ben: ben!, cat: cat!, dan: dan! };
}

const chatRows = (orgId: number) => store.db.selectFrom('app_chats').selectAll().where('org_id', '=', orgId).execute();

describe('createAppChat', () => {
  it('creates the chat with its members in order and records appchat.created', async () => {
    const o = await givenOrg();
    const chat = await createAppChat(o.ctx, {
      appId: o.app.id,
      chatId: 'Team42',
      name: '  项目群  ',
      ownerUserId: 'BEN',
      userIds: ['cat', 'ben', 'Ann', 'ann'],
    });
    expect(chat).toEqual({
      chatId: 'Team42',
      name: '项目群',
      ownerUserId: 'ben',
      memberUserIds: ['cat', 'ben', 'ann'],
    });
    const [event] = await listOrgEvents(store.db, o.orgId, 'appchat.created');
    expect(JSON.parse(event!.payload)).toEqual({
      chatId: 'Team42',
      appId: o.app.id,
      name: '项目群',
      ownerId: o.ben.id,
      memberIds: [o.cat.id, o.ben.id, o.ann.id],
    });
  });

  it('generates a chat id, cuts the name to 50 characters and picks an owner among the members', async () => {
    const o = await givenOrg();
    const chat = await createAppChat(o.ctx, { appId: o.app.id, name: '群'.repeat(60), userIds: ['ann', 'ben'] });
    expect(chat.chatId).toMatch(/^[0-9a-zA-Z]{1,32}$/);
    expect(chat.name).toBe('群'.repeat(50));
    expect(['ann', 'ben']).toContain(chat.ownerUserId);
  });

  it('refuses fewer than 2 or more than 500 members', async () => {
    const o = await givenOrg();
    for (const userIds of [[], ['ann'], ['ann', 'ANN'], Array.from({ length: 501 }, (_, i) => `x${i}`)]) {
      await expect(createAppChat(o.ctx, { appId: o.app.id, userIds })).rejects.toMatchObject({
        code: 'appchat.member_count',
      });
    }
  });

  it('refuses unknown, disabled and out-of-scope members, and stores nothing', async () => {
    const o = await givenOrg();
    await setMemberEnabled(o.admin, 'dan', false);
    const outside = await given.department(o.admin, 'Outside');
    const inside = await given.department(o.admin, 'Inside');
    await given.member(o.admin, { userId: 'eve', departments: [{ id: outside.id, order: 0, isLeader: false }] });
    await given.member(o.admin, { userId: 'fay', departments: [{ id: inside.id, order: 0, isLeader: false }] });
    await given.member(o.admin, { userId: 'gus', departments: [{ id: inside.id, order: 0, isLeader: false }] });
    for (const bad of ['ghost', 'dan']) {
      await expect(createAppChat(o.ctx, { appId: o.app.id, userIds: ['ann', bad] })).rejects.toMatchObject({
        code: 'appchat.invalid_member',
      });
    }
    await setAppScope(given.as(o.admin, { kind: 'system' }), o.app.agentId, {
      memberIds: [],
      departmentIds: [inside.id],
      tagIds: [],
    });
    await expect(createAppChat(o.ctx, { appId: o.app.id, userIds: ['fay', 'eve'] })).rejects.toMatchObject({
      code: 'appchat.invalid_member',
    });
    expect(await chatRows(o.orgId)).toHaveLength(0);
    await expect(createAppChat(o.ctx, { appId: o.app.id, userIds: ['fay', 'gus'] })).resolves.toBeDefined();
  });

  it('refuses an owner who is unknown or not among the members', async () => {
    const o = await givenOrg();
    for (const ownerUserId of ['ghost', 'cat']) {
      await expect(
        createAppChat(o.ctx, { appId: o.app.id, ownerUserId, userIds: ['ann', 'ben'] }),
      ).rejects.toMatchObject({ code: 'appchat.invalid_owner' });
    }
  });

  it('refuses a malformed chat id and one already used in the org, by any app', async () => {
    const o = await givenOrg();
    for (const chatId of ['', 'has-dash', 'x'.repeat(33), '群']) {
      await expect(createAppChat(o.ctx, { appId: o.app.id, chatId, userIds: ['ann', 'ben'] })).rejects.toMatchObject({
        code: 'appchat.invalid_chatid',
      });
    }
    await createAppChat(o.ctx, { appId: o.app.id, chatId: 'taken', userIds: ['ann', 'ben'] });
    await expect(
      createAppChat(o.ctx, { appId: o.other.id, chatId: 'taken', userIds: ['ann', 'ben'] }),
    ).rejects.toMatchObject({ code: 'appchat.chatid_taken' });
    const b = await givenOrg();
    await expect(
      createAppChat(b.ctx, { appId: b.app.id, chatId: 'taken', userIds: ['ann', 'ben'] }),
    ).resolves.toMatchObject({ chatId: 'taken' });
  });
  it('lets one of two racing creates of the same chat id win', async () => {
    const o = await givenOrg();
    const create = () => createAppChat(o.ctx, { appId: o.app.id, chatId: 'race', userIds: ['ann', 'ben'] });
    const results = await Promise.allSettled([create(), create(), create()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'appchat.chatid_taken' });
    expect(await chatRows(o.orgId)).toHaveLength(1);
  });
});

describe('updateAppChat', () => {
  it('renames, adds, removes and hands over the chat, and records appchat.updated', async () => {
    const o = await givenOrg();
    await createAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', ownerUserId: 'ann', userIds: ['ann', 'ben'] });
    await updateAppChat(o.ctx, {
      appId: o.app.id,
      chatId: 'c1',
      name: 'Renamed',
      ownerUserId: 'cat',
      addUserIds: ['cat', 'dan', 'ben'],
      removeUserIds: ['ann', 'ann'],
    });
    expect(await getAppChat(o.ctx, o.app.id, 'c1')).toEqual({
      chatId: 'c1',
      name: 'Renamed',
      ownerUserId: 'cat',
      memberUserIds: ['ben', 'cat', 'dan'],
    });
    const [event] = await listOrgEvents(store.db, o.orgId, 'appchat.updated');
    expect(JSON.parse(event!.payload)).toEqual({
      chatId: 'c1',
      appId: o.app.id,
      name: 'Renamed',
      ownerId: o.cat.id,
      addedMemberIds: [o.cat.id, o.dan.id],
      removedMemberIds: [o.ann.id],
    });
  });

  it('records nothing when nothing changes', async () => {
    const o = await givenOrg();
    await createAppChat(o.ctx, {
      appId: o.app.id,
      chatId: 'c1',
      name: 'n',
      ownerUserId: 'ann',
      userIds: ['ann', 'ben'],
    });
    await updateAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', name: 'n', addUserIds: ['ben'], ownerUserId: 'ann' });
    expect(await listOrgEvents(store.db, o.orgId, 'appchat.updated')).toHaveLength(0);
  });

  it('keeps the owner a member and the chat between 2 and 500 members', async () => {
    const o = await givenOrg();
    await createAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', ownerUserId: 'ann', userIds: ['ann', 'ben', 'cat'] });
    const update = (patch: { ownerUserId?: string; addUserIds?: string[]; removeUserIds?: string[] }) =>
      updateAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', ...patch });
    await expect(update({ removeUserIds: ['ann'] })).rejects.toMatchObject({ code: 'appchat.invalid_owner' });
    await expect(update({ ownerUserId: 'dan' })).rejects.toMatchObject({ code: 'appchat.invalid_owner' });
    await expect(update({ ownerUserId: 'nobody' })).rejects.toMatchObject({ code: 'appchat.invalid_owner' });
    await expect(update({ removeUserIds: ['ben', 'cat'] })).rejects.toMatchObject({ code: 'appchat.member_count' });
    await expect(update({ addUserIds: ['dan'], removeUserIds: ['dan'] })).rejects.toMatchObject({
      code: 'appchat.invalid_member',
    });
    await expect(update({ addUserIds: ['ghost'] })).rejects.toMatchObject({ code: 'appchat.invalid_member' });
    await expect(update({ removeUserIds: ['ghost'] })).rejects.toMatchObject({ code: 'appchat.invalid_member' });
    await expect(update({ addUserIds: Array.from({ length: 501 }, (_, i) => `x${i}`) })).rejects.toMatchObject({
      code: 'appchat.member_count',
    });
    await expect(updateAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', name: '  ' })).rejects.toMatchObject({
      code: 'appchat.invalid_name',
    });
    expect((await getAppChat(o.ctx, o.app.id, 'c1')).memberUserIds).toEqual(['ann', 'ben', 'cat']);
    await update({ ownerUserId: 'ben', removeUserIds: ['ann'] });
    expect(await getAppChat(o.ctx, o.app.id, 'c1')).toMatchObject({
      ownerUserId: 'ben',
      memberUserIds: ['ben', 'cat'],
    });
  });
});

describe('who may touch a chat', () => {
  it('lets only the creating app get, update or send to it', async () => {
    const o = await givenOrg();
    await createAppChat(o.ctx, { appId: o.app.id, chatId: 'mine', userIds: ['ann', 'ben'] });
    const denied = { code: 'appchat.not_this_app' };
    await expect(getAppChat(o.ctx, o.other.id, 'mine')).rejects.toMatchObject(denied);
    await expect(updateAppChat(o.ctx, { appId: o.other.id, chatId: 'mine', name: 'x' })).rejects.toMatchObject(denied);
    await expect(
      sendToAppChat(o.ctx, { appId: o.other.id, chatId: 'mine', msgType: 'text', payload: { content: 'x' } }),
    ).rejects.toMatchObject(denied);
  });

  it("does not find another org's chat", async () => {
    const a = await givenOrg();
    const b = await givenOrg();
    await createAppChat(b.ctx, { appId: b.app.id, chatId: 'bonly', userIds: ['ann', 'ben'] });
    const missing = { code: 'appchat.not_found' };
    await expect(getAppChat(a.ctx, a.app.id, 'bonly')).rejects.toMatchObject(missing);
    // Even with B's own app id: the org decides, not the id.
    await expect(getAppChat(a.ctx, b.app.id, 'bonly')).rejects.toMatchObject(missing);
    await expect(updateAppChat(a.ctx, { appId: a.app.id, chatId: 'bonly', name: 'x' })).rejects.toMatchObject(missing);
    await expect(
      sendToAppChat(a.ctx, { appId: a.app.id, chatId: 'bonly', msgType: 'text', payload: { content: 'x' } }),
    ).rejects.toMatchObject(missing);
    expect((await getAppChat(b.ctx, b.app.id, 'bonly')).name).toBe('');
  });
});

describe('getAppChat', () => {
  it('names members by their current userid and forgets members who left the directory', async () => {
    const o = await givenOrg();
    await createAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', ownerUserId: 'ann', userIds: ['ann', 'ben', 'cat'] });
    await updateMember(given.as(o.admin, { kind: 'system' }), 'ben', { newUserId: 'benjamin' });
    await deleteMembers(given.as(o.admin, { kind: 'system' }), ['ann']);
    expect(await getAppChat(o.ctx, o.app.id, 'c1')).toEqual({
      chatId: 'c1',
      name: '',
      ownerUserId: '',
      memberUserIds: ['benjamin', 'cat'],
    });
  });
});

describe('sendToAppChat', () => {
  it('stores the message once and gives every member the next seq of their inbox', async () => {
    const o = await givenOrg();
    await sendAppMessage(o.ctx, {
      app: o.app,
      audience: { userIds: ['ann'] },
      msgType: 'text',
      payload: { content: 'a' },
    });
    await createAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', userIds: ['ann', 'ben', 'cat'] });
    const result = await sendToAppChat(o.ctx, {
      appId: o.app.id,
      chatId: 'c1',
      msgType: 'markdown',
      payload: { content: '**hi**' },
      confidential: true,
    });
    expect(result.recipients).toBe(3);
    const messages = await store.db.selectFrom('messages').selectAll().where('msg_id', '=', result.msgId).execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ org_id: o.orgId, app_id: o.app.id, recipient_count: 3, is_confidential: 1 });
    const inboxes = await Promise.all([o.ann, o.ben, o.cat, o.dan].map((m) => listInbox(o.ctx, m.id, 0)));
    expect(inboxes.map((entries) => entries.map((e) => e.seq))).toEqual([[1, 2], [1], [1], []]);
    for (const entries of inboxes.slice(0, 3)) {
      expect(entries.at(-1)).toMatchObject({
        kind: 'message',
        conversation: 'chat:c1',
        message: { msgId: result.msgId, msgType: 'markdown', payload: { content: '**hi**' }, isConfidential: true },
      });
    }
  });

  it('delivers to members as they are at send time', async () => {
    const o = await givenOrg();
    await createAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', ownerUserId: 'ann', userIds: ['ann', 'ben'] });
    await updateAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', addUserIds: ['cat'], removeUserIds: ['ben'] });
    await sendToAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', msgType: 'text', payload: { content: 'x' } });
    const counts = await Promise.all([o.ann, o.ben, o.cat].map(async (m) => (await listInbox(o.ctx, m.id, 0)).length));
    expect(counts).toEqual([1, 0, 1]);
  });

  it('refuses types a chat does not take, bad payloads and confidential news, storing nothing', async () => {
    const o = await givenOrg();
    await createAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', userIds: ['ann', 'ben'] });
    const send = (msgType: string, payload: unknown, confidential = false) =>
      sendToAppChat(o.ctx, { appId: o.app.id, chatId: 'c1', msgType, payload, confidential });
    await expect(send('template_card', { card_type: 'text_notice' })).rejects.toMatchObject({
      code: 'appchat.invalid_msgtype',
    });
    await expect(send('', {})).rejects.toMatchObject({ code: 'appchat.invalid_msgtype' });
    await expect(send('text', { content: '' })).rejects.toMatchObject({ code: 'message.empty_content' });
    await expect(send('image', { media_id: 'nope' })).rejects.toMatchObject({ code: 'media.not_found' });
    const news = { articles: [{ title: 't', url: 'https://example.com' }] };
    await expect(send('news', news, true)).rejects.toMatchObject({ code: 'message.news_not_confidential' });
    const messages = await store.db.selectFrom('messages').select('id').where('org_id', '=', o.orgId).execute();
    expect(messages).toHaveLength(0);
    await expect(send('news', news)).resolves.toMatchObject({ recipients: 2 });
  });
});
