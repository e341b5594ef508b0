import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

export type Upstream = { host: string; port: number };

/**
 * The smallest load balancer that will do for trying a cluster on one machine: plain HTTP and WebSocket
 * upgrades, round-robin over the upstreams, Host header passed through (the gateway compares it with the
 * Origin). Production puts nginx or another proxy here (docs/cluster.md).
 */
export function createRoundRobinProxy(upstreams: () => Upstream[]): Server {
  let next = 0;
  const pick = (): Upstream | undefined => {
    const list = upstreams();
    if (list.length === 0) return undefined;
    next = (next + 1) % list.length;
    return list[next];
  };
  const forwardedFor = (incoming: IncomingMessage) =>
    [incoming.headers['x-forwarded-for'], incoming.socket.remoteAddress].filter(Boolean).join(', ');

  const server = createServer((incoming, outgoing) => {
    const upstream = pick();
    if (!upstream) {
      outgoing.writeHead(503).end('no Enclave process is up');
      return;
    }
    const proxied = httpRequest(
      {
        host: upstream.host,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, 'x-forwarded-for': forwardedFor(incoming) },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.statusMessage, response.rawHeaders);
        response.pipe(outgoing);
      },
    );
    proxied.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(proxied);
  });

  server.on('upgrade', (incoming: IncomingMessage, client: Duplex, head: Buffer) => {
    const upstream = pick();
    if (!upstream) {
      client.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n');
      return;
    }
    const target = connect(upstream.port, upstream.host, () => {
      const lines = [`${incoming.method ?? 'GET'} ${incoming.url ?? '/'} HTTP/1.1`];
      for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
        lines.push(`${incoming.rawHeaders[i] ?? ''}: ${incoming.rawHeaders[i + 1] ?? ''}`);
      }
      target.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) target.write(head);
      target.pipe(client);
      client.pipe(target);
    });
    const end = () => {
      target.destroy();
      client.destroy();
    };
    target.on('error', end);
    client.on('error', end);
    target.on('close', end);
    client.on('close', end);
  });
  return server;
}
