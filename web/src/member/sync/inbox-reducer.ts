import type { InboxItem } from './inbox-types';

/**
 * The member's local copy of the inbox. Pure data: every change returns a new state, so the same
 * functions run in the browser, in IndexedDB snapshots and in unit tests.
 */
export interface InboxState {
  /** Highest seq applied with nothing missing below it: what `sync` asks to continue from. */
  lastSeq: number;
  /** Applied entries, ascending seq. */
  entries: InboxItem[];
  /** Entries that arrived above a gap, ascending seq; applied once the gap is filled. */
  pending: InboxItem[];
}

export interface ApplyResult {
  state: InboxState;
  /** Entries applied by this call, ascending seq (not counting duplicates or still-pending ones). */
  added: InboxItem[];
  /** True when entries are waiting above a gap: the caller should sync from `state.lastSeq`. */
  hasGap: boolean;
}

export const emptyInbox: InboxState = { lastSeq: 0, entries: [], pending: [] };

/** At most this many entries are kept locally; older ones are dropped (the server keeps them all). */
export const MAX_LOCAL_ENTRIES = 5000;

function isInboxItem(value: unknown): value is InboxItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<InboxItem>;
  return (
    typeof v.seq === 'number' &&
    Number.isSafeInteger(v.seq) &&
    v.seq > 0 &&
    (v.kind === 'message' || v.kind === 'recall') &&
    typeof v.conversation === 'string' &&
    typeof v.message === 'object' &&
    v.message !== null &&
    typeof v.message.msgId === 'string'
  );
}

/**
 * Applies pushed or synced entries. Entries at or below `lastSeq` are duplicates (pushes and syncs
 * overlap) and are ignored; an entry above `lastSeq + 1` waits in `pending` and reports a gap, so a
 * message is never shown out of order nor silently skipped.
 */
export function applyEntries(state: InboxState, incoming: readonly unknown[]): ApplyResult {
  const bySeq = new Map<number, InboxItem>();
  for (const item of state.pending) bySeq.set(item.seq, item);
  for (const item of incoming) {
    if (isInboxItem(item) && item.seq > state.lastSeq && !bySeq.has(item.seq)) bySeq.set(item.seq, item);
  }
  const queued = [...bySeq.values()].filter((item) => item.seq > state.lastSeq).sort((a, b) => a.seq - b.seq);

  let lastSeq = state.lastSeq;
  let entries = state.entries;
  const added: InboxItem[] = [];
  let i = 0;
  for (let next = queued[0]; next && next.seq === lastSeq + 1; next = queued[++i]) {
    added.push(next);
    lastSeq = next.seq;
  }
  const pending = queued.slice(i);
  if (added.length > 0) {
    entries = entries.concat(added);
    for (const item of added) if (item.kind === 'recall') entries = markRecalled(entries, item.message.msgId);
    if (entries.length > MAX_LOCAL_ENTRIES) entries = entries.slice(entries.length - MAX_LOCAL_ENTRIES);
  }
  const unchanged = added.length === 0 && pending.length === state.pending.length;
  return {
    state: unchanged ? state : { lastSeq, entries, pending },
    added,
    hasGap: pending.length > 0,
  };
}

/** A recall entry hides the earlier message's content wherever it is shown. */
function markRecalled(entries: InboxItem[], msgId: string): InboxItem[] {
  if (!entries.some((e) => e.message.msgId === msgId && e.kind === 'message' && !e.message.recalled)) return entries;
  return entries.map((e) =>
    e.message.msgId === msgId && e.kind === 'message'
      ? { ...e, message: { ...e.message, recalled: true, payload: null } }
      : e,
  );
}

/** Marks a conversation's message entries read up to a seq (mirrors POST …/read on the server). */
export function markConversationRead(
  state: InboxState,
  conversation: string,
  upToSeq: number,
  readAt: number,
): InboxState {
  let changed = false;
  const entries = state.entries.map((e) => {
    if (e.conversation !== conversation || e.kind !== 'message' || e.seq > upToSeq || e.readAt !== null) return e;
    changed = true;
    return { ...e, readAt };
  });
  return changed ? { ...state, entries } : state;
}

/** Restores a stored snapshot, dropping anything malformed (an older client may have written it). */
export function restoreInbox(snapshot: unknown): InboxState {
  if (typeof snapshot !== 'object' || snapshot === null) return emptyInbox;
  const s = snapshot as Partial<InboxState>;
  if (typeof s.lastSeq !== 'number' || !Array.isArray(s.entries)) return emptyInbox;
  const entries = s.entries.filter(isInboxItem).filter((e) => e.seq <= (s.lastSeq ?? 0));
  return { lastSeq: s.lastSeq, entries, pending: [] };
}
