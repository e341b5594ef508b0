/**
 * The markdown apps may send (WeCom's subset): headings, bold, links, inline code, quotes, lists and
 * `<font color="info|comment|warning">`. Parsed into tokens that React renders as elements: no HTML
 * string is ever inserted, so a message cannot inject markup or scripts.
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'bold'; children: Inline[] }
  | { type: 'italic'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'color'; color: 'info' | 'comment' | 'warning'; children: Inline[] };

export type Block =
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'quote'; children: Inline[] }
  | { type: 'item'; marker: string; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'blank' };

const INLINE =
  /`([^`]+)`|\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|<font\s+color\s*=\s*["']?(info|comment|warning)["']?\s*>([\s\S]*?)<\/font>|(?<![*\w])\*([^*\s][^*]*?)\*(?![*\w])/gi;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let index = 0;
  for (const m of text.matchAll(INLINE)) {
    const start = m.index ?? 0;
    if (start > index) out.push({ type: 'text', text: text.slice(index, start) });
    if (m[1] !== undefined) out.push({ type: 'code', text: m[1] });
    else if (m[2] !== undefined) out.push({ type: 'bold', children: parseInline(m[2]) });
    else if (m[3] !== undefined) {
      const target = m[4] ?? '';
      const href = /^https?:\/\//i.test(target) ? target : null;
      if (href) out.push({ type: 'link', href, children: parseInline(m[3]) });
      else out.push({ type: 'text', text: m[3] });
    } else if (m[5] !== undefined) {
      const color = m[5].toLowerCase() as 'info' | 'comment' | 'warning';
      out.push({ type: 'color', color, children: parseInline(m[6] ?? '') });
    } else if (m[7] !== undefined) out.push({ type: 'italic', children: parseInline(m[7]) });
    index = start + m[0].length;
  }
  if (index < text.length) out.push({ type: 'text', text: text.slice(index) });
  return out;
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    let m: RegExpMatchArray | null;
    if (line.trim() === '') {
      if (blocks.length > 0 && blocks[blocks.length - 1]?.type !== 'blank') blocks.push({ type: 'blank' });
    } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
      blocks.push({ type: 'heading', level: (m[1] ?? '#').length, children: parseInline(m[2] ?? '') });
    } else if ((m = /^>\s?(.*)$/.exec(line))) {
      blocks.push({ type: 'quote', children: parseInline(m[1] ?? '') });
    } else if ((m = /^\s*([-*+]|\d+\.)\s+(.*)$/.exec(line))) {
      const marker = m[1] ?? '-';
      blocks.push({ type: 'item', marker: /\d/.test(marker) ? marker : '•', children: parseInline(m[2] ?? '') });
    } else {
      blocks.push({ type: 'paragraph', children: parseInline(line) });
    }
  }
  if (blocks[blocks.length - 1]?.type === 'blank') blocks.pop();
  return blocks;
}

/** Plain text of markdown, for previews and notifications. */
export function markdownToText(source: string): string {
  const flatten = (nodes: Inline[]): string =>
    nodes.map((n) => ('children' in n ? flatten(n.children) : n.text)).join('');
  return parseMarkdown(source)
    .map((b) => (b.type === 'blank' ? '' : flatten(b.children)))
    .filter(Boolean)
    .join(' ');
}
