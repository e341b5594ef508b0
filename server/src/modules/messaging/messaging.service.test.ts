import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAppScope } from '../apps/index.js';
import { addToTag, createTag, deleteMembers, loadMembersByIds, setMemberEnabled } from '../directory/index.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { MemoryCounters, type WindowCounters } from '../../platform/counters.js';
import { MessageQuota } from './message-quota.js';
import { listInbox, recallAppMessage, sendAppMessage } from './messaging.service.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

/** An org with two departments (one nested), members in each, and an app visible to all. */
async function givenOrgWithPeople() {
  const org = await given.org(store.db);
  const sales = await given.department(org.ctx, 'Sales');
  const east = await given.department(org.ctx, 'East', sales.id);
  const rnd = await given.department(org.ctx, 'R&D');
  const at = (id: number) => ({ departments: [{ id, order: 0, isLeader: false }] });
  const alice = await given.member(org.ctx, { userId: 'alice', ...at(sales.id) });
  const bob = await given.member(org.ctx, { userId: 'bob', ...at(east.id) });
  const carol = await given.member(org.ctx, { userId: 'carol', ...at(rnd.id) });
  const { app } = await given.app(org.ctx);
  return { ...org, sales, east, rnd, alice, bob, carol, app: { id: app.id, agentId: app.agentId } };
}

const text = (content: string) => ({ msgType: 'text', payload: { content } });

describe('sendAppMessage', () => {
  it('delivers to the named members, departments with sub-departments and tags, once each', async () => {
    const o = await givenOrgWithPeople();
    const tag = await createTag(o.ctx, { name: 'vip' });
    await addToTag(o.ctx, tag.id, { userIds: ['carol', 'alice'], departmentIds: [] });
    const result = await sendAppMessage(o.ctx, {
      app: o.app,
      audience: { userIds: ['alice'], departmentIds: [o.sales.id], tagIds: [tag.id] },
      ...text('hello'),
    });
    expect(result.recipients).toBe(3);
    for (const member of [o.alice, o.bob, o.carol]) {
      const [entry] = await listInbox(o.ctx, member.id, 0);
      expect(entry).toMatchObject({ seq: 1, kind: 'message', conversation: `app:${o.app.agentId}` });
      expect(entry?.message).toMatchObject({ msgId: result.msgId, msgType: 'text', payload: { content: 'hello' } });
    }
  });

  it('reports unknown members, departments and tags and sends to the rest', async () => {
    const o = await givenOrgWithPeople();
    const result = await sendAppMessage(o.ctx, {
      app: o.app,
      audience: { userIds: ['alice', 'Nobody'], departmentIds: [999], tagIds: [77] },
      ...text('x'),
    });
    expect(result).toMatchObject({
      recipients: 1,
      invalidUserIds: ['nobody'],
      invalidDepartmentIds: [999],
      invalidTagIds: [77],
    });
  });

  it('refuses when nobody can be reached, and stores nothing', async () => {
    const o = await givenOrgWithPeople();
    await expect(
      sendAppMessage(o.ctx, { app: o.app, audience: { userIds: ['ghost'] }, ...text('x') }),
    ).rejects.toMatchObject({
      code: 'message.all_invalid',
    });
    const messages = await store.db.selectFrom('messages').select('id').where('org_id', '=', o.orgId).execute();
    expect(messages).toHaveLength(0);
  });

  it("cuts the audience to the app's visible scope", async () => {
    const o = await givenOrgWithPeople();
    await setAppScope(given.as(o.ctx, { kind: 'system' }), o.app.agentId, {
      memberIds: [],
      departmentIds: [o.sales.id],
      tagIds: [],
    });
    const all = await sendAppMessage(o.ctx, { app: o.app, audience: { all: true }, ...text('all') });
    expect(all.recipients).toBe(2);
    const named = await sendAppMessage(o.ctx, {
      app: o.app,
      audience: { userIds: ['alice', 'carol'], departmentIds: [o.rnd.id, o.east.id] },
      ...text('named'),
    });
    expect(named).toMatchObject({ recipients: 2, invalidUserIds: ['carol'], invalidDepartmentIds: [o.rnd.id] });
    expect(await listInbox(o.ctx, o.carol.id, 0)).toHaveLength(0);
  });

  it("numbers each member's entries without gaps", async () => {
    const o = await givenOrgWithPeople();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        sendAppMessage(o.ctx, { app: o.app, audience: { all: true }, ...text(`m${i}`) }),
      ),
    );
    for (const member of [o.alice, o.bob, o.carol]) {
      const seqs = (await listInbox(o.ctx, member.id, 0)).map((e) => e.seq);
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
    }
    expect((await listInbox(o.ctx, o.alice.id, 3)).map((e) => e.seq)).toEqual([4, 5]);
  });

  it('leaves disabled members out', async () => {
    const o = await givenOrgWithPeople();
    await setMemberEnabled(o.ctx, 'bob', false);
    const result = await sendAppMessage(o.ctx, { app: o.app, audience: { all: true }, ...text('x') });
    expect(result.recipients).toBe(2);
  });

  it('validates payloads with the right codes', async () => {
    const o = await givenOrgWithPeople();
    const send = (msgType: string, payload: unknown, confidential = false) =>
      sendAppMessage(o.ctx, { app: o.app, audience: { all: true }, msgType, payload, confidential });
    await expect(send('fax', {})).rejects.toMatchObject({ code: 'message.invalid_type' });
    await expect(send('text', { content: '' })).rejects.toMatchObject({ code: 'message.empty_content' });
    await expect(send('text', { content: '字'.repeat(700) })).rejects.toMatchObject({ code: 'message.too_large' });
    await expect(send('textcard', { title: 't', url: 'https://x' })).rejects.toMatchObject({
      code: 'message.description_missing',
    });
    await expect(send('image', { media_id: 'nope' })).rejects.toMatchObject({ code: 'media.not_found' });
    const nine = Array.from({ length: 9 }, () => ({ title: 't', url: 'https://x' }));
    await expect(send('news', { articles: nine })).rejects.toMatchObject({ code: 'message.too_many_articles' });
    await expect(send('news', { articles: [{ title: 't' }] }, true)).rejects.toMatchObject({
      code: 'message.news_not_confidential',
    });
    const ok = await send('markdown', { content: '**hi**' }, true);
    expect(ok.recipients).toBe(3);
  });

  it('does not send the same request twice within the duplicate-check interval', async () => {
    const o = await givenOrgWithPeople();
    const options = { app: o.app, audience: { userIds: ['alice'] }, ...text('once'), duplicateCheckSeconds: 60 };
    const first = await sendAppMessage(o.ctx, options);
    const second = await sendAppMessage(o.ctx, options);
    expect(second).toMatchObject({ msgId: first.msgId, duplicate: true });
    expect(await listInbox(o.ctx, o.alice.id, 0)).toHaveLength(1);
  });

  it('counts a duplicate against nobody: the quota is taken only by sends that go out', async () => {
    const o = await givenOrgWithPeople();
    const quota = new MessageQuota(new MemoryCounters(), { messagesPerMemberMinute: 2, messagesPerMemberHour: 100 });
    const once = { app: o.app, audience: { userIds: ['alice'] }, ...text('once'), duplicateCheckSeconds: 60, quota };
    await sendAppMessage(o.ctx, once);
    for (let i = 0; i < 3; i += 1) expect(await sendAppMessage(o.ctx, once)).toMatchObject({ duplicate: true });
    const other = await sendAppMessage(o.ctx, { ...once, ...text('another'), duplicateCheckSeconds: undefined });
    expect(other.recipients).toBe(1);
    const third = await sendAppMessage(o.ctx, { ...once, ...text('a third'), duplicateCheckSeconds: undefined });
    expect(third.recipients).toBe(0);
    expect(await listInbox(o.ctx, o.alice.id, 0)).toHaveLength(2);
  });

  it('does not hold the store while the quota is being counted (Redis may be slow or away)', async () => {
    const o = await givenOrgWithPeople();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const counters = new MemoryCounters();
    const slow: WindowCounters = {
      kind: 'memory',
      take: async (...args) => {
        await held;
        return counters.take(...args);
      },
      takeIds: async (...args) => {
        await held;
        return counters.takeIds(...args);
      },
      close: () => counters.close(),
    };
    const quota = new MessageQuota(slow, { messagesPerMemberMinute: 30, messagesPerMemberHour: 1000 });
    const sending = sendAppMessage(o.ctx, { app: o.app, audience: { all: true }, ...text('slow'), quota });
    // Another write goes through while the send waits on its counters (on SQLite it would wait for the lock).
    await sendAppMessage(o.ctx, { app: o.app, audience: { userIds: ['bob'] }, ...text('meanwhile') });
    release();
    expect((await sending).recipients).toBe(3);
    expect((await listInbox(o.ctx, o.bob.id, 0)).map((e) => e.message.payload)).toEqual([
      { content: 'meanwhile' },
      { content: 'slow' },
    ]);
  });

  it("takes a deleted member's inbox with them, and only theirs", async () => {
    const org = await given.org(store.db);
    const { app } = await given.app(org.ctx);
    const gone = await given.member(org.ctx, { userId: 'gone' });
    const stays = await given.member(org.ctx, { userId: 'stays' });
    await sendAppMessage(org.ctx, { app, audience: { all: true }, msgType: 'text', payload: { content: 'x' } });
    await deleteMembers(given.as(org.ctx, { kind: 'directory' }), ['gone']);
    const left = await store.db
      .selectFrom('inbox_entries')
      .select('member_id')
      .where('org_id', '=', org.orgId)
      .execute();
    expect(left.map((r) => r.member_id)).toEqual([stays.id]);
    expect(gone.id).not.toBe(stays.id);
  });

  it("never reaches another org's members", async () => {
    const o = await givenOrgWithPeople();
    const other = await given.org(store.db);
    const stranger = await given.member(other.ctx, { userId: 'stranger' });
    const result = await sendAppMessage(o.ctx, { app: o.app, audience: { all: true }, ...text('x') });
    expect(result.recipients).toBe(3);
    await expect(
      sendAppMessage(o.ctx, { app: o.app, audience: { userIds: ['stranger'] }, ...text('x') }),
    ).rejects.toMatchObject({
      code: 'message.all_invalid',
    });
    expect(await listInbox(other.ctx, stranger.id, 0)).toHaveLength(0);
    expect(await loadMembersByIds(store.db, o.orgId, [stranger.id])).toHaveLength(0);
  });
});

describe('recallAppMessage', () => {
  it('marks the message recalled and tells every recipient through their inbox', async () => {
    const o = await givenOrgWithPeople();
    const sent = await sendAppMessage(o.ctx, { app: o.app, audience: { all: true }, ...text('oops') });
    await recallAppMessage(o.ctx, o.app.id, sent.msgId);
    const entries = await listInbox(o.ctx, o.bob.id, 0);
    expect(entries.map((e) => e.kind)).toEqual(['message', 'recall']);
    expect(entries[0]?.message).toMatchObject({ recalled: true, payload: null });
  });

  it("refuses another app's message and one older than 24 hours", async () => {
    const o = await givenOrgWithPeople();
    const { app: other } = await given.app(o.ctx, { name: 'Other' });
    const sent = await sendAppMessage(o.ctx, { app: o.app, audience: { all: true }, ...text('x') });
    await expect(recallAppMessage(o.ctx, other.id, sent.msgId)).rejects.toMatchObject({ code: 'message.not_found' });
    await store.db
      .updateTable('messages')
      .set({ created_at: Date.now() - 25 * 3600 * 1000 })
      .where('msg_id', '=', sent.msgId)
      .execute();
    await expect(recallAppMessage(o.ctx, o.app.id, sent.msgId)).rejects.toMatchObject({
      code: 'message.recall_expired',
    });
  });
});
