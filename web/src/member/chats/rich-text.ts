/** Pieces of a text message: plain text, web links and @mentions, rendered without any HTML. */
export type TextSegment =
  { type: 'text'; text: string } | { type: 'link'; text: string; href: string } | { type: 'mention'; text: string };

const URL_PATTERN = /https?:\/\/[^\s<>"'，。！？、）】]+/gi;

/** Splits text into links and mentions; `names` are the display names that may follow an "@". */
export function splitText(content: string, names: readonly string[] = []): TextSegment[] {
  const mentionNames = [...new Set([...names, '所有人', 'all'])]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // An @ only after a space or at the start: mail addresses are not mentions.
  const mention = `(?<![\\w.])@(?:${mentionNames.join('|')})`;
  const pattern = new RegExp(`(${URL_PATTERN.source})|(${mention})`, 'gi');
  const segments: TextSegment[] = [];
  let index = 0;
  for (const match of content.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (start > index) segments.push({ type: 'text', text: content.slice(index, start) });
    if (match[1]) {
      const href = match[1].replace(/[.,;:!?)]+$/, '');
      segments.push({ type: 'link', text: href, href });
      index = start + href.length;
      continue;
    }
    segments.push({ type: 'mention', text: match[0] });
    index = start + match[0].length;
  }
  if (index < content.length) segments.push({ type: 'text', text: content.slice(index) });
  return segments;
}

/** Only web links open from messages: no `javascript:` or `data:` URLs. */
export function safeHref(url: unknown): string | null {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const base = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * A message that is nothing but one web address is sent as a link card (as WeCom does when a link is pasted):
 * titled with the site and path, since the client does not fetch other sites' pages. Null for anything else.
 */
export function linkCardOf(text: string): { title: string; url: string } | null {
  const value = text.trim();
  if (!/^https?:\/\/\S+$/i.test(value) || value.length > 2048) return null;
  try {
    const url = new URL(value);
    const path = url.pathname === '/' ? '' : decodeURIComponent(url.pathname);
    return { title: `${url.hostname}${path}`.slice(0, 256), url: url.href };
  } catch {
    return null;
  }
}
