import { reconnectDelay } from './backoff';
import { parseServerFrame } from './frames';
import type { ClientFrame, ServerFrame } from './inbox-types';

/** What the connection needs from the inbox: its position and a place to put entries. */
export interface InboxSink {
  getSnapshot(): { lastSeq: number };
  apply(incoming: readonly unknown[]): { hasGap: boolean };
}

export type SyncStatus = 'connecting' | 'syncing' | 'live' | 'offline';

/** The parts of a WebSocket the connection uses (a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface SyncConnectionOptions {
  url: string;
  inbox: InboxSink;
  createSocket: (url: string) => SocketLike;
  /** The gateway closed with 4401: the session ended. */
  onUnauthorized: () => void;
  onStatus?: (status: SyncStatus) => void;
  /** Where `online`, `offline` and `focus` fire (window in the browser). */
  windowEvents?: EventTarget;
  /** Where `visibilitychange` fires, and whether the page is visible (document in the browser). */
  documentEvents?: EventTarget & { visibilityState?: string };
  /** Fires `change` when the network changes (navigator.connection where supported). */
  networkEvents?: EventTarget;
  random?: () => number;
}

const OPEN = 1;
export const PING_MS = 20_000;
/** No frame for this long (pongs included) means the socket is dead even if it looks open. */
export const SILENCE_MS = 45_000;
/** A timer tick this late means the device slept: reconnect instead of trusting the old socket. */
const WAKE_CHECK_MS = 5_000;
const WAKE_GAP_MS = 15_000;

/**
 * Keeps one WebSocket to the gateway and the local inbox in step with the server's. The inbox is the
 * truth (DESIGN.md §5): on every (re)connect the client asks for everything after its last seq, a gap
 * asks again, and sleep, network changes and silent sockets all end in a reconnect plus sync.
 */
export class SyncConnection {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private stopped = true;
  private syncInFlight = false;
  private syncAgain = false;
  /** The inbox's lastSeq when the sync in flight was sent. */
  private syncFrom = 0;
  private lastFrameAt = 0;
  private lastTick = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private wakeTimer: ReturnType<typeof setInterval> | undefined;
  private status: SyncStatus = 'offline';

  constructor(private readonly options: SyncConnectionOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const { windowEvents, documentEvents, networkEvents } = this.options;
    windowEvents?.addEventListener('online', this.onNetworkChange);
    windowEvents?.addEventListener('offline', this.onOffline);
    windowEvents?.addEventListener('pageshow', this.onWake);
    documentEvents?.addEventListener('visibilitychange', this.onVisibility);
    networkEvents?.addEventListener('change', this.onNetworkChange);
    this.lastTick = Date.now();
    this.wakeTimer = setInterval(this.checkWake, WAKE_CHECK_MS);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    const { windowEvents, documentEvents, networkEvents } = this.options;
    windowEvents?.removeEventListener('online', this.onNetworkChange);
    windowEvents?.removeEventListener('offline', this.onOffline);
    windowEvents?.removeEventListener('pageshow', this.onWake);
    documentEvents?.removeEventListener('visibilitychange', this.onVisibility);
    networkEvents?.removeEventListener('change', this.onNetworkChange);
    clearInterval(this.wakeTimer);
    clearTimeout(this.reconnectTimer);
    this.drop();
    this.setStatus('offline');
  }

  /** Asks for everything after the inbox's last seq (at most one sync in flight; repeats once if asked). */
  requestSync(): void {
    if (!this.isOpen()) return;
    if (this.syncInFlight) {
      this.syncAgain = true;
      return;
    }
    this.syncInFlight = true;
    this.syncFrom = this.options.inbox.getSnapshot().lastSeq;
    this.setStatus('syncing');
    this.send({ type: 'sync', after: this.syncFrom });
  }

  /** Drops the current socket and connects at once (network change, wake, manual retry). */
  reconnectNow(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    this.attempt = 0;
    this.drop();
    this.connect();
  }

  private connect(): void {
    if (this.stopped || this.socket) return;
    this.setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.lastFrameAt = Date.now();
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(this.ping, PING_MS);
    };
    socket.onmessage = (event) => {
      this.lastFrameAt = Date.now();
      const frame = typeof event.data === 'string' ? parseServerFrame(event.data) : null;
      if (frame) this.handle(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.drop();
      if (event.code === 4401) {
        this.stop();
        this.options.onUnauthorized();
        return;
      }
      this.scheduleReconnect();
    };
    socket.onerror = () => {
      // a close event follows; reconnecting happens there
    };
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'hello':
        // The gateway listens for frames only after it has authenticated the socket: sync on hello.
        this.attempt = 0;
        this.syncInFlight = false;
        this.requestSync();
        return;
      case 'entry':
        if (this.options.inbox.apply([frame.entry]).hasGap) this.requestSync();
        return;
      case 'synced': {
        this.syncInFlight = false;
        // Still behind the server but progressing (entries were dropped on the way): ask again.
        const lastSeq = this.options.inbox.getSnapshot().lastSeq;
        const behind = frame.seq > lastSeq && lastSeq > this.syncFrom;
        if (this.syncAgain || behind) {
          this.syncAgain = false;
          this.requestSync();
        } else {
          this.setStatus('live');
        }
        return;
      }
      case 'resync':
        this.requestSync();
        return;
      case 'error':
        // A failed sync on the server ends without `synced`: allow the next one.
        this.syncInFlight = false;
        if (/resync/.test(frame.message)) this.requestSync();
        return;
      case 'pong':
        return;
    }
  }

  private ping = (): void => {
    if (!this.isOpen()) return;
    if (Date.now() - this.lastFrameAt > SILENCE_MS) {
      this.reconnectNow();
      return;
    }
    this.send({ type: 'ping' });
  };

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.setStatus('offline');
    clearTimeout(this.reconnectTimer);
    const delay = reconnectDelay(this.attempt, (this.options.random ?? Math.random)());
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private drop(): void {
    clearInterval(this.pingTimer);
    this.syncInFlight = false;
    this.syncAgain = false;
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(1000, 'reconnecting');
    } catch {
      // already closed
    }
  }

  private isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  private send(frame: ClientFrame): void {
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch {
      this.reconnectNow();
    }
  }

  private setStatus(status: SyncStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }

  private onNetworkChange = (): void => this.reconnectNow();

  private onOffline = (): void => this.setStatus('offline');

  /** Back from the background: a dead socket is replaced, a live one is asked to sync. */
  private onWake = (): void => {
    if (this.stopped) return;
    if (!this.socket) this.reconnectNow();
    else if (this.isOpen()) {
      this.send({ type: 'ping' });
      this.requestSync();
    }
  };

  private onVisibility = (): void => {
    if (this.options.documentEvents?.visibilityState === 'visible') this.onWake();
  };

  private checkWake = (): void => {
    const now = Date.now();
    const slept = now - this.lastTick > WAKE_GAP_MS;
    this.lastTick = now;
    if (slept) this.reconnectNow();
  };
}
