import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { given } from '../../testing/given.js';
import { signInMember } from '../../testing/member-session.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { recallAppMessage, sendAppMessage } from './messaging.service.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

type Frame = {
  type: string;
  seq?: number;
  entry?: { seq: number; kind: string; message: { payload: unknown; recalled: boolean } };
};

/** A client socket that collects frames and can wait for a condition on them. */
async function connect(cookie: string, memberId: number) {
  const frames: Frame[] = [];
  const socket: WebSocket = await server.enclave.app.injectWS('/api/client/ws', { headers: { cookie } });
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  const until = async (test: (frames: Frame[]) => boolean) => {
    await expect.poll(() => test(frames), { timeout: 5000, interval: 20 }).toBe(true);
  };
  // A client keeps the highest seq it has and ignores repeats: a push and a sync may both carry an entry.
  const entries = () => {
    const bySeq = new Map<number, NonNullable<Frame['entry']>>();
    for (const f of frames) if (f.type === 'entry' && f.entry) bySeq.set(f.entry.seq, f.entry);
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  };
  // Registered on the server once the session is checked.
  await expect.poll(() => server.enclave.gateway.connected([memberId]).length, { timeout: 5000, interval: 10 }).toBe(1);
  return { socket, frames, until, entries };
}

async function givenSignedInMember() {
  const org = await given.org(server.store.db);
  const mobile = `137${Math.floor(1e7 + Math.random() * 9e7)}`;
  const member = await given.member(org.ctx, { userId: `rt${mobile}`, mobile });
  const { app } = await given.app(org.ctx);
  const session = await signInMember(server, org.corpId, org.orgId, mobile);
  const send = (content: string) =>
    sendAppMessage(org.ctx, { app, audience: { userIds: [member.userId] }, msgType: 'text', payload: { content } });
  return { ...org, member, app, session, send };
}

describe('realtime gateway', () => {
  it("pushes a new inbox entry to the member's open socket", async () => {
    const o = await givenSignedInMember();
    const client = await connect(o.session.cookie, o.member.id);
    await o.send('实时');
    await client.until(() => client.entries().length === 1);
    expect(client.entries()[0]).toMatchObject({ seq: 1, kind: 'message', message: { payload: { content: '实时' } } });
    client.socket.terminate();
  });

  it('pushes exactly the entry a sync returns, field for field', async () => {
    const o = await givenSignedInMember();
    const live = await connect(o.session.cookie, o.member.id);
    await o.send('同一条 "quoted" \\ entry');
    await live.until(() => live.entries().length === 1);
    const pushed = live.frames.find((f) => f.type === 'entry');
    live.socket.terminate();
    const later = await connect(o.session.cookie, o.member.id);
    later.socket.send(JSON.stringify({ type: 'sync', after: 0 }));
    await later.until((f) => f.some((x) => x.type === 'synced'));
    expect(later.frames.find((f) => f.type === 'entry')).toEqual(pushed);
    later.socket.terminate();
  });

  it('gives a reconnecting client everything after its last seq, in order', async () => {
    const o = await givenSignedInMember();
    await o.send('one');
    const first = await connect(o.session.cookie, o.member.id);
    first.socket.send(JSON.stringify({ type: 'sync', after: 0 }));
    await first.until((f) => f.some((x) => x.type === 'synced'));
    expect(first.entries().map((e) => e?.seq)).toEqual([1]);
    first.socket.terminate();
    for (const content of ['two', 'three', 'four']) await o.send(content);
    const again = await connect(o.session.cookie, o.member.id);
    again.socket.send(JSON.stringify({ type: 'sync', after: 1 }));
    await again.until((f) => f.some((x) => x.type === 'synced' && x.seq === 4));
    expect(again.entries().map((e) => [e?.seq, e?.message.payload])).toEqual([
      [2, { content: 'two' }],
      [3, { content: 'three' }],
      [4, { content: 'four' }],
    ]);
    again.socket.terminate();
  });

  it('tells the client about a recall through a recall entry', async () => {
    const o = await givenSignedInMember();
    const client = await connect(o.session.cookie, o.member.id);
    const sent = await o.send('oops');
    await client.until(() => client.entries().length === 1);
    await recallAppMessage(o.ctx, o.app.id, sent.msgId);
    await client.until(() => client.entries().length === 2);
    expect(client.entries()[1]).toMatchObject({ seq: 2, kind: 'recall', message: { recalled: true, payload: null } });
    client.socket.terminate();
  });

  it('refuses a socket without a member session, and pushes nothing across orgs', async () => {
    const anonymous = await server.enclave.app.injectWS('/api/client/ws');
    const closed = await new Promise<number>((resolve) => anonymous.on('close', (code) => resolve(code)));
    expect(closed).toBe(4401);
    const mine = await givenSignedInMember();
    const theirs = await givenSignedInMember();
    const client = await connect(mine.session.cookie, mine.member.id);
    await theirs.send('not for you');
    await mine.send('for you');
    await client.until(() => client.entries().length >= 1);
    expect(client.entries().map((e) => e?.message.payload)).toEqual([{ content: 'for you' }]);
    client.socket.terminate();
  });
});
