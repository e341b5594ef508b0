import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';

// The client side of the realtime bench, in its own process (spawned with a raised fd limit): thousands of
// WebSocket clients speaking the member client's protocol (hello → sync{after} → entries → synced). It takes
// one JSON command a line on stdin and answers one JSON line on stdout with the same `id`. Arrival times use
// performance.timeOrigin + performance.now(), the clock the other bench processes share.

const now = () => performance.timeOrigin + performance.now();

type Client = {
  ws: WebSocket;
  after: number;
  /** seq → arrival time of the entries received since the last `expect`. */
  got: Map<number, number>;
  inRange: number;
  duplicates: number;
  outOfRange: number;
  done: boolean;
  lastSeq: number;
  synced: (() => void) | undefined;
  failed: ((error: Error) => void) | undefined;
};

type Command = { id: number; cmd: string } & Record<string, unknown>;

const clients: Client[] = [];
let frameBytes = 0;
let resyncs = 0;
let errors = 0;
let closedEarly = 0;
let expectation: { from: number; to: number; count: number } | undefined;
let doneCount = 0;
let allDone: (() => void) | undefined;

function onEntry(client: Client, seq: number, at: number): void {
  if (client.got.has(seq)) {
    client.duplicates += 1;
    return;
  }
  client.got.set(seq, at);
  if (seq > client.lastSeq) client.lastSeq = seq;
  if (!expectation) return;
  if (seq < expectation.from || seq > expectation.to) {
    client.outOfRange += 1;
    return;
  }
  client.inRange += 1;
  if (!client.done && client.inRange === expectation.count) {
    client.done = true;
    doneCount += 1;
    if (doneCount === clients.length) allDone?.();
  }
}

/** Both servers start an entry frame with its seq: `{"type":"entry","entry":{"seq":123,…`. */
const ENTRY_PREFIX = Buffer.from('{"type":"entry","entry":{"seq":');

function seqOf(data: Buffer): number {
  let seq = 0;
  for (let i = ENTRY_PREFIX.length; i < data.length; i += 1) {
    const c = data[i] as number;
    if (c < 48 || c > 57) break;
    seq = seq * 10 + (c - 48);
  }
  return seq;
}

function open(url: string, token: string | undefined, after: number, timeoutMs: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      headers: token ? { cookie: `enclave_member=${token}` } : {},
    });
    const client: Client = {
      ws,
      after,
      got: new Map(),
      inRange: 0,
      duplicates: 0,
      outOfRange: 0,
      done: false,
      lastSeq: after,
      synced: undefined,
      failed: undefined,
    };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('open timed out'));
    }, timeoutMs);
    client.synced = () => {
      clearTimeout(timer);
      client.synced = undefined;
      client.failed = undefined;
      resolve(client);
    };
    client.failed = (error) => {
      clearTimeout(timer);
      client.synced = undefined;
      client.failed = undefined;
      reject(error);
    };
    ws.on('message', (data: Buffer) => {
      const at = now();
      // Entry frames are most of the traffic: read their seq without parsing the whole frame, so that this
      // process (which receives for all 10,000 clients) stays as far as possible from being the bottleneck.
      if (data.subarray(0, ENTRY_PREFIX.length).equals(ENTRY_PREFIX)) {
        frameBytes = data.length;
        onEntry(client, seqOf(data), at);
        return;
      }
      const frame = JSON.parse(data.toString()) as { type: string; entry?: { seq: number }; seq?: number };
      if (frame.type === 'entry') {
        frameBytes = data.length;
        onEntry(client, (frame.entry as { seq: number }).seq, at);
      } else if (frame.type === 'hello') {
        ws.send(JSON.stringify({ type: 'sync', after: client.after }));
      } else if (frame.type === 'synced') {
        client.lastSeq = Math.max(client.lastSeq, frame.seq ?? 0);
        client.synced?.();
      } else if (frame.type === 'resync') {
        resyncs += 1;
      } else if (frame.type === 'error') {
        errors += 1;
      }
    });
    ws.on('error', (error) => client.failed?.(error));
    ws.on('close', (code) => {
      if (client.failed) client.failed(new Error(`closed ${code} before synced`));
      else if (clients.includes(client)) closedEarly += 1;
    });
  });
}

/** Opens a client per token; with several URLs (processes of a cluster), client i goes to urls[i % n]. */
async function openMany(urls: string[], tokens: (string | undefined)[], concurrency: number, timeoutMs: number) {
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  let firstError = '';
  const deadline = Date.now() + timeoutMs;
  const worker = async () => {
    while (next < tokens.length && Date.now() < deadline) {
      const i = next;
      next += 1;
      try {
        clients.push(await open(urls[i % urls.length] as string, tokens[i], 0, 30_000));
      } catch (error) {
        failed += 1;
        firstError ||= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { opened: clients.length, failed, firstError, ms: performance.now() - t0 };
}

async function closeAll(timeoutMs: number) {
  const all = clients.splice(0);
  await Promise.race([
    Promise.all(
      all.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.ws.readyState === WebSocket.CLOSED) return resolve();
            c.ws.once('close', () => resolve());
            c.ws.close(1000);
          }),
      ),
    ),
    new Promise((resolve) => setTimeout(resolve, timeoutMs)),
  ]);
  for (const c of all) if (c.ws.readyState !== WebSocket.CLOSED) c.ws.terminate();
  return { closed: all.length };
}

/** Resets every client's record and arms the completion check for seqs from..to. */
function expect(from: number, to: number) {
  expectation = { from, to, count: to - from + 1 };
  doneCount = 0;
  resyncs = 0;
  errors = 0;
  for (const c of clients) {
    c.got.clear();
    c.inRange = 0;
    c.duplicates = 0;
    c.outOfRange = 0;
    c.done = false;
  }
  return { armed: clients.length };
}

/** Waits until every client has every expected seq (or the timeout), then reports per-client completion times. */
async function awaitAll(timeoutMs: number, settleMs: number) {
  const e = expectation;
  if (!e) throw new Error('expect first');
  let timedOut = false;
  if (doneCount < clients.length) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timedOut = true;
        resolve();
      }, timeoutMs);
      allDone = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    allDone = undefined;
  }
  // Late duplicates would arrive right after the last entry: give them a moment before counting.
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  let missing = 0;
  let duplicates = 0;
  let outOfRange = 0;
  const completions: number[] = [];
  const firsts: number[] = [];
  for (const c of clients) {
    missing += e.count - c.inRange;
    duplicates += c.duplicates;
    outOfRange += c.outOfRange;
    let last = 0;
    let first = Infinity;
    for (const [seq, at] of c.got) {
      if (seq < e.from || seq > e.to) continue;
      if (at > last) last = at;
      if (at < first) first = at;
    }
    if (c.inRange === e.count) completions.push(last);
    if (first !== Infinity) firsts.push(first);
  }
  expectation = undefined;
  return {
    clients: clients.length,
    complete: completions.length,
    timedOut,
    missing,
    duplicates,
    outOfRange,
    resyncs,
    errors,
    closedEarly,
    frameBytes,
    completions,
    firsts,
  };
}

let solo: Client | undefined;

/** One member's reconnect after a gap: connect, sync after `after`, time until `count` entries arrived in order. */
function reconnect(url: string, token: string, after: number, count: number, timeoutMs: number) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const t0 = now();
    let helloAt = 0;
    let lastAt = 0;
    let received = 0;
    let inOrder = true;
    let expected = after + 1;
    const ws = new WebSocket(url, { perMessageDeflate: false, headers: { cookie: `enclave_member=${token}` } });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`reconnect timed out after ${received} entries`));
    }, timeoutMs);
    ws.on('message', (data: Buffer) => {
      const at = now();
      const frame = JSON.parse(data.toString()) as { type: string; entry?: { seq: number }; seq?: number };
      if (frame.type === 'hello') {
        helloAt = at;
        ws.send(JSON.stringify({ type: 'sync', after }));
      } else if (frame.type === 'entry') {
        const seq = (frame.entry as { seq: number }).seq;
        if (seq !== expected) inOrder = false;
        expected = seq + 1;
        received += 1;
        lastAt = at;
      } else if (frame.type === 'synced') {
        clearTimeout(timer);
        ws.close(1000);
        resolve({
          received,
          expected: count,
          inOrder,
          lastSeq: frame.seq,
          connectMs: helloAt - t0,
          syncMs: lastAt - helloAt,
          totalMs: lastAt - t0,
          syncedMs: at - t0,
        });
      }
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'open': {
      const tokens = command.tokensFile
        ? (JSON.parse(readFileSync(String(command.tokensFile), 'utf8')) as string[]).slice(0, Number(command.count))
        : Array.from({ length: Number(command.count) }, () => undefined);
      const urls = Array.isArray(command.urls) ? command.urls.map(String) : [String(command.url)];
      return openMany(urls, tokens, Number(command.concurrency ?? 100), Number(command.timeoutMs));
    }
    case 'close':
      return closeAll(Number(command.timeoutMs ?? 30_000));
    case 'expect':
      return expect(Number(command.from), Number(command.to));
    case 'await':
      return awaitAll(Number(command.timeoutMs), Number(command.settleMs ?? 200));
    case 'solo-open': {
      solo = await open(String(command.url), String(command.token), Number(command.after ?? 0), 30_000);
      return { lastSeq: solo.lastSeq };
    }
    case 'solo-close': {
      const ws = solo?.ws;
      solo = undefined;
      if (ws) await new Promise<void>((resolve) => (ws.once('close', () => resolve()), ws.close(1000)));
      return {};
    }
    case 'reconnect':
      return reconnect(
        String(command.url),
        String(command.token),
        Number(command.after),
        Number(command.count),
        Number(command.timeoutMs),
      );
    case 'memory':
      return process.memoryUsage();
    case 'last-seq':
      return { lastSeq: clients.reduce((max, c) => Math.max(max, c.lastSeq), 0) };
    default:
      throw new Error(`unknown command ${command.cmd}`);
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = JSON.parse(line) as Command;
  handle(command).then(
    (result) => process.stdout.write(`${JSON.stringify({ id: command.id, result })}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ id: command.id, error: String(error) })}\n`),
  );
});
// Stdin closing means the bench is gone: do not outlive it.
lines.on('close', () => process.exit(0));
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
