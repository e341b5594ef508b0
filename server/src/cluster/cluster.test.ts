import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openSession } from '../modules/member-auth/index.js';
import { given } from '../testing/given.js';
import { type ChildServer, startChildServer } from '../testing/child-server.js';
import { createTestStore, type TestStore } from '../testing/test-store.js';
import { createRoundRobinProxy } from './proxy.js';

/**
 * Two Enclave processes on one PostgreSQL database and one NATS server, as `npm run cluster` runs them:
 * what one process does is seen at once by members and apps talking to the other.
 */
const BUS_URL = process.env.ENCLAVE_TEST_BUS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.ENCLAVE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Low limits, so that the test can reach them: per org and API per minute, and per member and app per minute. */
const API_PER_MINUTE = 30;
const MESSAGES_PER_MEMBER_MINUTE = 3;

type Frame = { type: string; entry?: { seq: number; message?: { msgId: string; payload: { content?: string } } } };

/** A member's WebSocket on one process, collecting the frames it receives. */
async function connectMember(server: Pick<ChildServer, 'baseUrl'>, cookie: string) {
  const url = `${server.baseUrl.replace('http', 'ws')}/api/client/ws`;
  const socket = new WebSocket(url, { headers: { cookie } });
  const frames: Frame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  await new Promise<void>((open, fail) => {
    socket.once('open', () => open());
    socket.once('error', fail);
  });
  await waitFor(() => frames.some((f) => f.type === 'hello'), 'hello');
  return { socket, frames };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

async function cgi(
  server: Pick<ChildServer, 'baseUrl'>,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}/cgi-bin/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('a cluster of two processes', () => {
  let store: TestStore;
  let a: ChildServer;
  let b: ChildServer;
  /** `npm run cluster`'s proxy in front of both. */
  let proxy: Server;
  let proxied: Pick<ChildServer, 'baseUrl'>;
  const redisPrefix = `enclave-test:${randomUUID()}:`;
  let clusterEnv: Record<string, string>;

  beforeAll(async () => {
    store = await createTestStore();
    clusterEnv = {
      ENCLAVE_BUS_URL: BUS_URL,
      ENCLAVE_REDIS_URL: REDIS_URL,
      ENCLAVE_REDIS_PREFIX: redisPrefix,
      ENCLAVE_LIMIT_API_PER_MINUTE: String(API_PER_MINUTE),
      ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_MINUTE: String(MESSAGES_PER_MEMBER_MINUTE),
    };
    [a, b] = await Promise.all([
      startChildServer({ databaseUrl: store.url, dataDir: store.dataDir, env: clusterEnv }),
      startChildServer({ databaseUrl: store.url, dataDir: store.dataDir, env: clusterEnv }),
    ]);
    const upstreams = [a, b].map((s) => ({ host: '127.0.0.1', port: Number(new URL(s.baseUrl).port) }));
    proxy = createRoundRobinProxy(() => upstreams);
    await new Promise<void>((listening) => proxy.listen(0, '127.0.0.1', listening));
    proxied = { baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
  });

  afterAll(async () => {
    await new Promise((closed) => (proxy ? proxy.close(closed) : closed(undefined)));
    await Promise.all([a?.kill(), b?.kill()]);
    await store?.drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('pushes a message sent through one process to the member sockets on both', async () => {
    const org = await given.org(store.db);
    const { app, secret } = await given.app(org.ctx);
    const member = await given.member(org.ctx);
    const session = await openSession(store.db, org.orgId, member.id, 'cluster test');
    const cookie = `enclave_member=${session.token}`;
    const onA = await connectMember(a, cookie);
    const onB = await connectMember(b, cookie);
    const onProxy = await connectMember(proxied, cookie);
    try {
      const token = await cgi(a, `gettoken?corpid=${org.corpId}&corpsecret=${secret}`);
      expect(token.errcode).toBe(0);
      const sent = await cgi(b, `message/send?access_token=${String(token.access_token)}`, {
        touser: member.userId,
        msgtype: 'text',
        agentid: app.agentId,
        text: { content: 'across the cluster' },
      });
      expect(sent).toMatchObject({ errcode: 0 });
      const isIt = (f: Frame) => f.type === 'entry' && f.entry?.message?.msgId === sent.msgid;
      await waitFor(() => onA.frames.some(isIt), 'the entry on process A');
      await waitFor(() => onB.frames.some(isIt), 'the entry on process B');
      await waitFor(() => onProxy.frames.some(isIt), 'the entry through the proxy');
      expect(onA.frames.filter(isIt)).toHaveLength(1);
      expect(onA.frames.find(isIt)?.entry?.message?.payload.content).toBe('across the cluster');
    } finally {
      for (const { socket } of [onA, onB, onProxy]) socket.close();
    }
  });

  it('accepts on one process a token minted on the other', async () => {
    const org = await given.org(store.db);
    const token = await cgi(a, `gettoken?corpid=${org.corpId}&corpsecret=${org.contactSecret}`);
    const listed = await cgi(b, `department/list?access_token=${String(token.access_token)}`);
    expect(listed).toMatchObject({ errcode: 0 });
    // Through the proxy the calls alternate between the processes.
    for (let i = 0; i < 4; i += 1) {
      expect(await cgi(proxied, `department/list?access_token=${String(token.access_token)}`)).toMatchObject({
        errcode: 0,
      });
    }
  });

  /** An owner's admin session on a process: the cookie and CSRF token the admin API wants. */
  async function signInAdmin(server: ChildServer, org: Awaited<ReturnType<typeof given.org>>) {
    const signIn = await fetch(`${server.baseUrl}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: org.owner.email, password: org.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.getSetCookie().find((c) => c.startsWith('enclave_admin=')) ?? '').split(';')[0];
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    return (path: string) =>
      fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: { cookie: cookie ?? '', 'x-csrf-token': csrfToken },
      });
  }

  /**
   * Calls `path` on B back to back while `revoke` runs on A, and checks that every call B received after
   * A's answer was refused with `errcode`: no window at all, not even the bus's millisecond.
   */
  async function expectRefusedOnBOnceAnswered(path: string, revoke: () => Promise<Response>, errcode: number) {
    // B resolves the token and keeps the resolution.
    expect(await cgi(b, path)).toMatchObject({ errcode: 0 });
    expect(await cgi(b, path)).toMatchObject({ errcode: 0 });
    let answered = false;
    const after: Record<string, unknown>[] = [];
    const calling = (async () => {
      // Calls race the revocation, then three are sent after its answer. (Refused calls do not count against
      // the org's 30 a minute; racing ones past the limit answer 45009, which is not checked.)
      for (let calls = 0; after.length < 3 && calls < 500; calls += 1) {
        const sentAfterAnswer = answered;
        const result = await cgi(b, path);
        if (sentAfterAnswer) after.push(result);
      }
    })();
    const response = await revoke().finally(() => (answered = true));
    expect(response.status).toBe(200);
    await calling;
    expect(after.map((r) => r.errcode)).toEqual([errcode, errcode, errcode]);
  }

  it('refuses on every process, once the rotation is answered, the tokens of a directory secret rotated on one', async () => {
    const org = await given.org(store.db);
    const token = await cgi(a, `gettoken?corpid=${org.corpId}&corpsecret=${org.contactSecret}`);
    const post = await signInAdmin(a, org);
    await expectRefusedOnBOnceAnswered(
      `department/list?access_token=${String(token.access_token)}`,
      () => post('/api/admin/contact-secret'),
      40014,
    );
  });

  it('refuses on every process, once answered, the tokens of an app whose secret was rotated or that was disabled', async () => {
    const org = await given.org(store.db);
    const post = await signInAdmin(a, org);
    const rotated = await given.app(org.ctx);
    const rotatedToken = await cgi(a, `gettoken?corpid=${org.corpId}&corpsecret=${rotated.secret}`);
    await expectRefusedOnBOnceAnswered(
      `agent/get?access_token=${String(rotatedToken.access_token)}&agentid=${rotated.app.agentId}`,
      () => post(`/api/admin/apps/${rotated.app.agentId}/secret`),
      40014,
    );
    // Another org: the calls above count against this one's 30 agent/get a minute.
    const other = await given.org(store.db);
    const postOther = await signInAdmin(a, other);
    const disabled = await given.app(other.ctx);
    const disabledToken = await cgi(a, `gettoken?corpid=${other.corpId}&corpsecret=${disabled.secret}`);
    await expectRefusedOnBOnceAnswered(
      `agent/get?access_token=${String(disabledToken.access_token)}&agentid=${disabled.app.agentId}`,
      () => postOther(`/api/admin/apps/${disabled.app.agentId}/disable`),
      50003,
    );
  });

  it('shows on every process a member written on one, though each keeps members read by userid (ADR 0016)', async () => {
    const org = await given.org(store.db);
    const member = await given.member(org.ctx, { position: '前台' });
    const token = await cgi(a, `gettoken?corpid=${org.corpId}&corpsecret=${org.contactSecret}`);
    const get = `user/get?access_token=${String(token.access_token)}&userid=${member.userId}`;
    // B reads the member and keeps it.
    expect(await cgi(b, get)).toMatchObject({ errcode: 0, position: '前台' });
    expect(await cgi(b, get)).toMatchObject({ errcode: 0, position: '前台' });
    const updated = await cgi(a, `user/update?access_token=${String(token.access_token)}`, {
      userid: member.userId,
      position: '店长',
    });
    expect(updated).toMatchObject({ errcode: 0 });
    // The bus tells B within a millisecond or so; without it B would answer from memory for up to 5 s.
    let last: Record<string, unknown>;
    const started = Date.now();
    do {
      last = await cgi(b, get);
      if (last.position === '前台') await new Promise((r) => setTimeout(r, 50)); // within the API's 30 a minute
    } while (last.position === '前台' && Date.now() - started < 1000);
    expect(last).toMatchObject({ errcode: 0, position: '店长' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('shares frequency limits and message quotas between the processes (Redis), not one set per process', async () => {
    await awaitRoomInMinute(5000);
    const org = await given.org(store.db);
    const { app, secret } = await given.app(org.ctx);
    const member = await given.member(org.ctx);
    const token = String((await cgi(a, `gettoken?corpid=${org.corpId}&corpsecret=${secret}`)).access_token);

    // message/send to one member, alternating processes: the member's quota holds across both. WeCom drops
    // the excess silently (the call succeeds), so the member's inbox tells.
    for (let i = 0; i < MESSAGES_PER_MEMBER_MINUTE + 3; i += 1) {
      const reply = await cgi(i % 2 === 0 ? a : b, `message/send?access_token=${token}`, {
        touser: member.userId,
        msgtype: 'text',
        agentid: app.agentId,
        text: { content: `quota ${i}` },
      });
      expect(reply).toMatchObject({ errcode: 0 });
    }
    const entries = await store.db
      .selectFrom('inbox_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('member_id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(Number(entries.n)).toBe(MESSAGES_PER_MEMBER_MINUTE);

    // One API, alternating processes: together they allow the org API_PER_MINUTE calls, then 45009 on both.
    const codes: number[] = [];
    for (let i = 0; i < API_PER_MINUTE + 2; i += 1) {
      codes.push(Number((await cgi(i % 2 === 0 ? a : b, `department/list?access_token=${token}`)).errcode));
    }
    expect(codes.slice(0, API_PER_MINUTE).every((c) => c === 0)).toBe(true);
    expect(codes.slice(API_PER_MINUTE)).toEqual([45009, 45009]);
  });
  it('fires a scheduled send once, on time, after the process that took it was killed and restarted', async () => {
    const org = await given.org(store.db);
    const { app, secret } = await given.app(org.ctx);
    const member = await given.member(org.ctx);
    const token = String((await cgi(a, `gettoken?corpid=${org.corpId}&corpsecret=${secret}`)).access_token);
    // send_time is in whole seconds: the next second but three.
    const sendTime = Math.ceil(Date.now() / 1000) + 3;
    const scheduled = await cgi(a, `message/send?access_token=${token}`, {
      touser: member.userId,
      msgtype: 'text',
      agentid: app.agentId,
      text: { content: '定时：三秒后' },
      send_time: sendTime,
    });
    expect(scheduled).toMatchObject({ errcode: 0, schedule_id: expect.any(String) });

    // The process that took it dies (as in a power cut) and comes back before the time; B runs all along.
    await a.kill();
    a = await startChildServer({ databaseUrl: store.url, dataDir: store.dataDir, env: clusterEnv });
    const entries = () =>
      store.db
        .selectFrom('inbox_entries')
        .innerJoin('messages', 'messages.id', 'inbox_entries.message_id')
        .select(['messages.created_at'])
        .where('inbox_entries.member_id', '=', member.id)
        .execute();
    const waited = Date.now();
    while ((await entries()).length === 0 && Date.now() - waited < 15_000) await new Promise((r) => setTimeout(r, 50));
    const delivered = await entries();
    expect(delivered).toHaveLength(1);
    const late = Number(delivered[0]?.created_at) - sendTime * 1000;
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(1000);
    // Both processes' runners saw the job; it ran once.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await entries()).toHaveLength(1);
    const listed = await cgi(b, `message/schedule/list?access_token=${token}`, { agentid: app.agentId });
    expect(listed).toMatchObject({ errcode: 0 });
    expect(JSON.stringify(listed)).toContain('"status":"sent"');
  });
});

/** Waits for the next minute when fewer than `needMs` are left in this one: the limits count in minute windows. */
async function awaitRoomInMinute(needMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}
