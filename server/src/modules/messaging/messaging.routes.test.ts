import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../testing/admin-client.js';
import { given } from '../../testing/given.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { createAdmin } from '../orgs/index.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

async function signedInOrg() {
  const org = await given.org(server.store.db);
  const { app } = await given.app(org.ctx, { name: 'Notices' });
  const admin = await signIn(server, org.owner.email, org.password);
  return { ...org, app, admin, url: `/api/admin/apps/${app.agentId}/messages` };
}

const text = (content: string) => ({ msgType: 'text', payload: { content } });

async function inboxOf(memberId: number) {
  return server.store.db
    .selectFrom('inbox_entries')
    .innerJoin('messages', 'messages.id', 'inbox_entries.message_id')
    .select(['messages.msg_id', 'messages.app_id', 'messages.payload', 'inbox_entries.conversation'])
    .where('inbox_entries.member_id', '=', memberId)
    .execute();
}

describe('console messages of an app', () => {
  it('sends as the app into the recipients’ inboxes and lists the message with its read count', async () => {
    const { admin, url, ctx, app } = await signedInOrg();
    const alice = await given.member(ctx, { userId: 'alice' });
    const bob = await given.member(ctx, { userId: 'bob' });
    const sent = await admin.request('POST', url, {
      body: { audience: { userIds: ['alice', 'bob', 'nobody'], tagIds: [999] }, ...text('开会了') },
    });
    expect(sent.statusCode).toBe(200);
    const result = sent.json() as { msgId: string };
    expect(result).toEqual({
      msgId: expect.any(String),
      recipients: 2,
      invalidUserIds: ['nobody'],
      invalidDepartmentIds: [],
      invalidTagIds: [999],
    });
    for (const member of [alice, bob]) {
      expect(await inboxOf(member.id)).toEqual([
        {
          msg_id: result.msgId,
          app_id: app.id,
          payload: JSON.stringify({ content: '开会了' }),
          conversation: `app:${app.agentId}`,
        },
      ]);
    }

    await server.store.db
      .updateTable('inbox_entries')
      .set({ read_at: Date.now() })
      .where('member_id', '=', alice.id)
      .execute();
    const card = await admin.request('POST', url, {
      body: {
        audience: { all: true },
        msgType: 'textcard',
        payload: { title: '通知', description: '请查收', url: 'https://example.com' },
        confidential: true,
      },
    });
    expect(card.json()).toMatchObject({ recipients: 2 });

    const list = await admin.request('GET', url);
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ msgType: 'textcard', isConfidential: true, recipientCount: 2, readCount: 0 }),
      expect.objectContaining({
        msgId: result.msgId,
        msgType: 'text',
        payload: { content: '开会了' },
        isConfidential: false,
        recalled: false,
        recipientCount: 2,
        readCount: 1,
        createdAt: expect.any(Number),
      }),
    ]);
  });

  it('answers 400 for invalid bodies and payloads, and when nobody is a valid recipient', async () => {
    const { admin, url, ctx } = await signedInOrg();
    await given.member(ctx, { userId: 'carol' });
    const post = (body: unknown) => admin.request('POST', url, { body });
    const invalid = [
      {},
      { audience: { all: true }, msgType: 'image', payload: { media_id: 'x' } },
      { audience: { all: true }, msgType: 'text' },
      { audience: { all: 'yes' }, ...text('x') },
      { audience: { userIds: [''] }, ...text('x') },
      { audience: { departmentIds: [0] }, ...text('x') },
      { audience: { all: true, extra: 1 }, ...text('x') },
      { audience: { all: true }, ...text('x'), confidential: 'no' },
    ];
    for (const body of invalid) {
      const response = await post(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ code: 'request.invalid' });
    }
    expect((await post({ audience: { all: true }, ...text('') })).json()).toMatchObject({
      code: 'message.empty_content',
    });
    expect(
      (await post({ audience: { all: true }, msgType: 'textcard', payload: { title: 't', description: 'd' } })).json(),
    ).toMatchObject({ code: 'message.url_missing' });
    const nobody = await post({ audience: { userIds: ['ghost'] }, ...text('x') });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json()).toMatchObject({ code: 'message.all_invalid' });
    const missing = await admin.request('POST', '/api/admin/apps/4242/messages', {
      body: { audience: { all: true }, ...text('x') },
    });
    expect(missing.statusCode).toBe(404);
    expect((await admin.request('GET', '/api/admin/apps/4242/messages')).statusCode).toBe(404);
  });

  it('needs a session, and the CSRF header to send', async () => {
    const { admin, url, ctx } = await signedInOrg();
    const carol = await given.member(ctx, { userId: 'carol' });
    const body = { audience: { all: true }, ...text('x') };
    expect((await admin.request('GET', url, { anonymous: true })).statusCode).toBe(401);
    expect((await admin.request('POST', url, { anonymous: true, body })).statusCode).toBe(401);
    for (const csrf of [null, 'wrong']) {
      const response = await admin.request('POST', url, { csrf, body });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'request.csrf' });
    }
    expect(await inboxOf(carol.id)).toEqual([]);
  });

  it('keeps department admins out', async () => {
    const { ctx, url } = await signedInOrg();
    const carol = await given.member(ctx, { userId: 'carol' });
    const dept = await given.department(ctx, 'Ops');
    const email = `dept-${Date.now().toString(36)}@test.local`;
    await createAdmin(ctx, {
      name: 'Dept',
      email,
      password: 'long enough pw',
      role: 'department_admin',
      departmentId: dept.id,
    });
    const deptAdmin = await signIn(server, email, 'long enough pw');
    const refused = await deptAdmin.request('POST', url, { body: { audience: { all: true }, ...text('x') } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'app.no_privilege' });
    expect((await deptAdmin.request('GET', url)).statusCode).toBe(403);
    expect(await inboxOf(carol.id)).toEqual([]);
  });

  it('never sends as or lists another org’s app: the same agent id is the caller’s own app', async () => {
    const a = await signedInOrg();
    const b = await signedInOrg();
    expect(b.app.agentId).toBe(a.app.agentId);
    const aMember = await given.member(a.ctx, { userId: 'alice' });
    const bMember = await given.member(b.ctx, { userId: 'alice' });
    const { app: aSecond } = await given.app(a.ctx, { name: 'A only' });

    const fromA = await a.admin.request('POST', a.url, { body: { audience: { all: true }, ...text('for A') } });
    expect(fromA.json()).toMatchObject({ recipients: 1 });

    const fromB = await b.admin.request('POST', a.url, {
      body: { audience: { userIds: ['alice'] }, ...text('for B') },
    });
    expect(fromB.json()).toMatchObject({ recipients: 1 });
    const bInbox = await inboxOf(bMember.id);
    expect(bInbox).toEqual([
      expect.objectContaining({ app_id: b.app.id, payload: JSON.stringify({ content: 'for B' }) }),
    ]);
    expect(await inboxOf(aMember.id)).toEqual([
      expect.objectContaining({ app_id: a.app.id, payload: JSON.stringify({ content: 'for A' }) }),
    ]);

    const bList = (await b.admin.request('GET', a.url)).json() as { items: { msgId: string }[] };
    expect(bList.items.map((m) => m.msgId)).toEqual([bInbox[0]?.msg_id]);
    const aList = (await a.admin.request('GET', a.url)).json() as { items: { msgId: string }[] };
    expect(aList.items.map((m) => m.msgId)).toEqual([(fromA.json() as { msgId: string }).msgId]);

    const otherUrl = `/api/admin/apps/${aSecond.agentId}/messages`;
    expect((await b.admin.request('GET', otherUrl)).statusCode).toBe(404);
    const refused = await b.admin.request('POST', otherUrl, { body: { audience: { all: true }, ...text('x') } });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'app.not_found' });
  });

  it('names who has read an app message and who has not, a page at a time, to admins of this org only', async () => {
    const { admin, url, ctx } = await signedInOrg();
    const names = ['王五', '张三', '李四', 'Amy', 'Bob'];
    const members = [];
    for (const [i, name] of names.entries()) members.push(await given.member(ctx, { userId: `r${i}`, name }));
    const sent = (await admin.request('POST', url, { body: { audience: { all: true }, ...text('请阅') } })).json() as {
      msgId: string;
    };
    const readers = [members[1], members[3]];
    const readAt = Date.now();
    for (const m of readers)
      await server.store.db
        .updateTable('inbox_entries')
        .set({ read_at: readAt })
        .where('member_id', '=', m?.id as number)
        .execute();

    const receipts = (query: string) => admin.request('GET', `${url}/${sent.msgId}/receipts${query}`);
    const read = await receipts('?state=read');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      read: 2,
      unread: 3,
      state: 'read',
      items: [
        { userId: 'r3', name: 'Amy', readAt },
        { userId: 'r1', name: '张三', readAt },
      ],
    });
    const unread = (await receipts('')).json() as { state: string; items: { userId: string; readAt: unknown }[] };
    expect(unread.state).toBe('unread');
    expect(unread.items.map((r) => [r.userId, r.readAt])).toEqual([
      ['r4', null],
      ['r2', null],
      ['r0', null],
    ]);
    // Pages: two, then the rest.
    const first = (await receipts('?state=unread&limit=2')).json() as { items: { userId: string }[] };
    const rest = (await receipts('?state=unread&limit=2&offset=2')).json() as { items: { userId: string }[] };
    expect([...first.items, ...rest.items].map((r) => r.userId)).toEqual(['r4', 'r2', 'r0']);

    for (const bad of ['?state=all', '?limit=0', '?limit=201', '?offset=-1', '?other=1']) {
      const response = await receipts(bad);
      expect(response.statusCode, bad).toBe(400);
    }
    const unknown = await admin.request('GET', `${url}/no-such-msg/receipts`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'message.not_found' });

    // Another org's admin, asking through its own app of the same agent id, finds no such message.
    const other = await signedInOrg();
    const foreign = await other.admin.request('GET', `${other.url}/${sent.msgId}/receipts`);
    expect(foreign.statusCode).toBe(404);
  });
});
