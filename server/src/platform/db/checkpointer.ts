import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The WAL checkpoints of a SQLite store, moved off the request path. By default SQLite copies the WAL into
 * the database file inside the commit that passes 1,000 pages, so every large broadcast paid for a
 * checkpoint (~15–20 ms of a 20,000-member send). The main connection turns that off
 * (`wal_autocheckpoint = 0`) and this worker thread, on a connection of its own, runs a PASSIVE checkpoint
 * every `intervalMs`: it never blocks the writer, and a committed transaction is durable in the WAL
 * whether or not it has been checkpointed (ADR 0014).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ stopped: true });
  parentPort.close();
});
`;

export type Checkpointer = { stop: () => Promise<void> };

export function startCheckpointer(
  path: string,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module, path, intervalMs: options.intervalMs ?? 1000 },
  });
  // The worker must not keep a finished process alive; stop() ends it properly.
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => options.onError?.(error.message));
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= new Promise<void>((done) => {
        const timer = setTimeout(() => void worker.terminate().then(() => done()), 5000);
        worker.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        worker.postMessage('stop');
      })),
  };
}
