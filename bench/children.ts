import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { percentile } from './lib.js';

// The processes of the realtime and cluster benches: Enclave servers and the WebSocket client process, each
// answering JSON lines, and the figures both benches compute from the clients' answers.

const FD_LIMIT = 65_535;
/** The load of both benches: WebSocket clients, org size, single broadcasts measured, broadcasts per burst. */
export const CLIENTS = 10_000;
export const MEMBERS = 20_000;
export const SINGLE_RUNS = 5;
export const BURST = 20;

export const now = () => performance.timeOrigin + performance.now();
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export type Child = {
  process: ChildProcess;
  ready: Record<string, unknown>;
  /** One JSON line → one JSON answer with the same id (the client process). */
  call: <T = Record<string, unknown>>(cmd: string, args?: Record<string, unknown>, timeoutMs?: number) => Promise<T>;
  stop: () => Promise<void>;
};

/** Spawns a bench script through bash with a raised fd limit (FD_LIMIT, or the hard limit where that is lower) and waits for its first JSON line (bounded). */
export async function spawnChild(
  script: string,
  options: { env?: Record<string, string>; nodeArgs?: string[]; readyTimeoutMs: number },
): Promise<Child> {
  const node = [process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', script].map((a) => `'${a}'`);
  const child = spawn(
    'bash',
    ['-c', `{ ulimit -n ${FD_LIMIT} || ulimit -n "$(ulimit -Hn)"; } 2>/dev/null; exec ${node.join(' ')}`],
    {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  live.add(child);
  child.once('exit', () => live.delete(child));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ready: Record<string, unknown> | undefined;
  const readyPromise = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} not ready in ${options.readyTimeoutMs} ms`)),
      options.readyTimeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}`));
      for (const p of pending.values()) p.reject(new Error(`${script} exited with ${code}`));
    });
    lines.on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      if (!ready) {
        ready = message;
        clearTimeout(timer);
        resolve(message);
        return;
      }
      const p = pending.get(message.id as number);
      if (!p) return;
      pending.delete(message.id as number);
      if (message.error) p.reject(new Error(String(message.error)));
      else p.resolve(message.result);
    });
  });
  let nextId = 0;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  try {
    return {
      process: child,
      ready: await readyPromise,
      call: <T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 60_000) =>
        new Promise<T>((resolve, reject) => {
          const id = (nextId += 1);
          const timer = setTimeout(() => {
            pending.delete(id);
            reject(new Error(`${cmd} timed out after ${timeoutMs} ms`));
          }, timeoutMs);
          pending.set(id, {
            resolve: (v) => (clearTimeout(timer), resolve(v as T)),
            reject: (e) => (clearTimeout(timer), reject(e)),
          });
          child.stdin?.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
        }),
      stop,
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

const live = new Set<ChildProcess>();
export const killAll = () => {
  for (const child of live) child.kill('SIGKILL');
};
process.once('exit', killAll);

export type Memory = { rss: number; heapUsed: number; external: number; connections: number };

export async function getJson<T = Record<string, number>>(url: string, timeoutMs = 120_000): Promise<T> {
  const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export type Awaited = {
  clients: number;
  complete: number;
  timedOut: boolean;
  missing: number;
  duplicates: number;
  outOfRange: number;
  resyncs: number;
  errors: number;
  closedEarly: number;
  frameBytes: number;
  completions: number[];
  firsts: number[];
};

/** Arrival minus send time over every client, and the checks the clients made. */
export function latencies(result: Awaited, sentAt: number) {
  const ms = result.completions.map((t) => t - sentAt);
  return {
    p50: round(percentile(ms, 50)),
    p99: round(percentile(ms, 99)),
    max: round(Math.max(...ms)),
    firstMs: round(Math.min(...result.firsts) - sentAt),
    complete: result.complete,
    missing: result.missing,
    duplicates: result.duplicates,
    outOfRange: result.outOfRange,
    resyncs: result.resyncs,
  };
}

export function memoryPerConnection(idle: Memory, busy: Memory, connections: number) {
  return {
    connections,
    rssIdleMiB: round(idle.rss / 2 ** 20),
    rssBusyMiB: round(busy.rss / 2 ** 20),
    rssPerConnectionKiB: round((busy.rss - idle.rss) / connections / 1024, 2),
    heapPlusExternalPerConnectionKiB: round(
      (busy.heapUsed + busy.external - idle.heapUsed - idle.external) / connections / 1024,
      2,
    ),
  };
}

export function check(result: Awaited, what: string) {
  if (result.complete !== result.clients || result.missing || result.duplicates) {
    process.stderr.write(
      `  ! ${what}: ${result.complete}/${result.clients} complete, ${result.missing} missing, ${result.duplicates} duplicates${result.timedOut ? ' (timed out)' : ''}\n`,
    );
  }
}

/** A function that sends one `@all` text through an Enclave server's open API and fails on any errcode. */
export function broadcaster(server: { httpUrl: string; accessToken: string; agentId: number }) {
  return async (content: string): Promise<void> => {
    const response = await fetch(`${server.httpUrl}/cgi-bin/message/send?access_token=${server.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: '@all', msgtype: 'text', agentid: server.agentId, text: { content } }),
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await response.json()) as { errcode: number; errmsg: string };
    if (body.errcode !== 0) throw new Error(`message/send: ${body.errcode} ${body.errmsg}`);
  };
}

/** Runs a bench section, failing it (and killing every child process) after `ms`. */
export async function withinTime<T>(what: string, ms: number, section: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      section(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} bench timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    killAll();
  }
}

/**
 * BURST `@all` broadcasts and the deliveries/s until the last client has all of them, checked by every client.
 * `sequential`: each send waits for the previous one's answer (one sender). `concurrent`: all are sent at
 * once, as several senders (or one that does not wait) would; the server then commits them one after another
 * and may push several in one turn.
 */
export async function measureBurst(
  clients: Child,
  /** The i-th send; a cluster bench spreads them over its processes. */
  send: (content: string, i: number) => Promise<void>,
  fromSeq: number,
  mode: 'sequential' | 'concurrent',
  content: (i: number) => string,
) {
  await clients.call('expect', { from: fromSeq, to: fromSeq + BURST - 1 });
  const at = now();
  if (mode === 'sequential') for (let i = 0; i < BURST; i += 1) await send(content(i), i);
  else await Promise.all(Array.from({ length: BURST }, (_, i) => send(content(i), i)));
  const sendMs = now() - at;
  const result = await clients.call<Awaited>('await', { timeoutMs: 180_000, settleMs: 500 }, 200_000);
  check(result, `${mode} burst`);
  const ms = Math.max(...result.completions) - at;
  const out = {
    mode,
    broadcasts: BURST,
    sendLoopMs: round(sendMs, 0),
    lastClientMs: round(ms, 0),
    deliveriesPerSecond: Math.round((BURST * result.complete) / (ms / 1000)),
    complete: result.complete,
    clients: result.clients,
    missing: result.missing,
    duplicates: result.duplicates,
    outOfRange: result.outOfRange,
    resyncs: result.resyncs,
  };
  process.stderr.write(
    `  ${BURST} × @all ${mode}: ${out.deliveriesPerSecond} deliveries/s, ${result.complete}/${result.clients} complete, ${result.missing} missing, ${result.duplicates} duplicates\n`,
  );
  return out;
}

/**
 * Runs one measured phase; with BENCH_PROFILE_PHASE naming it (burst, concurrent), the server behind
 * `controlUrl` writes a CPU profile of that phase alone to bench/out/<prefix><phase>.cpuprofile.
 */
export async function profiledPhase<T>(
  controlUrl: string,
  phase: string,
  measure: () => Promise<T>,
  prefix = '',
): Promise<T> {
  if (process.env.BENCH_PROFILE_PHASE !== phase) return measure();
  await getJson(`${controlUrl}/profile/start`);
  const result = await measure();
  const file = join(process.cwd(), `bench/out/${prefix}${phase}.cpuprofile`);
  await getJson(`${controlUrl}/profile/stop?file=${encodeURIComponent(file)}`);
  process.stderr.write(`  CPU profile of the ${phase} phase: ${file}\n`);
  return result;
}
