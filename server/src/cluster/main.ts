import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createRoundRobinProxy, type Upstream } from './proxy.js';
import { NODE_FLAGS } from '../platform/runtime-flags.js';

/**
 * `npm run cluster`: a cluster on one machine, for trying cluster mode and for its tests' sake — N Enclave
 * processes (ENCLAVE_CLUSTER_SIZE, default 2) on PostgreSQL, NATS and Redis behind one address (ENCLAVE_PORT).
 * Ctrl-C stops them all. docs/cluster.md says how to deploy one for real.
 */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const databaseUrl = process.env.ENCLAVE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/enclave_cluster';
const busUrl = process.env.ENCLAVE_BUS_URL ?? 'nats://127.0.0.1:4222';
const redisUrl = process.env.ENCLAVE_REDIS_URL ?? 'redis://127.0.0.1:6379';
const port = Number(process.env.ENCLAVE_PORT ?? 8080);
const host = process.env.ENCLAVE_HOST ?? '0.0.0.0';
const size = Number(process.env.ENCLAVE_CLUSTER_SIZE ?? 2);

if (!/^postgres(ql)?:\/\//.test(databaseUrl)) fail('a cluster needs PostgreSQL: ENCLAVE_DATABASE_URL=postgres://…');
if (!Number.isInteger(size) || size < 1 || size > 16) fail('ENCLAVE_CLUSTER_SIZE must be 1 to 16');

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Creates the database the URL names if the server does not have it yet. */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`unexpected database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database ${name}`);
      process.stdout.write(`created database ${name}\n`);
    }
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const children: ChildProcess[] = [];
const up = new Set<Upstream>();
let stopping = false;

/** Starts one process and resolves once it listens; its output goes to ours, each line marked `[n]`. */
async function startProcess(n: number, internalPort: number, demo: string): Promise<Upstream> {
  const child = spawn(process.execPath, [...NODE_FLAGS, 'server/dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ENCLAVE_DATABASE_URL: databaseUrl,
      ENCLAVE_BUS_URL: busUrl,
      ENCLAVE_REDIS_URL: redisUrl,
      ENCLAVE_PORT: String(internalPort),
      ENCLAVE_HOST: '127.0.0.1',
      ENCLAVE_DEMO: demo,
      // Behind our own proxy, which sets X-Forwarded-For: per-address sign-in limits count the real client.
      ENCLAVE_TRUST_PROXY: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const upstream = { host: '127.0.0.1', port: internalPort };
  return new Promise((ready, reject) => {
    const relay = (sink: NodeJS.WriteStream) => (chunk: Buffer) => {
      const text = chunk.toString().replaceAll(`:${internalPort}`, `:${port}`);
      for (const line of text.split('\n')) if (line !== '') sink.write(`[${n}] ${line}\n`);
      if (text.includes('Enclave is running')) {
        up.add(upstream);
        ready(upstream);
      }
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.once('exit', (code, signal) => {
      up.delete(upstream);
      reject(new Error(`process ${n} exited (${String(code ?? signal)})`));
      if (!stopping) {
        process.stderr.write(`[${n}] exited (${String(code ?? signal)}); stopping the cluster\n`);
        stopOnError(1);
      }
    });
  });
}

async function stop(code: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    ),
  );
  process.exit(code);
}

/** `stop` from an event handler: it does not reject, but should it, the cluster still ends. */
function stopOnError(code: number): void {
  stop(code).catch((error: unknown) => {
    process.stderr.write(`stopping failed: ${String(error)}\n`);
    process.exit(1);
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopOnError(0));

try {
  await ensureDatabase(databaseUrl);
  // One after the other: the first migrates the database and creates the demo org, the rest find them done.
  for (let n = 1; n <= size; n += 1) {
    await startProcess(n, await freePort(), n === 1 ? (process.env.ENCLAVE_DEMO ?? '1') : '0');
  }
} catch (error) {
  process.stderr.write(`the cluster did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  await stop(1);
}
const proxy = createRoundRobinProxy(() => [...up]);
proxy.listen(port, host, () => {
  const shown = host === '0.0.0.0' ? 'localhost' : host;
  process.stdout.write(
    `\nEnclave cluster: ${size} processes on ${databaseUrl.replace(/\/\/[^@/]*@/, '//')} and ${busUrl}\n` +
      `  open http://${shown}:${port}  (Ctrl-C stops all)\n`,
  );
});
