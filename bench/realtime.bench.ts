import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Awaited,
  broadcaster,
  check,
  getJson,
  profiledPhase,
  withinTime,
  latencies,
  measureBurst,
  type Memory,
  memoryPerConnection,
  now,
  round,
  spawnChild,
  BURST,
  CLIENTS,
  MEMBERS,
  SINGLE_RUNS,
} from './children.js';
import pg from 'pg';
import { NODE_FLAGS } from '../server/src/platform/runtime-flags.js';
import { median } from './lib.js';
import { PREFILL_BROADCASTS } from './prefill-inbox.js';

// Realtime delivery: Enclave (20,000 members; on SQLite, then on PostgreSQL) in one process, 10,000 WebSocket
// clients in another, this process in the middle sending through the open API and asking both for figures — on a
// fresh store, then after a million earlier inbox entries are written in bulk. The same client process then
// measures a bare `ws` server (bench/servers/ws-bare.ts) as the same-run baseline.

const MISSED = 10_000;
const OPEN_CONCURRENCY = 100;
/** The whole section gives up (and kills its children) after this long. */
const SECTION_TIMEOUT_MS = 15 * 60_000;
/** One run against an Enclave on `databaseUrl` (PostgreSQL), or on a SQLite file in `dir` without one. */
async function run(dir: string, databaseUrl?: string) {
  const out: Record<string, unknown> = {
    store: databaseUrl ? 'postgres' : 'sqlite',
    members: MEMBERS,
    clients: CLIENTS,
  };
  // The 1-minute load average before and after: other work on the machine shows up in every figure here.
  const load: Record<string, number> = { start: round(loadavg()[0] ?? 0, 2) };
  out.loadAverage = load;
  const setupStarted = performance.now();
  const [server, clients] = await Promise.all([
    spawnChild('bench/servers/enclave-realtime.ts', {
      env: {
        BENCH_DIR: dir,
        BENCH_MEMBERS: String(MEMBERS),
        BENCH_SESSIONS: String(CLIENTS),
        ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}),
      },
      // e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server.
      // Enclave's own flags (as every Enclave process runs), --expose-gc for the memory figures.
      nodeArgs: [
        ...NODE_FLAGS,
        '--expose-gc',
        ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ],
      readyTimeoutMs: 300_000,
    }),
    spawnChild('bench/clients/ws-clients.ts', { readyTimeoutMs: 60_000 }),
  ]);
  try {
    const ready = server.ready as {
      httpUrl: string;
      wsUrl: string;
      controlUrl: string;
      accessToken: string;
      agentId: number;
      tokensFile: string;
      soloToken: string;
    };
    out.setupMs = round(performance.now() - setupStarted, 0);
    process.stderr.write(`  Enclave ready: ${MEMBERS} members, ${CLIENTS} sessions (${out.setupMs} ms)\n`);

    // Memory with no connections, then with every client connected and idle.
    const stats = (gc: boolean) => getJson<Memory>(`${server.ready.controlUrl as string}/stats?gc=${gc ? 1 : 0}`);
    const idle = await stats(true);
    const opened = await clients.call<{ opened: number; failed: number; firstError: string; ms: number }>(
      'open',
      {
        url: ready.wsUrl,
        tokensFile: ready.tokensFile,
        count: CLIENTS,
        concurrency: OPEN_CONCURRENCY,
        timeoutMs: 180_000,
      },
      200_000,
    );
    if (opened.opened !== CLIENTS) throw new Error(`opened ${opened.opened} of ${CLIENTS}: ${opened.firstError}`);
    out.openMs = round(opened.ms, 0);
    process.stderr.write(`  ${opened.opened} clients connected and synced in ${out.openMs} ms\n`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const busy = await stats(true);
    out.memory = memoryPerConnection(idle, busy, busy.connections);

    const send = broadcaster(ready);
    const content = (i: number) => `全员通知 ${i}：本周五下午三点在大会议室召开季度总结会，请各部门负责人准时参加。`;

    // 1. One @all broadcast, isolated: send call → each client has its entry.
    let seq = 0;
    let frameBytes = 0;
    const singles = async (label: string) => {
      const runs: (ReturnType<typeof latencies> & { sendMs: number })[] = [];
      for (let i = 0; i < SINGLE_RUNS; i += 1) {
        seq += 1;
        await clients.call('expect', { from: seq, to: seq });
        const sentAt = now();
        await send(content(i));
        const sendMs = now() - sentAt;
        const result = await clients.call<Awaited>('await', { timeoutMs: 60_000 }, 90_000);
        check(result, `broadcast ${i + 1}${label}`);
        frameBytes = result.frameBytes;
        runs.push({ ...latencies(result, sentAt), sendMs: round(sendMs) });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      process.stderr.write(
        `  one @all → ${CLIENTS} clients${label}: last client after ${runs.map((s) => s.max).join(', ')} ms (p50 ${runs.map((s) => s.p50).join(', ')}; send answered after ${runs.map((s) => s.sendMs).join(', ')} ms)\n`,
      );
      return { runs, medianMaxMs: median(runs.map((s) => s.max)), medianSendMs: median(runs.map((s) => s.sendMs)) };
    };
    const single = await singles('');
    const singleMax = single.medianMaxMs;
    out.single = { ...single, frameBytes };

    // 2. BURST broadcasts back to back: deliveries/s until the last client has all of them — one sender
    // waiting for each answer, then all sent at once.
    const profiled = <T>(phase: string, measure: () => Promise<T>) =>
      profiledPhase(String(ready.controlUrl), phase, measure);
    const bursts = async (prefix: string) => {
      const sequential = await profiled(`${prefix}burst`, () =>
        measureBurst(clients, send, seq + 1, 'sequential', (i) => content(100 + i)),
      );
      seq += BURST;
      const concurrent = await profiled(`${prefix}concurrent`, () =>
        measureBurst(clients, send, seq + 1, 'concurrent', (i) => content(200 + i)),
      );
      seq += BURST;
      return { sequential, concurrent };
    };
    const fresh = await bursts('');
    out.burst = fresh.sequential;
    out.concurrentBurst = fresh.concurrent;

    // The same on a store that already holds a million inbox entries (PREFILL_BROADCASTS earlier @all, written
    // in bulk while the clients stay connected; nothing of them is pushed): each member's seq moves on by as many.
    const prefill = await getJson<{ entries: number; ms: number }>(
      `${ready.controlUrl}/prefill?messages=${PREFILL_BROADCASTS}`,
      600_000,
    );
    seq += PREFILL_BROADCASTS;
    process.stderr.write(`  prefill: ${prefill.entries} inbox entries in ${round(prefill.ms, 0)} ms\n`);
    const largeSingle = await singles(`, ${prefill.entries} entries`);
    const large = await bursts('large-');
    out.largeStore = {
      prefill: { entries: prefill.entries, ms: round(prefill.ms, 0) },
      single: largeSingle,
      burst: large.sequential,
      concurrentBurst: large.concurrent,
    };

    // 3. One member away while MISSED messages arrive, then back with sync after its last seq.
    const solo = await clients.call<{ lastSeq: number }>('solo-open', { url: ready.wsUrl, token: ready.soloToken });
    await clients.call('solo-close');
    const flood = await getJson(`${ready.controlUrl}/flood?count=${MISSED}&batch=500`, 300_000);
    const reconnects: Record<string, number | boolean>[] = [];
    let after = solo.lastSeq;
    for (let i = 0; i < 3; i += 1) {
      // Later runs replay the same 10,000 from the same point: the in-order check still applies.
      reconnects.push(
        await clients.call(
          'reconnect',
          { url: ready.wsUrl, token: ready.soloToken, after, count: MISSED, timeoutMs: 30_000 },
          40_000,
        ),
      );
    }
    after += MISSED;
    const ok = reconnects.every((r) => r.received === MISSED && r.inOrder && r.lastSeq === after);
    out.reconnect = {
      missed: MISSED,
      insertMs: round(flood.insertMs ?? 0, 0),
      relayDrainMs: round(flood.drainMs ?? 0, 0),
      runs: reconnects.map((r) => ({
        ...r,
        connectMs: round(r.connectMs as number),
        totalMs: round(r.totalMs as number),
        syncMs: round(r.syncMs as number),
        syncedMs: round(r.syncedMs as number),
      })),
      medianTotalMs: round(median(reconnects.map((r) => r.totalMs as number))),
      allInOrderAndComplete: ok,
    };
    process.stderr.write(
      `  reconnect after ${MISSED} missed: ${reconnects.map((r) => round(r.totalMs as number, 0)).join(', ')} ms, ${ok ? 'complete and in order' : 'INCOMPLETE or OUT OF ORDER'}\n`,
    );
    await clients.call('close', {}, 60_000);
    await server.stop();

    // The baseline: a bare ws server, the same client process, a frame of the same size.
    const bare = await spawnChild('bench/servers/ws-bare.ts', {
      // The same runtime flags as Enclave: the baseline differs only in what it does.
      nodeArgs: [...NODE_FLAGS, '--expose-gc'],
      readyTimeoutMs: 30_000,
    });
    try {
      const control = bare.ready.controlUrl as string;
      const bareIdle = await getJson<Memory>(`${control}/stats?gc=1`);
      const bareOpened = await clients.call<{ opened: number; firstError: string; ms: number }>(
        'open',
        { url: bare.ready.wsUrl, count: CLIENTS, concurrency: OPEN_CONCURRENCY, timeoutMs: 120_000 },
        150_000,
      );
      if (bareOpened.opened !== CLIENTS) throw new Error(`bare: opened ${bareOpened.opened}: ${bareOpened.firstError}`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const bareBusy = await getJson<Memory>(`${control}/stats?gc=1`);
      const bareRuns: ReturnType<typeof latencies>[] = [];
      let bareSeq = 0;
      for (let i = 0; i < SINGLE_RUNS; i += 1) {
        bareSeq += 1;
        await clients.call('expect', { from: bareSeq, to: bareSeq });
        const sentAt = now();
        await getJson(`${control}/broadcast?bytes=${frameBytes}&count=1`);
        const result = await clients.call<Awaited>('await', { timeoutMs: 60_000 }, 90_000);
        check(result, `bare broadcast ${i + 1}`);
        bareRuns.push(latencies(result, sentAt));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await clients.call('expect', { from: bareSeq + 1, to: bareSeq + BURST });
      const bareBurstAt = now();
      await getJson(`${control}/broadcast?bytes=${frameBytes}&count=${BURST}`);
      const bareBurst = await clients.call<Awaited>('await', { timeoutMs: 120_000, settleMs: 500 }, 150_000);
      check(bareBurst, 'bare burst');
      const bareBurstMs = Math.max(...bareBurst.completions) - bareBurstAt;
      const bareMax = median(bareRuns.map((r) => r.max));
      out.bareWs = {
        openMs: round(bareOpened.ms, 0),
        single: bareRuns,
        medianMaxMs: bareMax,
        burstDeliveriesPerSecond: Math.round((BURST * bareBurst.complete) / (bareBurstMs / 1000)),
        memory: memoryPerConnection(bareIdle, bareBusy, bareBusy.connections),
      };
      out.singleRatio = round(singleMax / bareMax, 2);
      out.largeStoreSingleRatio = round(largeSingle.medianMaxMs / bareMax, 2);
      process.stderr.write(
        `  bare ws: last client after ${bareRuns.map((r) => r.max).join(', ')} ms → Enclave/bare ${out.singleRatio}× (fresh store), ${out.largeStoreSingleRatio}× (${prefill.entries} entries)\n`,
      );
      await clients.call('close', {}, 60_000);
    } finally {
      await bare.stop();
    }
    load.end = round(loadavg()[0] ?? 0, 2);
  } finally {
    await clients.stop();
    await server.stop();
  }
  return out;
}

/**
 * Realtime delivery over WebSocket: one @all to 10,000 connected clients, 20 back to back — on a fresh store, then
 * again once it holds a million inbox entries — a 10,000-message resync, memory. On SQLite, then the same on a
 * PostgreSQL database of its own (ENCLAVE_BENCH_POSTGRES_URL names the server; skipped when it cannot be reached).
 */
export async function benchRealtime() {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-realtime-'));
  let out: Record<string, unknown>;
  try {
    out = await withinTime('realtime', SECTION_TIMEOUT_MS, () => run(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = process.env.ENCLAVE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `enclave_bench_realtime_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  const pgDir = mkdtempSync(join(tmpdir(), 'enclave-realtime-pg-'));
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    process.stderr.write('realtime on PostgreSQL…\n');
    out.postgres = await withinTime('realtime (PostgreSQL)', SECTION_TIMEOUT_MS, () => run(pgDir, url.toString()));
  } catch (error) {
    out.postgres = `skipped: ${(error as Error).message}`;
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    rmSync(pgDir, { recursive: true, force: true });
  }
  return out;
}
