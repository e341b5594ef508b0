import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from '../platform/runtime-flags.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export type ChildServer = {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  process: ChildProcess;
  /** What the process wrote so far, for failure messages. */
  output: () => string;
  /** Ends the process at once, as a power cut or the OOM killer would, and waits for it to be gone. */
  kill: () => Promise<void>;
};

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/** The release build (`server/dist`), brought up to date first: `npm run build` skips what is current. */
function releaseEntry(): string[] {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', 'sdk', 'server'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  return ['server/dist/main.js'];
}

/**
 * Starts Enclave as its own process on a database, as an operator does, and resolves once it listens: from
 * source (`node --import tsx server/src/main.ts`), or `release`: the compiled build `npm start` runs.
 */
export async function startChildServer(options: {
  databaseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  release?: boolean;
}): Promise<ChildServer> {
  const port = await freePort();
  const entry = options.release ? releaseEntry() : ['--conditions=source', '--import', 'tsx', 'server/src/main.ts'];
  const child = spawn(process.execPath, [...NODE_FLAGS, ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      ENCLAVE_DATABASE_URL: options.databaseUrl,
      ENCLAVE_DATA_DIR: options.dataDir,
      ENCLAVE_PORT: String(port),
      ENCLAVE_HOST: '127.0.0.1',
      ENCLAVE_DEMO: '0',
      ENCLAVE_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`Enclave did not start:\n${output}`)), options.timeoutMs ?? 20_000);
    const check = () => {
      if (output.includes('Enclave is running')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`Enclave exited with ${String(code)} before listening:\n${output}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
