import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyEntries, emptyInbox, type InboxState } from './inbox-reducer';
import { PING_MS, SILENCE_MS, SyncConnection, type SocketLike } from './sync-connection';
import { entry } from './test-entries';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  serverClose(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function setup() {
  let state: InboxState = emptyInbox;
  const inbox = {
    getSnapshot: () => state,
    apply: (incoming: readonly unknown[]) => {
      const result = applyEntries(state, incoming);
      state = result.state;
      return result;
    },
  };
  const sockets: FakeSocket[] = [];
  const windowEvents = new EventTarget();
  const documentEvents = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const onUnauthorized = vi.fn();
  const connection = new SyncConnection({
    url: 'ws://test/api/client/ws',
    inbox,
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    onUnauthorized,
    windowEvents,
    documentEvents,
    random: () => 1,
  });
  const latest = (): FakeSocket => {
    const socket = sockets[sockets.length - 1];
    if (!socket) throw new Error('no socket yet');
    return socket;
  };
  const connectLive = () => {
    connection.start();
    latest().open();
    latest().receive({ type: 'hello' });
  };
  return { connection, inbox, sockets, latest, connectLive, windowEvents, documentEvents, onUnauthorized };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SyncConnection', () => {
  it('asks for everything after its last seq when the gateway says hello', () => {
    const t = setup();
    t.inbox.apply([entry(1), entry(2)]);
    t.connectLive();
    expect(t.latest().sent).toEqual([{ type: 'sync', after: 2 }]);
  });

  it('applies pushed entries and ignores repeats', () => {
    const t = setup();
    t.connectLive();
    t.latest().receive({ type: 'entry', entry: entry(1) });
    t.latest().receive({ type: 'synced', seq: 1 });
    t.latest().receive({ type: 'entry', entry: entry(1) });
    t.latest().receive({ type: 'entry', entry: entry(2) });
    expect(t.inbox.getSnapshot().entries.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('syncs again when a pushed entry skips a seq', () => {
    const t = setup();
    t.connectLive();
    t.latest().receive({ type: 'synced', seq: 0 });
    t.latest().sent = [];
    t.latest().receive({ type: 'entry', entry: entry(2) });
    expect(t.latest().sent).toEqual([{ type: 'sync', after: 0 }]);
    t.latest().receive({ type: 'entry', entry: entry(1) });
    t.latest().receive({ type: 'entry', entry: entry(2) });
    expect(t.inbox.getSnapshot().lastSeq).toBe(2);
  });

  it('keeps one sync in flight and repeats it once after synced', () => {
    const t = setup();
    t.connectLive();
    t.latest().receive({ type: 'resync' });
    t.latest().receive({ type: 'resync' });
    expect(t.latest().sent).toEqual([{ type: 'sync', after: 0 }]);
    t.latest().receive({ type: 'entry', entry: entry(1) });
    t.latest().receive({ type: 'synced', seq: 1 });
    expect(t.latest().sent).toEqual([
      { type: 'sync', after: 0 },
      { type: 'sync', after: 1 },
    ]);
  });

  it('pings every 20 seconds', () => {
    const t = setup();
    t.connectLive();
    t.latest().sent = [];
    vi.advanceTimersByTime(PING_MS);
    expect(t.latest().sent).toEqual([{ type: 'ping' }]);
  });

  it('replaces a socket that has gone silent', () => {
    const t = setup();
    t.connectLive();
    vi.advanceTimersByTime(SILENCE_MS + PING_MS);
    expect(t.sockets[0]?.closed).toBe(true);
    expect(t.sockets.length).toBe(2);
  });

  it('reconnects with back-off after the socket closes, and syncs from where it was', () => {
    const t = setup();
    t.connectLive();
    t.latest().receive({ type: 'entry', entry: entry(1) });
    t.latest().serverClose();
    vi.advanceTimersByTime(999);
    expect(t.sockets.length).toBe(1);
    vi.advanceTimersByTime(1);
    expect(t.sockets.length).toBe(2);
    t.latest().serverClose();
    vi.advanceTimersByTime(1999);
    expect(t.sockets.length).toBe(2);
    vi.advanceTimersByTime(1);
    t.latest().open();
    t.latest().receive({ type: 'hello' });
    expect(t.latest().sent).toEqual([{ type: 'sync', after: 1 }]);
  });

  it('reconnects at once when the network comes back', () => {
    const t = setup();
    t.connectLive();
    t.windowEvents.dispatchEvent(new Event('online'));
    expect(t.sockets[0]?.closed).toBe(true);
    expect(t.sockets.length).toBe(2);
  });

  it('syncs when the page becomes visible again', () => {
    const t = setup();
    t.connectLive();
    t.latest().receive({ type: 'synced', seq: 0 });
    t.latest().sent = [];
    t.documentEvents.dispatchEvent(new Event('visibilitychange'));
    expect(t.latest().sent).toEqual([{ type: 'ping' }, { type: 'sync', after: 0 }]);
  });

  it('reconnects after the device slept (timers ran late)', () => {
    const t = setup();
    t.connectLive();
    vi.setSystemTime(Date.now() + 60_000);
    vi.advanceTimersByTime(5_000);
    expect(t.sockets.length).toBeGreaterThan(1);
  });

  it('stops and reports a closed session on 4401', () => {
    const t = setup();
    t.connectLive();
    t.latest().serverClose(4401);
    vi.advanceTimersByTime(60_000);
    expect(t.onUnauthorized).toHaveBeenCalledOnce();
    expect(t.sockets.length).toBe(1);
  });
});
