import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  type Awaited,
  broadcaster,
  type Child,
  check,
  getJson,
  withinTime,
  latencies,
  measureBurst,
  now,
  profiledPhase,
  round,
  spawnChild,
  BURST,
  CLIENTS,
  MEMBERS,
  SINGLE_RUNS,
} from './children.js';
import { NODE_FLAGS } from '../server/src/platform/runtime-flags.js';
import { median } from './lib.js';

// Cluster mode: the 20,000-member org on PostgreSQL, NATS between processes, Redis counters. 10,000 WebSocket
// clients in another process. First one Enclave process holds every client; then a second process joins the
// same database and the clients are spread over both (client i on process i % 2). Single broadcasts and the
// sequential burst go through the first process, so every delivery to the second's clients crosses NATS; the
// concurrent burst is sent through both.

const SECTION_TIMEOUT_MS = 20 * 60_000;
/** Enclave's entry frame for the bench's notice, in bytes (what the clients measured): the floor sends the same. */
const FRAME_BYTES = 403;
const PG_ADMIN = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BUS_URL = process.env.BENCH_BUS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Ready = {
  httpUrl: string;
  controlUrl: string;
  wsUrl: string;
  accessToken: string;
  agentId: number;
  tokensFile: string;
  setupFile: string;
};

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** One phase: every client connected to `servers` (spread evenly), single broadcasts, then a burst. */
async function phase(clients: Child, servers: Ready[], label: string) {
  const [first] = servers as [Ready];
  const opened = await clients.call<{ opened: number; firstError: string; ms: number }>(
    'open',
    {
      urls: servers.map((s) => s.wsUrl),
      tokensFile: first.tokensFile,
      count: CLIENTS,
      concurrency: 100,
      timeoutMs: 180_000,
    },
    200_000,
  );
  if (opened.opened !== CLIENTS) throw new Error(`${label}: opened ${opened.opened}: ${opened.firstError}`);
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const send = broadcaster(first);
  const content = (i: number) => `集群通知 ${i}：本周五下午三点在大会议室召开季度总结会，请各部门负责人准时参加。`;

  // Each client numbers its inbox from where it is; all clients are in step, so one range fits every client.
  const { lastSeq } = await clients.call<{ lastSeq: number }>('last-seq');
  let seq = lastSeq;
  const single: (ReturnType<typeof latencies> & { commitMs: number })[] = [];
  let frameBytes = 0;
  for (let i = 0; i < SINGLE_RUNS; i += 1) {
    seq += 1;
    await clients.call('expect', { from: seq, to: seq });
    const sentAt = now();
    await send(content(i));
    const commitMs = now() - sentAt;
    const result = await clients.call<Awaited>('await', { timeoutMs: 60_000 }, 90_000);
    check(result, `${label} broadcast ${i + 1}`);
    frameBytes = result.frameBytes;
    single.push({ ...latencies(result, sentAt), commitMs: round(commitMs) });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // BENCH_PROFILE_PHASE=burst (or concurrent): a CPU profile of the first process in that phase.
  const prefix = `cluster-${servers.length}-`;
  const burst = await profiledPhase(
    first.controlUrl,
    'burst',
    () => measureBurst(clients, send, seq + 1, 'sequential', (i) => content(100 + i)),
    prefix,
  );
  seq += BURST;
  // All at once, spread over the processes: several senders, each on its own process.
  const sends = servers.map(broadcaster);
  const sendThroughAny = (text: string, i: number) => (sends[i % sends.length] as typeof send)(text);
  const concurrentBurst = await profiledPhase(
    first.controlUrl,
    'concurrent',
    () => measureBurst(clients, sendThroughAny, seq + 1, 'concurrent', (i) => content(200 + i)),
    prefix,
  );
  await clients.call('close', {}, 60_000);
  const out = {
    processes: servers.length,
    single,
    medianCommitMs: round(median(single.map((s) => s.commitMs))),
    medianLastClientMs: round(median(single.map((s) => s.max))),
    burst,
    concurrentBurst,
    frameBytes,
  };
  process.stderr.write(`  ${label}: @all commit ${out.medianCommitMs} ms, last client ${out.medianLastClientMs} ms\n`);
  return out;
}

/**
 * The floor, in the same run: a bare `ws` server (bench/servers/ws-bare.ts) that commits the inbox writes
 * Enclave's design requires for each broadcast — 20,000 counters and entries on the same PostgreSQL database —
 * then sends the frames, the next write overlapping this push. The same clients and frame size; no API,
 * quota, outbox, relay or bus. What Enclave's figures are set against. `batch` broadcasts share a
 * transaction (one counter bump of `batch` per member): what committing concurrent sends together could give.
 */
async function floor(clients: Child, databaseUrl: string, orgId: number, tokensFile: string, batch: number) {
  const bare = await spawnChild('bench/servers/ws-bare.ts', {
    env: { BENCH_FLOOR_DATABASE_URL: databaseUrl, BENCH_FLOOR_ORG: String(orgId), BENCH_FLOOR_BATCH: String(batch) },
    nodeArgs: [...NODE_FLAGS],
    readyTimeoutMs: 60_000,
  });
  try {
    const control = bare.ready.controlUrl as string;
    const opened = await clients.call<{ opened: number; firstError: string }>(
      'open',
      { urls: [bare.ready.wsUrl], tokensFile, count: CLIENTS, concurrency: 100, timeoutMs: 180_000 },
      200_000,
    );
    if (opened.opened !== CLIENTS) throw new Error(`floor: opened ${opened.opened}: ${opened.firstError}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const { lastSeq } = await clients.call<{ lastSeq: number }>('last-seq');
    await clients.call('expect', { from: lastSeq + 1, to: lastSeq + BURST });
    const at = now();
    await getJson(`${control}/broadcast?bytes=${FRAME_BYTES}&count=${BURST}`, 180_000);
    const result = await clients.call<Awaited>('await', { timeoutMs: 180_000, settleMs: 500 }, 200_000);
    check(result, 'floor burst');
    const ms = Math.max(...result.completions) - at;
    const deliveriesPerSecond = Math.round((BURST * result.complete) / (ms / 1000));
    process.stderr.write(
      `  floor (PostgreSQL inbox writes, ${batch} broadcast(s) a transaction + bare ws): ${deliveriesPerSecond} deliveries/s\n`,
    );
    await clients.call('close', {}, 60_000);
    return {
      broadcasts: BURST,
      perTransaction: batch,
      lastClientMs: round(ms, 0),
      deliveriesPerSecond,
      complete: result.complete,
    };
  } finally {
    await bare.stop();
  }
}

async function run(dirs: string[], database: string) {
  const out: Record<string, unknown> = { members: MEMBERS, clients: CLIENTS };
  const load: Record<string, number> = { start: round(loadavg()[0] ?? 0, 2) };
  out.loadAverage = load;
  await adminQuery(`create database ${database}`);
  const base = new URL(PG_ADMIN);
  base.pathname = `/${database}`;
  const env = (dir: string) => ({
    BENCH_DIR: dir,
    BENCH_MEMBERS: String(MEMBERS),
    BENCH_SESSIONS: String(CLIENTS),
    BENCH_DATABASE_URL: base.toString(),
    BENCH_BUS_URL: BUS_URL,
    BENCH_REDIS_URL: REDIS_URL,
  });
  const [a, clients] = await Promise.all([
    spawnChild('bench/servers/enclave-realtime.ts', {
      env: env(dirs[0] as string),
      nodeArgs: [...NODE_FLAGS],
      readyTimeoutMs: 600_000,
    }),
    spawnChild('bench/clients/ws-clients.ts', { readyTimeoutMs: 60_000 }),
  ]);
  let b: Child | undefined;
  try {
    const readyA = a.ready as Ready;
    // The floor first, on tables of its own, while the machine is as fresh as for the first phase.
    const { orgId } = JSON.parse(readFileSync(readyA.setupFile, 'utf8')) as { orgId: number };
    // One broadcast a transaction, as Enclave writes them; five, as batching concurrent sends could.
    out.floor = await floor(clients, base.toString(), orgId, readyA.tokensFile, 1);
    out.floorBatched = await floor(clients, base.toString(), orgId, readyA.tokensFile, 5);
    // BENCH_CLUSTER_FLOOR_ONLY=1 (when working on the floor): seed, then measure the floor alone.
    if (process.env.BENCH_CLUSTER_FLOOR_ONLY !== '1') {
      out.one = await phase(clients, [readyA], 'one process');
      b = await spawnChild('bench/servers/enclave-realtime.ts', {
        env: { ...env(dirs[1] as string), BENCH_JOIN: readyA.setupFile },
        nodeArgs: [...NODE_FLAGS],
        readyTimeoutMs: 120_000,
      });
      out.two = await phase(clients, [readyA, b.ready as Ready], 'two processes');
    }
    load.end = round(loadavg()[0] ?? 0, 2);
  } finally {
    await clients.stop();
    await b?.stop();
    await a.stop();
  }
  return out;
}

/** Cluster mode on PostgreSQL + NATS: @all commit and delivery times, sustained deliveries/s, one process vs two. */
export async function benchCluster() {
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'enclave-cluster-bench-')));
  const database = `enclave_bench_${Date.now()}`;
  try {
    return await withinTime('cluster', SECTION_TIMEOUT_MS, () => run(dirs, database));
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await adminQuery(`drop database if exists ${database} with (force)`).catch(() => undefined);
  }
}
