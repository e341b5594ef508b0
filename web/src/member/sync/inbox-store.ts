import { deleteInboxSnapshot, loadInboxSnapshot, saveInboxSnapshot } from './inbox-persistence';
import {
  applyEntries,
  emptyInbox,
  markConversationRead,
  restoreInbox,
  type ApplyResult,
  type InboxState,
} from './inbox-reducer';
import type { InboxItem } from './inbox-types';

type Listener = () => void;
type EntriesListener = (added: InboxItem[]) => void;

/**
 * The one place the inbox lives in the page: the sync connection applies entries here, React reads it
 * with useSyncExternalStore, and every change is written back to IndexedDB (debounced).
 */
export class InboxStore {
  private state: InboxState = emptyInbox;
  private readonly listeners = new Set<Listener>();
  private readonly entryListeners = new Set<EntriesListener>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** `key` names the member (corpId and userId): one device may hold several sign-ins over time. */
  constructor(private readonly key: string | null) {}

  /** Reads the stored snapshot; entries pushed meanwhile are kept (the snapshot only fills in below). */
  async load(): Promise<void> {
    if (!this.key) return;
    const restored = restoreInbox(await loadInboxSnapshot(this.key));
    if (restored.lastSeq <= this.state.lastSeq) return;
    this.replace(applyEntries(restored, this.state.pending).state);
  }

  getSnapshot = (): InboxState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called with the entries each apply added (notifications, cache invalidation). */
  onEntries(listener: EntriesListener): () => void {
    this.entryListeners.add(listener);
    return () => this.entryListeners.delete(listener);
  }

  apply(incoming: readonly unknown[]): ApplyResult {
    const result = applyEntries(this.state, incoming);
    if (result.state !== this.state) this.replace(result.state);
    if (result.added.length > 0) for (const listener of this.entryListeners) listener(result.added);
    return result;
  }

  markRead(conversation: string, upToSeq: number): void {
    const next = markConversationRead(this.state, conversation, upToSeq, Date.now());
    if (next !== this.state) this.replace(next);
  }

  async clear(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.replace(emptyInbox, false);
    if (this.key) await deleteInboxSnapshot(this.key);
  }

  private replace(next: InboxState, persist = true): void {
    this.state = next;
    for (const listener of this.listeners) listener();
    if (persist && this.key) {
      clearTimeout(this.saveTimer);
      const key = this.key;
      this.saveTimer = setTimeout(() => void saveInboxSnapshot(key, this.state), 400);
    }
  }
}
