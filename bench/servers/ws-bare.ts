import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

// The baseline of the realtime bench: a bare `ws` server speaking the client protocol's shape (hello, sync →
// synced, entry frames) with no auth, no database and no per-recipient work. POST /broadcast?bytes=N&count=K
// sends K frames of N bytes to every socket (one string per broadcast, client.send() per socket, a turn of the
// event loop between broadcasts) and answers when the send loops are done.
const sockets = new Set<WebSocket>();
let seq = 0;

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
      for (let k = 0; k < count; k += 1) {
        seq += 1;
        const frame = frameOf(seq, bytes);
        for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(frame);
        if (k < count - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      response.end(JSON.stringify({ first, last: seq, buffered: [...sockets].some((s) => s.bufferedAmount > 0) }));
    })();
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
  server.close(() => process.exit(0));
});
