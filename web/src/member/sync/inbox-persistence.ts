import type { InboxState } from './inbox-reducer';

/**
 * The inbox snapshot of one member in IndexedDB, so the client opens with its messages offline and
 * resumes syncing from the seq it had. Storage failures (private mode, quota) only cost the cache.
 */
const DB_NAME = 'enclave-member';
const STORE = 'inbox';

function openDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  return new Promise((resolve) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
  });
}

function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  return openDb().then(
    (db) =>
      new Promise<T | undefined>((resolve) => {
        if (!db) return resolve(undefined);
        try {
          const tx = db.transaction(STORE, mode);
          const request = action(tx.objectStore(STORE));
          tx.oncomplete = () => {
            db.close();
            resolve(request.result);
          };
          tx.onerror = tx.onabort = () => {
            db.close();
            resolve(undefined);
          };
        } catch {
          db.close();
          resolve(undefined);
        }
      }),
  );
}

export function loadInboxSnapshot(key: string): Promise<unknown> {
  return run('readonly', (store) => store.get(key));
}

export async function saveInboxSnapshot(key: string, state: InboxState): Promise<void> {
  await run('readwrite', (store) => store.put({ lastSeq: state.lastSeq, entries: state.entries }, key));
}

/** Sign-out removes the member's local messages from this device. */
export async function deleteInboxSnapshot(key: string): Promise<void> {
  await run('readwrite', (store) => store.delete(key));
}
