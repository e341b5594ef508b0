import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { createEnclave } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { createApp } from '../../server/src/modules/apps/apps.service.js';
import { importMembers } from '../../server/src/modules/directory/import/index.js';
import { openSession } from '../../server/src/modules/member-auth/member-sessions.js';
import { normalisePayload } from '../../server/src/modules/messaging/messaging.payloads.js';
import { storeAndDeliver } from '../../server/src/modules/messaging/messaging.service.js';
import { createOrg } from '../../server/src/modules/orgs/orgs.service.js';
import type { OrgContext } from '../../server/src/platform/context.js';
import { announceEventsCommitted } from '../../server/src/platform/outbox/outbox.js';
import { memberCsv } from '../directory-data.js';
import { prefillInbox } from '../prefill-inbox.js';

// Enclave for the realtime bench, in its own process (spawned with a raised fd limit and --expose-gc): a fresh
// SQLite file, a 20,000-member org, one app, and member sessions for the clients. It prints one JSON ready line
// and serves a small control API on a second port (memory, connection count, bulk inserts, a prefilled inbox).
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20_000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000);

const started = performance.now();
// The parent passes the data dir (BENCH_DIR) so that it can remove it even if this process is killed.
const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'enclave-realtime-'));
// The cluster bench passes PostgreSQL, NATS and Redis; a second process joins the first one's setup (BENCH_JOIN).
const cluster = Object.fromEntries(
  [
    ['ENCLAVE_DATABASE_URL', process.env.BENCH_DATABASE_URL],
    ['ENCLAVE_BUS_URL', process.env.BENCH_BUS_URL],
    ['ENCLAVE_REDIS_URL', process.env.BENCH_REDIS_URL],
  ].filter(([, value]) => value),
) as Record<string, string>;
const enclave = await createEnclave(
  loadConfig({
    ENCLAVE_DATA_DIR: dir,
    ENCLAVE_LOG_LEVEL: 'warn',
    ENCLAVE_PORT: '0',
    ENCLAVE_HOST: '127.0.0.1',
    ENCLAVE_DEMO: '0',
    ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_MINUTE: '1000000',
    ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_HOUR: '1000000',
    ENCLAVE_LIMIT_API_PER_MINUTE: '1000000',
    ...cluster,
  }),
);
const db = enclave.store.db;

type Setup = {
  orgId: number;
  appId: number;
  agentId: number;
  accessToken: string;
  tokensFile: string;
  soloToken: string;
  soloMemberId: number;
};

/** The org, its members, app and sessions — made by the first process, read from a file by the others. */
async function setUp(): Promise<Setup> {
  if (process.env.BENCH_JOIN) return JSON.parse(readFileSync(process.env.BENCH_JOIN, 'utf8')) as Setup;
  const org = await createOrg(db, {
    name: 'Bench',
    owner: { name: 'o', email: `o${Date.now()}@b.example`, password: 'benchmark-pass' },
  });
  const ctx: OrgContext = { db, orgId: org.orgId, actor: { kind: 'system' } };
  const csv = memberCsv(MEMBERS, 1).replace(/,2(;\d+)?,工程师/g, ',1,工程师');
  const imported = await importMembers(ctx, { mode: 'sync', data: Buffer.from(csv), progress: async () => {} });
  if (imported.summary.created !== MEMBERS) throw new Error(`imported ${imported.summary.created}`);
  const { app, secret } = await createApp(ctx, { name: 'Bench' });

  // Members u0..u<SESSIONS-1> are the connected clients; u<SESSIONS> is the one that reconnects after a gap.
  const members = await db.selectFrom('members').select(['id', 'user_id']).where('org_id', '=', org.orgId).execute();
  const idOf = new Map(members.map((m) => [m.user_id, m.id]));
  const tokens: string[] = [];
  let soloToken = '';
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i <= SESSIONS; i += 1) {
      const memberId = idOf.get(`u${i}`);
      if (memberId === undefined) throw new Error(`no member u${i}`);
      const { token } = await openSession(tx, org.orgId, memberId, 'bench client');
      if (i < SESSIONS) tokens.push(token);
      else soloToken = token;
    }
  });
  const tokensFile = join(dir, 'tokens.json');
  writeFileSync(tokensFile, JSON.stringify(tokens));
  const tokenReply = await enclave.app.inject({ url: `/cgi-bin/gettoken?corpid=${org.corpId}&corpsecret=${secret}` });
  const setup: Setup = {
    orgId: org.orgId,
    appId: app.id,
    agentId: app.agentId,
    accessToken: (tokenReply.json() as { access_token: string }).access_token,
    tokensFile,
    soloToken,
    soloMemberId: idOf.get(`u${SESSIONS}`) as number,
  };
  writeFileSync(join(dir, 'setup.json'), JSON.stringify(setup));
  return setup;
}
const setup = await setUp();
const { accessToken, tokensFile, soloToken, soloMemberId } = setup;
const org = { orgId: setup.orgId };
const app = { id: setup.appId, agentId: setup.agentId };
await enclave.app.listen({ port: 0, host: '127.0.0.1' });
const address = enclave.app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

async function pendingEvents(): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('relayed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Waits until the relay has handled every committed event (bounded). */
async function drained(timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while ((await pendingEvents()) > 0) {
    if (performance.now() - t0 > timeoutMs) throw new Error('outbox not drained in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - t0;
}

/** `count` app messages to one member, through the one write path (storeAndDeliver), `batch` per transaction. */
async function flood(memberId: number, count: number, batch: number) {
  const t0 = performance.now();
  for (let i = 0; i < count; i += batch) {
    await db.transaction().execute(async (tx) => {
      for (let j = i; j < Math.min(count, i + batch); j += 1) {
        const { payload } = normalisePayload('text', { content: `补发消息 ${j}：会议改到下午三点，请准时参加。` });
        await storeAndDeliver(tx, org.orgId, {
          appId: app.id,
          conversation: `app:${app.agentId}`,
          memberIds: [memberId],
          msgType: 'text',
          payload,
          confidential: false,
        });
      }
    });
    announceEventsCommitted();
  }
  const insertMs = performance.now() - t0;
  const drainMs = await drained(120_000);
  return { insertMs, drainMs };
}

function memory(gc: boolean) {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (gc && collect) for (let i = 0; i < 3; i += 1) collect();
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    connections: enclave.gateway.connectionCount,
    members: enclave.gateway.memberCount,
  };
}

const inspector = new Session();
inspector.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((done, failed) =>
    inspector.post(method, params, (error, result) => (error ? failed(error) : done(result))),
  );
async function startProfile(): Promise<void> {
  await post('Profiler.enable');
  await post('Profiler.start');
}
async function stopProfile(file: string): Promise<{ file: string }> {
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(file, JSON.stringify(profile));
  return { file };
}

const control = createServer((request: IncomingMessage, response: ServerResponse) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const reply = (body: unknown) => response.end(JSON.stringify(body));
  const fail = (error: unknown) => response.writeHead(500).end(JSON.stringify({ error: String(error) }));
  if (url.pathname === '/stats') return reply(memory(url.searchParams.get('gc') === '1'));
  if (url.pathname === '/drain') return void drained(120_000).then((ms) => reply({ ms }), fail);
  // BENCH_PROFILE_PHASE=burst (or single): the bench asks for a CPU profile of that phase alone.
  if (url.pathname === '/profile/start') return void startProfile().then(() => reply({}), fail);
  if (url.pathname === '/profile/stop')
    return void stopProfile(url.searchParams.get('file') ?? 'phase.cpuprofile').then(reply, fail);
  // Earlier @all broadcasts written in bulk (bench/prefill-inbox.ts): the store a long-running org has.
  if (url.pathname === '/prefill') {
    const messages = Number(url.searchParams.get('messages') ?? 50);
    const conversation = `app:${app.agentId}`;
    return void prefillInbox(db, { orgId: org.orgId, appId: app.id, conversation, messages }).then(reply, fail);
  }
  if (url.pathname === '/flood') {
    const count = Number(url.searchParams.get('count') ?? 10_000);
    const batch = Number(url.searchParams.get('batch') ?? 500);
    return void flood(soloMemberId, count, batch).then(reply, fail);
  }
  response.writeHead(404).end('{}');
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlAddress = control.address();
const controlPort = typeof controlAddress === 'object' && controlAddress ? controlAddress.port : 0;

process.stdout.write(
  `${JSON.stringify({
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/api/client/ws`,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    accessToken,
    agentId: app.agentId,
    tokensFile,
    setupFile: join(dir, 'setup.json'),
    soloToken,
    members: MEMBERS,
    sessions: SESSIONS,
    setupMs: performance.now() - started,
  })}\n`,
);

let closing = false;
process.once('SIGTERM', () => {
  if (closing) return;
  closing = true;
  control.close();
  void enclave
    .close()
    .catch(() => undefined)
    .finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
});
