/** A piece of a message's text: `match` when it is the searched text (case-insensitive). */
export interface TextPart {
  text: string;
  match: boolean;
}

/** Splits `text` around every occurrence of `query` (case-insensitive), for highlighting search hits. */
export function highlightParts(text: string, query: string): TextPart[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return text ? [{ text, match: false }] : [];
  const haystack = text.toLowerCase();
  const parts: TextPart[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

/** Shortens long text to a window around the first hit, so the highlight is visible in one line. */
export function snippetAround(text: string, query: string, radius = 20): string {
  const at = text.toLowerCase().indexOf(query.trim().toLowerCase());
  if (at <= radius || !query.trim()) return text;
  return '…' + text.slice(at - radius);
}

/** Search hits grouped by conversation, groups in the order of their first (newest) hit. */
export function groupByConversation<T extends { conversation: string }>(
  items: T[],
): { conversation: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.conversation);
    if (list) list.push(item);
    else groups.set(item.conversation, [item]);
  }
  return [...groups].map(([conversation, list]) => ({ conversation, items: list }));
}
