import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { InboxState } from './inbox-reducer';
import { InboxStore } from './inbox-store';
import { SyncConnection, type SocketLike, type SyncStatus } from './sync-connection';

interface SyncValue {
  store: InboxStore;
  status: SyncStatus;
  reconnect: () => void;
}

const SyncContext = createContext<SyncValue | null>(null);

function gatewayUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/client/ws`;
}

type NetworkInformationTarget = EventTarget;

/** Opens the member's local inbox and keeps it synced while the signed-in client is mounted. */
export function SyncProvider({
  memberKey,
  onUnauthorized,
  children,
}: {
  /** corpId and userId: whose inbox this device stores. */
  memberKey: string;
  onUnauthorized: () => void;
  children: ReactNode;
}) {
  const [store] = useState(() => new InboxStore(`inbox:${memberKey}`));
  const [status, setStatus] = useState<SyncStatus>('connecting');
  const [connection, setConnection] = useState<SyncConnection | null>(null);

  useEffect(() => {
    let cancelled = false;
    const network = (navigator as Navigator & { connection?: NetworkInformationTarget }).connection;
    const next = new SyncConnection({
      url: gatewayUrl(),
      inbox: store,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onUnauthorized,
      onStatus: setStatus,
      windowEvents: window,
      documentEvents: document,
      networkEvents: network,
    });
    // Load the stored inbox first so the first sync continues from the stored seq.
    void store.load().finally(() => {
      if (cancelled) return;
      next.start();
      setConnection(next);
    });
    return () => {
      cancelled = true;
      next.stop();
    };
  }, [store, onUnauthorized]);

  const value: SyncValue = { store, status, reconnect: () => connection?.reconnectNow() };
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

function useSync(): SyncValue {
  const value = useContext(SyncContext);
  if (!value) throw new Error('useSync must be used inside <SyncProvider>');
  return value;
}

export function useInboxStore(): InboxStore {
  return useSync().store;
}

export function useInbox(): InboxState {
  const { store } = useSync();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useSyncStatus(): { status: SyncStatus; reconnect: () => void } {
  const { status, reconnect } = useSync();
  return { status, reconnect };
}
