import { mkdirSync, writeFileSync } from 'node:fs';
import { benchCallbacks } from './callbacks.bench.js';
import { benchCluster } from './cluster.bench.js';
import { benchImportAndSearch } from './import-search.bench.js';
import { machine } from './lib.js';
import { benchMessageSend } from './message-send.bench.js';
import { benchRealtime } from './realtime.bench.js';
import { benchUserGet } from './user-get.bench.js';

// `npm run bench [-- import|message-send|user-get|callbacks|realtime|cluster]`: runs the benchmarks, prints a markdown summary
// and writes bench/out/results.json (bench/out/results-<section>.json when one section runs, so a single section
// does not overwrite the full set). Figures are copied into docs/benchmarks.md with the date and machine.
const only = process.argv[2];
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: machine(),
  command: `npm run bench${only ? ` -- ${only}` : ''}`,
};

if (!only || only === 'import') {
  process.stderr.write('import + search (SQLite)…\n');
  results.importSearch = await benchImportAndSearch();
}
if (!only || only === 'message-send') {
  process.stderr.write('message/send @all of 20,000, fresh store and with 1,000,000 inbox entries…\n');
  results.messageSend = await benchMessageSend();
}
if (!only || only === 'user-get') {
  process.stderr.write('user/get vs bare Fastify…\n');
  results.userGet = await benchUserGet();
}
if (!only || only === 'callbacks') {
  process.stderr.write('callbacks: 5,000 deliveries, 10% refused…\n');
  results.callbacks = await benchCallbacks();
}
if (!only || only === 'realtime') {
  process.stderr.write(
    'realtime: @all to 10,000 WebSocket clients vs bare ws, fresh store and with 1,000,000 entries…\n',
  );
  results.realtime = await benchRealtime();
}
if (!only || only === 'cluster') {
  process.stderr.write('cluster: PostgreSQL + NATS, one process vs two, 10,000 WebSocket clients…\n');
  results.cluster = await benchCluster();
}
mkdirSync('bench/out', { recursive: true });
writeFileSync(
  only ? `bench/out/results-${only}.json` : 'bench/out/results.json',
  `${JSON.stringify(results, null, 2)}\n`,
);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
