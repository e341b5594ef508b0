import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { signInMember } from '../../testing/member-session.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

type Session = { cookie: string; csrf: string };
function call(
  s: Session | null,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  return server.enclave.app.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
  });
}
const json = <T>(r: LightMyRequestResponse) => r.json() as T;

/** An org with three signed-in colleagues and one external contact who may see only "Sales". */
async function givenColleagues() {
  const org = await given.org(server.store.db);
  const sales = await given.department(org.ctx, 'Sales');
  const rnd = await given.department(org.ctx, 'R&D');
  const person = async (userId: string, departmentId: number, extra: object = {}) => {
    const mobile = `136${Math.floor(1e7 + Math.random() * 9e7)}`;
    const member = await given.member(org.ctx, {
      userId,
      mobile,
      departments: [{ id: departmentId, order: 0, isLeader: false }],
      ...extra,
    });
    return { member, session: await signInMember(server, org.corpId, org.orgId, mobile) };
  };
  const alice = await person('alice', sales.id);
  const bob = await person('bob', sales.id);
  const carol = await person('carol', rnd.id);
  const farmer = await person('farmer', 1, {
    kind: 'external',
    externalCorpName: '合作社',
    externalScope: [sales.id],
    email: null,
  });
  return { ...org, sales, rnd, alice, bob, carol, farmer };
}

const inbox = async (s: Session) =>
  json<{
    items: {
      seq: number;
      conversation: string;
      message: { payload: unknown; sender: { userId: string } | null; recalled: boolean };
    }[];
  }>(await call(s, 'GET', '/api/client/inbox')).items;

describe('1:1 chat', () => {
  it('lets any colleague message another without friending; both inboxes get it with the sender', async () => {
    const o = await givenColleagues();
    const { conversation } = json<{ conversation: string }>(
      await call(o.alice.session, 'POST', '/api/client/chats/direct', { userId: 'carol' }),
    );
    const sent = await call(o.alice.session, 'POST', `/api/client/conversations/${conversation}/messages`, {
      msgType: 'text',
      payload: { content: '你好 carol' },
    });
    expect(sent.statusCode).toBe(200);
    for (const s of [o.alice.session, o.carol.session]) {
      expect((await inbox(s)).map((e) => [e.conversation, e.message.payload, e.message.sender?.userId])).toEqual([
        [conversation, { content: '你好 carol' }, 'alice'],
      ]);
    }
    expect(await inbox(o.bob.session)).toHaveLength(0);
  });

  it('carries a location and a link card as they were sent, and refuses a link that is not a web address', async () => {
    const o = await givenColleagues();
    const { conversation } = json<{ conversation: string }>(
      await call(o.alice.session, 'POST', '/api/client/chats/direct', { userId: 'bob' }),
    );
    const post = (body: unknown) =>
      call(o.alice.session, 'POST', `/api/client/conversations/${conversation}/messages`, body);
    const place = { latitude: 30.5728, longitude: 104.0668, name: '通威鱼塘' };
    const link = { title: 'example.com/公告/1', url: 'https://example.com/%E5%85%AC%E5%91%8A/1' };
    expect((await post({ msgType: 'location', payload: place })).statusCode).toBe(200);
    expect((await post({ msgType: 'link', payload: link })).statusCode).toBe(200);
    const refused = await post({ msgType: 'link', payload: { title: 'x', url: 'javascript:alert(1)' } });
    expect(refused.statusCode).toBe(400);
    expect((await inbox(o.bob.session)).map((e) => e.message.payload)).toEqual([place, { ...link, description: '' }]);
  });

  it('refuses a conversation the member is not in', async () => {
    const o = await givenColleagues();
    const { conversation } = json<{ conversation: string }>(
      await call(o.alice.session, 'POST', '/api/client/chats/direct', { userId: 'carol' }),
    );
    const intruder = await call(o.bob.session, 'POST', `/api/client/conversations/${conversation}/messages`, {
      msgType: 'text',
      payload: { content: 'hi' },
    });
    expect(intruder.statusCode).toBe(403);
  });

  it('keeps external contacts to the departments the admin gave them', async () => {
    const o = await givenColleagues();
    expect((await call(o.farmer.session, 'POST', '/api/client/chats/direct', { userId: 'alice' })).statusCode).toBe(
      200,
    );
    expect((await call(o.farmer.session, 'POST', '/api/client/chats/direct', { userId: 'carol' })).statusCode).toBe(
      403,
    );
    const departments = json<{ id: number }[]>(await call(o.farmer.session, 'GET', '/api/client/departments'));
    expect(departments.map((d) => d.id)).toEqual([o.sales.id]);
    const found = json<{ items: { userId: string }[] }>(
      await call(o.farmer.session, 'GET', '/api/client/members/search?q=carol'),
    );
    expect(found.items).toHaveLength(0);
    expect((await call(o.farmer.session, 'GET', '/api/client/members/carol')).statusCode).toBe(403);
  });
});

describe('groups, receipts, recall', () => {
  it('delivers to every member, shows who read it, and recalls within two minutes', async () => {
    const o = await givenColleagues();
    const group = json<{ id: number; conversation: string }>(
      await call(o.alice.session, 'POST', '/api/client/chats/groups', { name: '项目组', userIds: ['bob', 'carol'] }),
    );
    const sent = json<{ msgId: string; seq: number }>(
      await call(o.alice.session, 'POST', `/api/client/conversations/${group.conversation}/messages`, {
        msgType: 'text',
        payload: { content: '@bob 开会' },
        mentions: ['bob'],
      }),
    );
    const bobEntries = await inbox(o.bob.session);
    expect(bobEntries[0]?.message.payload).toEqual({ content: '@bob 开会', mentions: ['bob'] });
    await call(o.bob.session, 'POST', `/api/client/conversations/${group.conversation}/read`, {
      upToSeq: bobEntries[0]?.seq,
    });
    const receipts = json<{ read: { userId: string }[]; unread: { userId: string }[] }>(
      await call(o.alice.session, 'GET', `/api/client/messages/${sent.msgId}/receipts`),
    );
    expect(receipts.read.map((r) => r.userId)).toEqual(['bob']);
    expect(receipts.unread.map((r) => r.userId)).toEqual(['carol']);
    expect((await call(o.bob.session, 'POST', `/api/client/messages/${sent.msgId}/recall`)).statusCode).toBe(404);
    expect((await call(o.alice.session, 'POST', `/api/client/messages/${sent.msgId}/recall`)).statusCode).toBe(200);
    const carolEntries = await inbox(o.carol.session);
    expect(carolEntries.map((e) => e.message.recalled)).toEqual([true, true]);
    const conversations = json<{ items: { conversation: string; unread: number }[] }>(
      await call(o.carol.session, 'GET', '/api/client/conversations'),
    );
    expect(conversations.items).toEqual([expect.objectContaining({ conversation: group.conversation })]);
  });

  it('refuses recalls after two minutes and lets only the owner remove members', async () => {
    const o = await givenColleagues();
    const group = json<{ id: number; conversation: string }>(
      await call(o.alice.session, 'POST', '/api/client/chats/groups', { name: 'g', userIds: ['bob'] }),
    );
    const sent = json<{ msgId: string }>(
      await call(o.alice.session, 'POST', `/api/client/conversations/${group.conversation}/messages`, {
        msgType: 'text',
        payload: { content: 'x' },
      }),
    );
    await server.store.db
      .updateTable('messages')
      .set({ created_at: Date.now() - 3 * 60 * 1000 })
      .where('msg_id', '=', sent.msgId)
      .execute();
    expect(
      json<{ code: string }>(await call(o.alice.session, 'POST', `/api/client/messages/${sent.msgId}/recall`)).code,
    ).toBe('chat.recall_expired');
    expect(
      (await call(o.bob.session, 'PATCH', `/api/client/chats/groups/${group.id}`, { addUserIds: ['carol'] }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call(o.bob.session, 'PATCH', `/api/client/chats/groups/${group.id}`, { removeUserIds: ['carol'] }))
        .statusCode,
    ).toBe(403);
    const info = json<{ owner: string; members: { userId: string }[] }>(
      await call(o.alice.session, 'GET', `/api/client/chats/groups/${group.id}`),
    );
    expect(info.members.map((m) => m.userId).sort()).toEqual(['alice', 'bob', 'carol']);
  });

  it('pins and mutes conversations per member, and needs a session', async () => {
    const o = await givenColleagues();
    const settings = await call(o.alice.session, 'PUT', '/api/client/conversations/app:1000002/settings', {
      pinned: true,
    });
    expect(settings.json()).toEqual({ conversation: 'app:1000002', pinned: true, muted: false });
    expect((await call(null, 'GET', '/api/client/conversations')).statusCode).toBe(401);
    const other = await given.org(server.store.db);
    const stranger = await given.member(other.ctx, { userId: 'alice' });
    expect(stranger.userId).toBe('alice');
    const { conversation } = json<{ conversation: string }>(
      await call(o.bob.session, 'POST', '/api/client/chats/direct', { userId: 'alice' }),
    );
    expect(conversation).toBe(
      `dm:${Math.min(o.alice.member.id, o.bob.member.id)}:${Math.max(o.alice.member.id, o.bob.member.id)}`,
    );
  });
});
