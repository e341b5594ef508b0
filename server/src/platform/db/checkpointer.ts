import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The worker's file beside this one: `.ts` when run from source, `.js` in the release build. */
const WORKER_FILE = new URL(`./checkpointer-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * The WAL checkpoints of a SQLite store, moved off the request path. By default SQLite copies the WAL into
 * the database file inside the commit that passes 1,000 pages, so every large broadcast paid for a
 * checkpoint (~15–20 ms of a 20,000-member send). The main connection turns that off
 * (`wal_autocheckpoint = 0`) and this worker thread, on a connection of its own, runs a PASSIVE checkpoint
 * every `intervalMs`: it never blocks the writer, and a committed transaction is durable in the WAL
 * whether or not it has been checkpointed (ADR 0014).
 */

export type Checkpointer = { stop: () => Promise<void> };

export function startCheckpointer(
  path: string,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  const worker = new Worker(WORKER_FILE, { workerData: { path, intervalMs: options.intervalMs ?? 1000 } });
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
        const timer = setTimeout(() => {
          worker.terminate().then(
            () => done(),
            () => done(),
          );
        }, 5000);
        worker.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        worker.postMessage('stop');
      })),
  };
}
