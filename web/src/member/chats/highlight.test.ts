import { describe, expect, it } from 'vitest';
import { groupByConversation, highlightParts, snippetAround } from './highlight';

describe('highlightParts', () => {
  it('marks every occurrence, case-insensitively, keeping the original case', () => {
    expect(highlightParts('Hello hello HELLO', 'hello')).toEqual([
      { text: 'Hello', match: true },
      { text: ' ', match: false },
      { text: 'hello', match: true },
      { text: ' ', match: false },
      { text: 'HELLO', match: true },
    ]);
  });

  it('finds Chinese substrings', () => {
    expect(highlightParts('明天开会讨论预算', '开会')).toEqual([
      { text: '明天', match: false },
      { text: '开会', match: true },
      { text: '讨论预算', match: false },
    ]);
  });

  it('returns the whole text unmarked for an empty query or no hit', () => {
    expect(highlightParts('abc', '  ')).toEqual([{ text: 'abc', match: false }]);
    expect(highlightParts('abc', 'x')).toEqual([{ text: 'abc', match: false }]);
    expect(highlightParts('', 'x')).toEqual([]);
  });
});

describe('snippetAround', () => {
  it('keeps short prefixes and trims long ones', () => {
    expect(snippetAround('short hit', 'hit')).toBe('short hit');
    expect(snippetAround('x'.repeat(30) + 'hit', 'hit', 5)).toBe('…xxxxxhit');
  });
});

describe('groupByConversation', () => {
  it('groups in order of first appearance', () => {
    const items = [
      { conversation: 'a', seq: 3 },
      { conversation: 'b', seq: 2 },
      { conversation: 'a', seq: 1 },
    ];
    expect(groupByConversation(items)).toEqual([
      { conversation: 'a', items: [items[0], items[2]] },
      { conversation: 'b', items: [items[1]] },
    ]);
  });
});
