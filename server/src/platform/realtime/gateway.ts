import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { DomainError } from '../errors.js';

export type ConnectionIdentity = { orgId: number; memberId: number };

/** One open socket of a member's client. */
export type Connection = ConnectionIdentity & {
  socket: WebSocket;
  /** Set when the socket's buffer passed the limit: pushes stop until the client resyncs. */
  overflowed: boolean;
};

export type GatewayOptions = {
  /** Beyond this many bytes waiting in a socket's buffer, pushes to it stop and it is told to resync. */
  maxBufferedBytes?: number;
  heartbeatMs?: number;
};

export type GatewayHandlers = {
  /** Who the upgrading request is (a member session), or throws. */
  authenticate: (request: FastifyRequest) => Promise<ConnectionIdentity>;
  /** Answers `{type:'sync', after}`: sends every entry after `after`, in order, then `synced`. */
  sync: (connection: Connection, after: number) => Promise<void>;
};

/**
 * Browsers send cookies on cross-site WebSocket upgrades: only our own pages may connect. No Origin (not a
 * browser) passes; `null` (sandboxed frames, `file:` pages) and anything unparseable do not.
 */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  return new URL(origin).host === host;
}

/**
 * The WebSocket gateway of the member client. The inbox is the truth and a push is an optimisation
 * (DESIGN.md §5): a slow client's buffer is bounded, after which it is told to resync from its inbox.
 */
export class RealtimeGateway {
  private readonly byMember = new Map<number, Set<Connection>>();
  private readonly maxBufferedBytes: number;
  private readonly heartbeatMs: number;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    options: GatewayOptions = {},
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.heartbeatMs = options.heartbeatMs ?? 25_000;
  }

  async register(app: FastifyInstance, handlers: GatewayHandlers): Promise<void> {
    await app.register(websocket, { options: { perMessageDeflate: false, maxPayload: 64 * 1024 } });
    app.get('/api/client/ws', { websocket: true }, (socket, request) => {
      // Nothing a client sends may end the process: a failure here closes this socket and is logged.
      this.accept(socket, request, handlers).catch((error: unknown) => {
        this.log.error({ err: error }, 'realtime connection failed');
        socket.close(1011, 'server error');
      });
    });
    this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  private async accept(socket: WebSocket, request: FastifyRequest, handlers: GatewayHandlers): Promise<void> {
    if (!isSameOrigin(request.headers.origin, request.headers.host)) {
      socket.close(4403, 'cross-origin connection refused');
      return;
    }
    let identity: ConnectionIdentity;
    try {
      identity = await handlers.authenticate(request);
    } catch (error) {
      socket.close(4401, error instanceof DomainError ? error.message : 'sign in first');
      return;
    }
    const connection: Connection = { ...identity, socket, overflowed: false };
    const set = this.byMember.get(identity.memberId) ?? new Set<Connection>();
    set.add(connection);
    this.byMember.set(identity.memberId, set);
    (socket as WebSocket & { isAlive?: boolean }).isAlive = true;
    socket.on('pong', () => {
      (socket as WebSocket & { isAlive?: boolean }).isAlive = true;
    });
    socket.on('close', () => {
      set.delete(connection);
      if (set.size === 0) this.byMember.delete(identity.memberId);
    });
    socket.on('message', (data) => {
      void this.onMessage(connection, String(data), handlers).catch((error: unknown) => {
        this.log.warn({ err: error, memberId: identity.memberId }, 'realtime message failed');
        this.send(connection, JSON.stringify({ type: 'error', message: 'request failed; resync' }));
      });
    });
    this.send(connection, JSON.stringify({ type: 'hello' }));
  }

  private async onMessage(connection: Connection, text: string, handlers: GatewayHandlers): Promise<void> {
    let frame: { type?: unknown; after?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      this.send(connection, JSON.stringify({ type: 'error', message: 'frames are JSON objects' }));
      return;
    }
    if (frame.type === 'sync') {
      const after =
        typeof frame.after === 'number' && Number.isSafeInteger(frame.after) && frame.after >= 0 ? frame.after : 0;
      connection.overflowed = false;
      await handlers.sync(connection, after);
    } else if (frame.type === 'ping') {
      this.send(connection, '{"type":"pong"}');
    } else {
      this.send(connection, JSON.stringify({ type: 'error', message: `unknown frame type ${String(frame.type)}` }));
    }
  }

  /** Sends a frame unless the socket is backed up; a backed-up socket gets one `resync` and then nothing. */
  /** `frame` is the text of a frame, as a string or as its UTF-8 bytes (always sent as a text frame). */
  send(connection: Connection, frame: string | Buffer): boolean {
    if (connection.overflowed || connection.socket.readyState !== connection.socket.OPEN) return false;
    if (connection.socket.bufferedAmount > this.maxBufferedBytes) {
      connection.overflowed = true;
      connection.socket.send('{"type":"resync"}');
      return false;
    }
    connection.socket.send(frame, { binary: false });
    return true;
  }

  /** Pushes a frame to every open socket of a member; returns how many took it. */
  pushTo(memberId: number, frame: string | Buffer): number {
    let sent = 0;
    for (const connection of this.byMember.get(memberId) ?? []) if (this.send(connection, frame)) sent += 1;
    return sent;
  }

  /** Whether the member has a socket on this process. */
  isConnected(memberId: number): boolean {
    return this.byMember.has(memberId);
  }

  /** Connected member ids among these. */
  connected(memberIds: Iterable<number>): number[] {
    const out: number[] = [];
    for (const id of memberIds) if (this.byMember.has(id)) out.push(id);
    return out;
  }

  get connectionCount(): number {
    let n = 0;
    for (const set of this.byMember.values()) n += set.size;
    return n;
  }

  get memberCount(): number {
    return this.byMember.size;
  }

  private beat(): void {
    for (const set of this.byMember.values()) {
      for (const { socket } of set) {
        const s = socket as WebSocket & { isAlive?: boolean };
        if (s.isAlive === false) {
          s.terminate();
          continue;
        }
        s.isAlive = false;
        s.ping();
      }
    }
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.byMember.values()) for (const { socket } of set) socket.close(1001, 'server shutting down');
    this.byMember.clear();
  }
}
