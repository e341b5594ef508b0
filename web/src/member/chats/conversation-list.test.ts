import { describe, expect, it } from 'vitest';
import { entry } from '../sync/test-entries';
import { orderConversations, summarizeConversations, totalUnread } from './conversation-list';

describe('summarizeConversations', () => {
  it('groups by conversation, newest first, counting unread messages of others after the last read one', () => {
    const alice = { userId: 'alice', name: 'Alice' };
    const entries = [
      entry(1, { readAt: 10 }),
      entry(2),
      entry(3, { conversation: 'group:1' }),
      entry(4),
      { ...entry(5), message: { ...entry(5).message, sender: { userId: 'bob', name: 'Bob' } } },
      { ...entry(6, { conversation: 'app:7' }), message: { ...entry(6).message, sender: null } },
    ];
    const list = summarizeConversations(entries, 'bob');
    expect(list.map((s) => [s.conversation, s.unread, s.lastSeq])).toEqual([
      ['app:7', 1, 6],
      ['dm:alice:bob', 2, 5],
      ['group:1', 1, 3],
    ]);
    expect(list[1]?.peer).toEqual(alice);
  });

  it('does not count recalled messages or recall entries', () => {
    const recalled = entry(1);
    recalled.message.recalled = true;
    const list = summarizeConversations([recalled, entry(2, { kind: 'recall', msgId: 'm1' })], 'bob');
    expect(list[0]?.unread).toBe(0);
  });

  it('orders pinned first and leaves muted ones out of the tab total', () => {
    const list = summarizeConversations([entry(1, { conversation: 'group:1' }), entry(2)], 'bob');
    const items = list.map((summary) => ({ summary, pinned: summary.conversation === 'group:1' }));
    expect(orderConversations(items).map((i) => i.summary.conversation)).toEqual(['group:1', 'dm:alice:bob']);
    expect(totalUnread(list, new Set(['group:1']))).toBe(1);
  });
});
