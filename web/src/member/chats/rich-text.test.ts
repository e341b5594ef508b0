import { describe, expect, it } from 'vitest';
import { markdownToText, parseInline, parseMarkdown } from './markdown';
import { linkCardOf, safeHref, splitText } from './rich-text';

describe('splitText', () => {
  it('finds links and mentions of known names', () => {
    expect(splitText('hi @Alice see https://example.com/a?b=1.', ['Alice'])).toEqual([
      { type: 'text', text: 'hi ' },
      { type: 'mention', text: '@Alice' },
      { type: 'text', text: ' see ' },
      { type: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { type: 'text', text: '.' },
    ]);
  });

  it('does not treat mail addresses as mentions', () => {
    expect(splitText('mail bob@all.com', [])).toEqual([{ type: 'text', text: 'mail bob@all.com' }]);
  });

  it('knows @所有人', () => {
    expect(splitText('@所有人 开会')[0]).toEqual({ type: 'mention', text: '@所有人' });
  });
});

describe('safeHref', () => {
  it('allows only web links', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,hi')).toBeNull();
    expect(safeHref(42)).toBeNull();
  });
});

describe('markdown', () => {
  it('parses the WeCom subset', () => {
    const blocks = parseMarkdown('# 标题\n> 引用 **粗**\n- 项\n\n[链接](https://a.example) `x`');
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'quote', 'item', 'blank', 'paragraph']);
    expect(parseInline('<font color="warning">**132例**</font>')).toEqual([
      { type: 'color', color: 'warning', children: [{ type: 'bold', children: [{ type: 'text', text: '132例' }] }] },
    ]);
  });

  it('keeps raw HTML and script links as text', () => {
    expect(parseInline('<b>x</b> [a](javascript:alert(1))')).toEqual([
      { type: 'text', text: '<b>x</b> ' },
      { type: 'text', text: 'a' },
      { type: 'text', text: ')' },
    ]);
  });

  it('flattens to text for previews', () => {
    expect(markdownToText('## 周报\n**完成** 3 项')).toBe('周报 完成 3 项');
  });
});

describe('linkCardOf', () => {
  it('makes a card of a message that is one web address, and of nothing else', () => {
    expect(linkCardOf(' https://example.com/%E5%85%AC%E5%91%8A/1 ')).toEqual({
      title: 'example.com/公告/1',
      url: 'https://example.com/%E5%85%AC%E5%91%8A/1',
    });
    expect(linkCardOf('http://example.com')).toEqual({ title: 'example.com', url: 'http://example.com/' });
    expect(linkCardOf('see https://example.com')).toBeNull();
    expect(linkCardOf('https://a.example b')).toBeNull();
    expect(linkCardOf('javascript:alert(1)')).toBeNull();
    expect(linkCardOf('ftp://example.com/x')).toBeNull();
  });
});
