import { describe, expect, it } from 'vitest';
import { applyEntries, emptyInbox, markConversationRead, MAX_LOCAL_ENTRIES, restoreInbox } from './inbox-reducer';
import { entry } from './test-entries';

const seqs = (items: { seq: number }[]) => items.map((e) => e.seq);

describe('applyEntries', () => {
  it('applies consecutive entries in order and advances lastSeq', () => {
    const { state, added, hasGap } = applyEntries(emptyInbox, [entry(1), entry(2), entry(3)]);
    expect(state.lastSeq).toBe(3);
    expect(seqs(state.entries)).toEqual([1, 2, 3]);
    expect(seqs(added)).toEqual([1, 2, 3]);
    expect(hasGap).toBe(false);
  });

  it('sorts a batch that arrives out of order', () => {
    const { state } = applyEntries(emptyInbox, [entry(2), entry(1), entry(3)]);
    expect(seqs(state.entries)).toEqual([1, 2, 3]);
  });

  it('ignores entries at or below lastSeq (a push repeated by a sync)', () => {
    const first = applyEntries(emptyInbox, [entry(1), entry(2)]).state;
    const again = applyEntries(first, [entry(1), entry(2)]);
    expect(again.state).toBe(first);
    expect(again.added).toEqual([]);
  });

  it('ignores the same seq twice within one batch', () => {
    const { state } = applyEntries(emptyInbox, [entry(1), entry(1), entry(2)]);
    expect(seqs(state.entries)).toEqual([1, 2]);
  });

  it('holds an entry above a gap, reports the gap and does not advance', () => {
    const start = applyEntries(emptyInbox, [entry(1)]).state;
    const { state, added, hasGap } = applyEntries(start, [entry(3)]);
    expect(hasGap).toBe(true);
    expect(state.lastSeq).toBe(1);
    expect(added).toEqual([]);
    expect(seqs(state.pending)).toEqual([3]);
    expect(seqs(state.entries)).toEqual([1]);
  });

  it('applies the held entries once the sync fills the gap', () => {
    const gapped = applyEntries(applyEntries(emptyInbox, [entry(1)]).state, [entry(3), entry(4)]).state;
    const { state, added, hasGap } = applyEntries(gapped, [entry(2), entry(3)]);
    expect(hasGap).toBe(false);
    expect(state.lastSeq).toBe(4);
    expect(seqs(added)).toEqual([2, 3, 4]);
    expect(state.pending).toEqual([]);
  });

  it('reports a gap from the very first entry when the inbox starts above 1', () => {
    const { hasGap, state } = applyEntries(emptyInbox, [entry(5)]);
    expect(hasGap).toBe(true);
    expect(state.lastSeq).toBe(0);
  });

  it('continues from a restored snapshot', () => {
    const restored = restoreInbox({ lastSeq: 10, entries: [entry(9), entry(10)] });
    const { state, hasGap } = applyEntries(restored, [entry(11)]);
    expect(hasGap).toBe(false);
    expect(state.lastSeq).toBe(11);
  });

  it('marks the earlier message recalled and drops its content when a recall entry arrives', () => {
    const start = applyEntries(emptyInbox, [entry(1, { msgId: 'x' }), entry(2)]).state;
    const recall = entry(3, { kind: 'recall', msgId: 'x' });
    const { state } = applyEntries(start, [recall]);
    const original = state.entries.find((e) => e.seq === 1);
    expect(original?.message.recalled).toBe(true);
    expect(original?.message.payload).toBeNull();
    expect(state.entries.find((e) => e.seq === 2)?.message.recalled).toBe(false);
  });

  it('applies a recall that arrives in the same batch as its message', () => {
    const { state } = applyEntries(emptyInbox, [entry(1, { msgId: 'x' }), entry(2, { kind: 'recall', msgId: 'x' })]);
    expect(state.entries[0]?.message.recalled).toBe(true);
  });

  it('skips malformed entries instead of throwing', () => {
    const { state } = applyEntries(emptyInbox, [null, { seq: 'one' }, entry(1)]);
    expect(seqs(state.entries)).toEqual([1]);
  });

  it('keeps at most MAX_LOCAL_ENTRIES entries, dropping the oldest', () => {
    const many = Array.from({ length: MAX_LOCAL_ENTRIES + 10 }, (_, i) => entry(i + 1));
    const { state } = applyEntries(emptyInbox, many);
    expect(state.entries.length).toBe(MAX_LOCAL_ENTRIES);
    expect(state.entries[0]?.seq).toBe(11);
    expect(state.lastSeq).toBe(MAX_LOCAL_ENTRIES + 10);
  });
});

describe('markConversationRead', () => {
  it('sets readAt on that conversation up to the seq only', () => {
    const start = applyEntries(emptyInbox, [entry(1), entry(2, { conversation: 'group:1' }), entry(3), entry(4)]).state;
    const state = markConversationRead(start, 'dm:alice:bob', 3, 42);
    expect(state.entries.map((e) => e.readAt)).toEqual([42, null, 42, null]);
  });

  it('returns the same state when nothing changes', () => {
    const start = applyEntries(emptyInbox, [entry(1, { readAt: 5 })]).state;
    expect(markConversationRead(start, 'dm:alice:bob', 1, 42)).toBe(start);
  });
});

describe('restoreInbox', () => {
  it('returns an empty inbox for garbage', () => {
    expect(restoreInbox(undefined)).toBe(emptyInbox);
    expect(restoreInbox({ lastSeq: 'x' })).toBe(emptyInbox);
  });

  it('drops entries above lastSeq (never applied) and malformed ones', () => {
    const state = restoreInbox({ lastSeq: 2, entries: [entry(1), entry(2), entry(3), { nope: true }] });
    expect(seqs(state.entries)).toEqual([1, 2]);
  });
});
