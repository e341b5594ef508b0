import { pinyin } from 'pinyin-pro';

/** The lower-cased terms a member is found by: name, its pinyin and initials, userid, mobile, email, alias. */
export function searchTermsOf(member: {
  name: string;
  userId: string;
  alias: string;
  mobile: string | null;
  email: string | null;
}): string[] {
  const terms = new Set<string>();
  const add = (value: string | null | undefined) => {
    const term = value?.trim().toLowerCase().replace(/\s+/g, '');
    if (term) terms.add(term);
  };
  add(member.name);
  add(member.userId);
  add(member.alias);
  add(member.mobile);
  add(member.email);
  const syllables = pinyin(member.name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  if (syllables.length > 0) {
    add(syllables.join(''));
    add(syllables.map((s) => s[0]).join(''));
    // Colleagues are often looked up by the given name alone (三 / san for 张三).
    if (syllables.length > 1) add(syllables.slice(1).join(''));
  }
  if ([...member.name].length > 1) add([...member.name].slice(1).join(''));
  return [...terms];
}

/** The normalised form of what a person typed into a search box. */
export function normaliseQuery(query: string): string {
  return query.trim().toLowerCase().replace(/\s+/g, '');
}
