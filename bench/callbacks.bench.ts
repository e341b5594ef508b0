import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decrypt, getSignature } from '@wecom/crypto';
import pino from 'pino';
import { createApp } from '../server/src/modules/apps/apps.service.js';
import {
  CallbackDispatcher,
  callbackCrypto,
  enqueueAppEvents,
  setCallback,
} from '../server/src/modules/callbacks/index.js';
import { createOrg } from '../server/src/modules/orgs/orgs.service.js';
import type { OrgContext } from '../server/src/platform/context.js';
import { openStore } from '../server/src/platform/db/database.js';
import { migrateToLatest } from '../server/src/platform/db/migrator.js';
import { startServer } from './lib.js';

const DELIVERIES = 5_000;
const FAILURE_RATE = 0.1;
const CONCURRENCY = 16;
const KEYS = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
/** Shortened retry waits, so the run measures delivery work rather than waiting. */
const BACKOFF_MS = [10, 20, 40, 80, 160, 320, 640, 1_000, 1_000, 1_000];

type Stats = { attempts: number; refused: number; accepted: number; keys: Record<string, number> };

/**
 * The receiver, run in a child process (ENCLAVE_BENCH_ROLE=receiver): a customer's callback server that
 * checks signatures and decrypts with Tencent's @wecom/crypto, or reads plain XML (the baseline), and
 * refuses a random 10% of POSTs with 503. It counts what it accepted by MsgId.
 */
async function runReceiver(): Promise<void> {
  let stats: Stats = { attempts: 0, refused: 0, accepted: 0, keys: {} };
  const bodyOf = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/stats') return response.end(JSON.stringify(stats));
      if (url.pathname === '/reset') {
        stats = { attempts: 0, refused: 0, accepted: 0, keys: {} };
        return response.end('{}');
      }
      const q = Object.fromEntries(url.searchParams);
      const body = request.method === 'POST' ? await bodyOf(request) : '';
      let plain = body;
      if (url.pathname === '/callback') {
        const ciphered = request.method === 'GET' ? (q.echostr ?? '') : String(callbackCrypto.parseXml(body).Encrypt);
        if (getSignature(KEYS.token, q.timestamp ?? '', q.nonce ?? '', ciphered) !== q.msg_signature) {
          return response.writeHead(403).end('bad signature');
        }
        plain = decrypt(KEYS.encodingAesKey, ciphered).message;
        if (request.method === 'GET') return response.end(plain);
      }
      stats.attempts += 1;
      if (Math.random() < FAILURE_RATE) {
        stats.refused += 1;
        return response.writeHead(503).end('try later');
      }
      const key = String(callbackCrypto.parseXml(plain).MsgId);
      stats.keys[key] = (stats.keys[key] ?? 0) + 1;
      stats.accepted += 1;
      response.end('');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

if (process.env.ENCLAVE_BENCH_ROLE === 'receiver') await runReceiver();

function completeness(stats: Stats) {
  const missing = [];
  for (let i = 1; i <= DELIVERIES; i += 1) if (!stats.keys[String(i)]) missing.push(i);
  const duplicates = Object.values(stats.keys).reduce((sum, n) => sum + (n - 1), 0);
  return { missing: missing.length, duplicates, attempts: stats.attempts, refused: stats.refused };
}

function fieldsOf(i: number, agentId: number) {
  return {
    FromUserName: `user${i}`,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: `回调压测 ${i}`,
    MsgId: BigInt(i),
    AgentID: agentId,
  };
}

/** The baseline: the same bodies POSTed in plain XML, same concurrency, retried at once until accepted. */
async function plainPosts(base: string, corpId: string, agentId: number) {
  const bodies = Array.from({ length: DELIVERIES }, (_, i) =>
    callbackCrypto.toXml({ ToUserName: corpId, ...fieldsOf(i + 1, agentId) }),
  );
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next] as string;
        next += 1;
        for (;;) {
          const response = await fetch(`${base}/plain`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'text/xml' },
          });
          await response.text();
          if (response.status === 200) break;
        }
      }
    }),
  );
  return performance.now() - started;
}

/**
 * N queued callback deliveries to a receiver that refuses 10% of requests, until every one is delivered
 * (SQLite store, retries with shortened back-off); same-run baseline: plain POSTs of the same bodies.
 */
export async function benchCallbacks() {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-'));
  const receiver = await startServer(fileURLToPath(import.meta.url), { ENCLAVE_BENCH_ROLE: 'receiver' });
  const base = String(receiver.ready.url);
  const store = openStore(`sqlite:${join(dir, 'enclave.db')}`);
  const out: Record<string, unknown> = { deliveries: DELIVERIES, failureRate: FAILURE_RATE, concurrency: CONCURRENCY };
  try {
    await migrateToLatest(store.db);
    const org = await createOrg(store.db, {
      name: 'Bench',
      owner: { name: 'o', email: `o${Date.now()}@b.example`, password: 'benchmark-pass' },
    });
    const ctx: OrgContext = { db: store.db, orgId: org.orgId, actor: { kind: 'system' } };
    const { app } = await createApp(ctx, { name: 'Bench' });
    await setCallback(ctx, app.agentId, { url: `${base}/callback`, ...KEYS });

    const baselineMs = await plainPosts(base, org.corpId, app.agentId);
    const baseline = completeness((await (await fetch(`${base}/stats`)).json()) as Stats);
    await fetch(`${base}/reset`);

    await store.db.transaction().execute((tx) =>
      enqueueAppEvents(
        tx,
        org.orgId,
        Array.from({ length: DELIVERIES }, (_, i) => ({
          appId: app.id,
          eventKey: `bench:${i + 1}`,
          eventType: 'text',
          fields: fieldsOf(i + 1, app.agentId),
        })),
      ),
    );
    const dispatcher = new CallbackDispatcher(store.db, pino({ level: 'silent' }), {
      concurrency: CONCURRENCY,
      pollMs: 5,
      backoffMs: BACKOFF_MS,
    });
    const started = performance.now();
    dispatcher.start();
    for (;;) {
      const pending = await store.db
        .selectFrom('callback_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      if (Number(pending.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const enclaveMs = performance.now() - started;
    await dispatcher.stop();
    const failed = await store.db
      .selectFrom('callback_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    const enclave = completeness((await (await fetch(`${base}/stats`)).json()) as Stats);
    if (enclave.missing > 0 || Number(failed.n) > 0) {
      throw new Error(`${enclave.missing} deliveries never arrived, ${failed.n} gave up`);
    }
    out.enclave = { ms: Math.round(enclaveMs), perSecond: Math.round(DELIVERIES / (enclaveMs / 1000)), ...enclave };
    out.plainBaseline = {
      ms: Math.round(baselineMs),
      perSecond: Math.round(DELIVERIES / (baselineMs / 1000)),
      ...baseline,
    };
    process.stderr.write(
      `  callbacks: ${String((out.enclave as { perSecond: number }).perSecond)}/s encrypted with retries, ` +
        `${String((out.plainBaseline as { perSecond: number }).perSecond)}/s plain POSTs; ` +
        `${enclave.duplicates} duplicates, ${enclave.refused} refused attempts\n`,
    );
  } finally {
    await store.close();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
