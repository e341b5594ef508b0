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
import { NODE_FLAGS } from '../server/src/platform/runtime-flags.js';
import { median } from './lib.js';

// Realtime delivery: Enclave (SQLite, 20,000 members) in one process, 10,000 WebSocket clients in another, this
// process in the middle sending through the open API and asking both for figures. The same client process then
// measures a bare `ws` server (bench/servers/ws-bare.ts) as the same-run baseline.

const MISSED = 10_000;
const OPEN_CONCURRENCY = 100;
/** The whole section gives up (and kills its children) after this long. */
const SECTION_TIMEOUT_MS = 15 * 60_000;
async function run(dir: string) {
  const out: Record<string, unknown> = { members: MEMBERS, clients: CLIENTS };
  // The 1-minute load average before and after: other work on the machine shows up in every figure here.
  const load: Record<string, number> = { start: round(loadavg()[0] ?? 0, 2) };
  out.loadAverage = load;
  const setupStarted = performance.now();
  const [server, clients] = await Promise.all([
    spawnChild('bench/servers/enclave-realtime.ts', {
      env: { BENCH_DIR: dir, BENCH_MEMBERS: String(MEMBERS), BENCH_SESSIONS: String(CLIENTS) },
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
    const single: ReturnType<typeof latencies>[] = [];
    let frameBytes = 0;
    for (let i = 0; i < SINGLE_RUNS; i += 1) {
      seq += 1;
      await clients.call('expect', { from: seq, to: seq });
      const sentAt = now();
      await send(content(i));
      const sendMs = now() - sentAt;
      const result = await clients.call<Awaited>('await', { timeoutMs: 60_000 }, 90_000);
      check(result, `broadcast ${i + 1}`);
      frameBytes = result.frameBytes;
      single.push({ ...latencies(result, sentAt), sendMs: round(sendMs) } as ReturnType<typeof latencies>);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const singleMax = median(single.map((s) => s.max));
    out.single = { runs: single, medianMaxMs: singleMax, frameBytes };
    process.stderr.write(
      `  one @all → ${CLIENTS} clients: last client after ${single.map((s) => s.max).join(', ')} ms (p50 ${single.map((s) => s.p50).join(', ')})\n`,
    );

    // 2. BURST broadcasts back to back: deliveries/s until the last client has all of them — one sender
    // waiting for each answer, then all sent at once.
    const profiled = <T>(phase: string, measure: () => Promise<T>) =>
      profiledPhase(String(ready.controlUrl), phase, measure);
    out.burst = await profiled('burst', () =>
      measureBurst(clients, send, seq + 1, 'sequential', (i) => content(100 + i)),
    );
    seq += BURST;
    out.concurrentBurst = await profiled('concurrent', () =>
      measureBurst(clients, send, seq + 1, 'concurrent', (i) => content(200 + i)),
    );
    seq += BURST;

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
      process.stderr.write(
        `  bare ws: last client after ${bareRuns.map((r) => r.max).join(', ')} ms → Enclave/bare ${out.singleRatio}×\n`,
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

/** Realtime delivery over WebSocket: one @all to 10,000 connected clients, 20 back to back, a 10,000-message resync, memory. */
export async function benchRealtime() {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-realtime-'));
  try {
    return await withinTime('realtime', SECTION_TIMEOUT_MS, () => run(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
