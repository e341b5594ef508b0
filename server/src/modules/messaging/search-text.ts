/**
 * What of a message is searchable, and the terms it is indexed under (docs/decisions/0010-message-search.md).
 *
 * Chinese, Japanese and Korean have no spaces, so their text is indexed as overlapping character pairs
 * (今天的鱼价 → 今天 天的 的鱼 鱼价) and single characters; any query of two or more such characters
 * is a chain of pairs that all occur in a message containing it. Other scripts are indexed by word,
 * lower-cased, and a query word is looked up as a prefix of a word. Every candidate is then confirmed
 * with a substring check on the folded text, so the index only has to find a superset.
 */

/** Characters indexed as pairs and singles instead of as words. */
const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u30fc]/u;
/** Characters of words in the other scripts. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

type Run = { ideographic: boolean; chars: string[] };

/** Splits folded text into runs of ideographs and words; everything else separates them. */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  for (const char of text) {
    const ideographic = IDEOGRAPHIC.test(char);
    if (!ideographic && !WORD_CHAR.test(char)) {
      current = null;
    } else if (current && current.ideographic === ideographic) {
      current.chars.push(char);
    } else {
      current = { ideographic, chars: [char] };
      runs.push(current);
    }
  }
  return runs;
}

/** Words are indexed up to this many characters; a longer query word is looked up by its start. */
const MAX_WORD = 32;

/** Longest query we take apart; the rest of a longer one is still checked as a substring. */
export const MAX_QUERY_CHARS = 100;

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const asText = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Folds text for matching: full-width forms to their usual ones (ＡＢＣ１ → ABC1), lower case, and every
 * run of whitespace to one space.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * The searchable parts of a stored payload, folded and joined by newlines (a query never holds one, so a
 * match cannot straddle a title and a description). Media ids, URLs and article bodies are not searched.
 */
export function searchableText(msgType: string, payload: unknown): string {
  const p = asObj(payload);
  const articles = Array.isArray(p.articles) ? p.articles.map(asObj) : [];
  let parts: unknown[];
  switch (msgType) {
    case 'text':
    case 'markdown':
      parts = [p.content];
      break;
    case 'textcard':
    case 'link':
    case 'video':
    case 'miniprogram_notice':
      parts = [p.title, p.description];
      break;
    case 'news':
      parts = articles.flatMap((a) => [a.title, a.description]);
      break;
    case 'mpnews':
      parts = articles.flatMap((a) => [a.title, a.digest]);
      break;
    case 'file':
      parts = [p.filename];
      break;
    case 'location':
      parts = [p.name];
      break;
    default:
      parts = [];
  }
  return parts
    .map((part) => foldForSearch(asText(part)))
    .filter((part) => part !== '')
    .join('\n');
}

/** The distinct terms a message is indexed under: its words, and the pairs and singles of its ideographs. */
export function termsOfText(folded: string): string[] {
  const terms = new Set<string>();
  for (const { ideographic, chars } of runsOf(folded)) {
    if (!ideographic) {
      terms.add(chars.slice(0, MAX_WORD).join(''));
      continue;
    }
    for (let i = 0; i < chars.length; i += 1) {
      terms.add(chars[i] as string);
      if (i + 1 < chars.length) terms.add(`${chars[i]}${chars[i + 1]}`);
    }
  }
  return [...terms];
}

/** How one part of a query is looked up: an exact term, or any word starting with `prefix`. */
export type QueryTerm = { exact: string } | { prefix: string };

/**
 * The lookups a folded query needs, every one of which a matching message satisfies. Empty when the
 * query has nothing indexable (only punctuation or symbols).
 */
export function termsOfQuery(folded: string): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  for (const { ideographic, chars } of runsOf([...folded].slice(0, MAX_QUERY_CHARS).join(''))) {
    if (!ideographic) {
      const prefix = chars.slice(0, MAX_WORD).join('');
      terms.set(`p:${prefix}`, { prefix });
    } else if (chars.length === 1) {
      terms.set(`e:${chars[0]}`, { exact: chars[0] as string });
    } else {
      for (let i = 0; i + 1 < chars.length; i += 1) {
        const pair = `${chars[i]}${chars[i + 1]}`;
        terms.set(`e:${pair}`, { exact: pair });
      }
    }
  }
  return [...terms.values()];
}
