import { createServer } from 'node:http';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

// The baseline of the realtime bench: a bare `ws` server speaking the client protocol's shape (hello, sync →
// synced, entry frames) with no auth, no database and no per-recipient work. POST /broadcast?bytes=N&count=K
// sends K frames of N bytes to every socket (one string per broadcast, client.send() per socket, a turn of the
// event loop between broadcasts) and answers when the send loops are done.
//
// With BENCH_FLOOR_DATABASE_URL and BENCH_FLOOR_ORG (the cluster bench's floor): before each frame goes out,
// the write that Enclave's inbox design requires (DESIGN.md §5) commits on PostgreSQL — every member of the
// org gets its counter bumped and one inbox entry, the two statements of Enclave's `appendEntries`, in one
// transaction, on copies of Enclave's two tables — and the frames carry the seq it gave. The next broadcast's write runs while this one's frames
// go out. No HTTP API, audience, quota, outbox, relay or bus: what the machine can do with the design's writes.
const sockets = new Set<WebSocket>();
let seq = 0;

const floorUrl = process.env.BENCH_FLOOR_DATABASE_URL;
const floorOrg = Number(process.env.BENCH_FLOOR_ORG ?? 0);
const pool = floorUrl ? new pg.Pool({ connectionString: floorUrl, max: 2 }) : undefined;
let floorMembers: number[] = [];
if (pool) {
  // Tables of their own, shaped as Enclave's (indexes and all), so the floor neither sees nor disturbs
  // Enclave's inboxes and starts from empty ones, as Enclave's first phase does.
  await pool.query(`
    drop table if exists floor_entries;
    drop table if exists floor_sequences;
    create table floor_sequences (like member_sequences including all) with (fillfactor = 50);
    create table floor_entries (like inbox_entries including all);`);
  const members = await pool.query<{ id: string }>('select id from members where org_id = $1 order by id', [floorOrg]);
  floorMembers = members.rows.map((r) => Number(r.id));
  await pool.query(
    'insert into floor_sequences (member_id, org_id, last_seq) select id, org_id, 0 from members where org_id = $1',
    [floorOrg],
  );
}
let floorMessage = 1_000_000_000;
/** BENCH_FLOOR_BATCH=k: k broadcasts per transaction (one counter bump of k per member): what batching could give. */
const floorBatch = Math.max(1, Number(process.env.BENCH_FLOOR_BATCH ?? 1));

/** The inbox writes of `k` broadcasts in one transaction (every member is in step: the seqs are known). */
async function writeInboxes(k: number): Promise<void> {
  const client = await (pool as pg.Pool).connect();
  try {
    await client.query('begin');
    const members = '(select m as member_id from unnest($1::bigint[]) with ordinality as u(m, n) order by n)';
    await client.query(
      `insert into floor_sequences (member_id, org_id, last_seq) select member_id, $2, $3 from ${members} as ids where true
       on conflict (member_id) do update set last_seq = floor_sequences.last_seq + $3`,
      [floorMembers, floorOrg, k],
    );
    await client.query(
      `insert into floor_entries (member_id, seq, org_id, message_id, conversation, kind, created_at, read_at)
       select s.member_id, s.last_seq - $3 + g, $2, $4 + g, 'app:floor', 'message', $5, null
       from ${members} as ids join floor_sequences s on s.member_id = ids.member_id cross join generate_series(1, $3::int) g`,
      [floorMembers, floorOrg, k, floorMessage, Date.now()],
    );
    floorMessage += k;
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function frameOf(n: number, bytes: number): string {
  const head = `{"type":"entry","entry":{"seq":${n},"kind":"message","conversation":"app:1000002","readAt":null,"createdAt":${Date.now()},"message":{"msgId":"bench","msgType":"text","payload":{"content":"`;
  const tail = '"},"isConfidential":false,"recalled":false,"sender":null}}}';
  return head + 'x'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail;
}

function memory(gc: boolean) {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (gc && collect) for (let i = 0; i < 3; i += 1) collect();
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    connections: sockets.size,
  };
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/stats') return response.end(JSON.stringify(memory(url.searchParams.get('gc') === '1')));
  if (url.pathname === '/broadcast') {
    const bytes = Number(url.searchParams.get('bytes') ?? 200);
    const count = Number(url.searchParams.get('count') ?? 1);
    void (async () => {
      const first = seq + 1;
      // The floor writes `floorBatch` broadcasts per transaction; the next write commits while frames go out.
      const batches: number[] = [];
      for (let left = count; left > 0; left -= floorBatch) batches.push(Math.min(floorBatch, left));
      let written = pool ? writeInboxes(batches[0] as number) : undefined;
      for (let b = 0; b < batches.length; b += 1) {
        await written;
        written = pool && b < batches.length - 1 ? writeInboxes(batches[b + 1] as number) : undefined;
        for (let k = 0; k < (batches[b] as number); k += 1) {
          seq += 1;
          const frame = frameOf(seq, bytes);
          for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(frame);
          if (seq < first + count - 1) await new Promise((resolve) => setImmediate(resolve));
        }
      }
      response.end(JSON.stringify({ first, last: seq, buffered: [...sockets].some((s) => s.bufferedAmount > 0) }));
    })().catch((error: unknown) => response.writeHead(500).end(JSON.stringify({ error: String(error) })));
    return;
  }
  response.writeHead(404).end('{}');
});
const wss = new WebSocketServer({ server, path: '/api/client/ws', perMessageDeflate: false, maxPayload: 64 * 1024 });
wss.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type?: string };
    if (frame.type === 'sync') socket.send(JSON.stringify({ type: 'synced', seq }));
  });
  socket.send('{"type":"hello"}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(
  `${JSON.stringify({ wsUrl: `ws://127.0.0.1:${port}/api/client/ws`, controlUrl: `http://127.0.0.1:${port}` })}\n`,
);
process.once('SIGTERM', () => {
  for (const socket of sockets) socket.terminate();
  server.close(() => void (pool?.end() ?? Promise.resolve()).then(() => process.exit(0)));
});
