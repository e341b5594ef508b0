/**
 * The checkpointer's thread (checkpointer.ts): its own connection to the SQLite file, a PASSIVE checkpoint
 * every `intervalMs`, a last one when told to stop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const port = parentPort;
if (!port) throw new Error('the checkpointer runs as a worker thread');
const db = new Database(path);
db.pragma('busy_timeout = 1000');

function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    port?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

const timer = setInterval(checkpoint, intervalMs);
port.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  port.postMessage({ stopped: true });
  port.close();
});
