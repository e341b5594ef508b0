import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { appendEntriesMany } from './inbox.repository.js';
import { listInbox, sendAppMessage } from './messaging.service.js';
import { commitSend, type PreparedSend } from './send-batcher.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

async function givenOrg(people = 4) {
  const org = await given.org(store.db);
  const sales = await given.department(org.ctx, 'Sales');
  const members = [];
  for (let i = 0; i < people; i += 1) {
    members.push(
      await given.member(org.ctx, { departments: [{ id: i % 2 ? sales.id : 1, order: 0, isLeader: false }] }),
    );
  }
  const { app } = await given.app(org.ctx);
  return { ...org, sales, members, app: { id: app.id, agentId: app.agentId } };
}

/** Each member's inbox: seqs 1..n without a gap, and the contents in seq order. */
async function inboxOf(o: Awaited<ReturnType<typeof givenOrg>>, memberId: number) {
  const entries = await listInbox(o.ctx, memberId, 0);
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  return entries.map((e) => (e.message.payload as { content: string }).content);
}

const prepared = (o: Awaited<ReturnType<typeof givenOrg>>, memberIds: number[], content: string): PreparedSend => ({
  orgId: o.orgId,
  appId: o.app.id,
  conversation: `app:${o.app.agentId}`,
  memberIds,
  msgType: 'text',
  payload: { content },
  confidential: false,
  fingerprint: null,
});

describe('sends committed together', () => {
  it('numbers every member’s entries without a gap when several messages reach them in one statement pair', async () => {
    const o = await givenOrg();
    const [a, b, c, d] = o.members.map((m) => m.id) as [number, number, number, number];
    await store.db.transaction().execute(async (tx) => {
      const ids: number[] = [];
      for (const content of ['one', 'two', 'three']) {
        const row = await tx
          .insertInto('messages')
          .values({
            org_id: o.orgId,
            app_id: o.app.id,
            msg_id: `m-${content}-${o.orgId}`,
            msg_type: 'text',
            payload: JSON.stringify({ content }),
            is_confidential: 0,
            recipient_count: 0,
            created_at: Date.now(),
            recalled_at: null,
            sender_member_id: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(row.id);
      }
      const item = (i: number, memberIds: number[]) => ({
        messageId: ids[i] as number,
        conversation: `app:${o.app.agentId}`,
        kind: 'message' as const,
        memberIds,
      });
      await appendEntriesMany(tx, o.orgId, [item(0, [a, b, c]), item(1, [b, d, b]), item(2, [a, d])]);
    });
    expect(await inboxOf(o, a)).toEqual(['one', 'three']);
    expect(await inboxOf(o, b)).toEqual(['one', 'two']);
    expect(await inboxOf(o, c)).toEqual(['one']);
    expect(await inboxOf(o, d)).toEqual(['two', 'three']);
  });

  it('delivers concurrent sends to overlapping audiences once each, numbered without a gap', async () => {
    const o = await givenOrg(6);
    const sends = [
      { audience: { all: true }, content: 'all-1' },
      { audience: { departmentIds: [o.sales.id] }, content: 'sales' },
      { audience: { userIds: [o.members[0]?.userId as string] }, content: 'first' },
      { audience: { all: true }, content: 'all-2' },
      { audience: { userIds: o.members.slice(0, 3).map((m) => m.userId) }, content: 'three' },
    ];
    const results = await Promise.all(
      sends.map((s) =>
        sendAppMessage(o.ctx, { app: o.app, audience: s.audience, msgType: 'text', payload: { content: s.content } }),
      ),
    );
    expect(results.map((r) => r.recipients)).toEqual([6, 3, 1, 6, 3]);
    for (const [i, member] of o.members.entries()) {
      const got = await inboxOf(o, member.id);
      const expected = sends
        .filter(
          (s) =>
            'all' in s.audience ||
            (s.content === 'sales' && i % 2 === 1) ||
            (s.content === 'first' && i === 0) ||
            (s.content === 'three' && i < 3),
        )
        .map((s) => s.content);
      expect([...got].sort()).toEqual([...expected].sort());
    }
  });

  it('answers a duplicate sent at the same moment as its original with the original’s msgid', async () => {
    const o = await givenOrg(2);
    const options = {
      app: o.app,
      audience: { all: true },
      msgType: 'text',
      payload: { content: 'twice at once' },
      duplicateCheckSeconds: 60,
    };
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => sendAppMessage(o.ctx, options)));
    const all = [first, second, third];
    expect(all.filter((r) => !r?.duplicate)).toHaveLength(1);
    expect(new Set(all.map((r) => r?.msgId)).size).toBe(1);
    expect(await inboxOf(o, o.members[0]?.id as number)).toEqual(['twice at once']);
  });

  it('commits the others when one send of a batch fails, and tells only that caller', async () => {
    const o = await givenOrg(2);
    const ids = o.members.map((m) => m.id);
    // The first commits alone; the three behind it wait, then share a transaction that the bad one breaks
    // (a member id that does not exist: its counter's foreign key refuses it).
    const first = commitSend(store.db, prepared(o, ids, 'first'));
    const good = commitSend(store.db, prepared(o, ids, 'good'));
    const bad = commitSend(store.db, prepared(o, [...ids, 987_654_321], 'bad'));
    const alsoGood = commitSend(store.db, prepared(o, ids, 'also good'));
    await expect(first).resolves.toMatchObject({ duplicate: false });
    await expect(good).resolves.toMatchObject({ duplicate: false });
    await expect(bad).rejects.toThrow();
    await expect(alsoGood).resolves.toMatchObject({ duplicate: false });
    for (const id of ids) expect(await inboxOf(o, id)).toEqual(['first', 'good', 'also good']);
  });
});
