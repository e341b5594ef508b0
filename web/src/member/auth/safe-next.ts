/**
 * Where to go after signing in: `next` only when it is a path on this site (the OAuth authorize page
 * sends members here with next=/connect/oauth2/authorize?…), else the client's home. Never another
 * origin, `//host` or `javascript:`, so a crafted link cannot bounce a fresh session elsewhere.
 */
export function safeNext(next: string | null | undefined, origin: string): string {
  const home = '/m/';
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return home;
  try {
    const url = new URL(next, origin);
    if (url.origin !== origin) return home;
    return url.pathname + url.search + url.hash;
  } catch {
    return home;
  }
}

/** Seconds left before another code may be requested. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}
