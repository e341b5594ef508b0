import { invalid } from '../../platform/errors.js';
import { oauthErrors as E } from './oauth.errors.js';

/** What a code lets the app learn: the userid only, or also a user_ticket for getuserdetail. */
export type OAuthScope = 'snsapi_base' | 'snsapi_privateinfo';

const STATE = /^[a-zA-Z0-9]{0,128}$/;

/** WeCom's rule for `state` (84025): letters and digits, at most 128. */
export function isValidState(state: string): boolean {
  return STATE.test(state);
}

export function assertValidState(state: string): void {
  if (!isValidState(state)) throw invalid(E.stateInvalid, 'state may hold only a-z, A-Z and 0-9, at most 128 of them');
}

/**
 * The scope an authorize URL asks for. `snsapi_userinfo` (third-party, legacy) reads as privateinfo; without an
 * agentid, privateinfo silently becomes base, as WeCom does (wecom-api.md §8.1).
 */
export function scopeOf(raw: string, hasAgent: boolean): OAuthScope {
  if (raw !== 'snsapi_base' && raw !== 'snsapi_privateinfo' && raw !== 'snsapi_userinfo') {
    throw invalid(E.scopeInvalid, 'scope must be snsapi_base or snsapi_privateinfo');
  }
  return raw === 'snsapi_base' || !hasAgent ? 'snsapi_base' : 'snsapi_privateinfo';
}

/** An absolute http(s) URL, or `oauth.redirect_uri_invalid`. */
export function parseRedirectUri(raw: string): URL {
  let url: URL | undefined;
  try {
    url = raw.length <= 2048 ? new URL(raw) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw invalid(E.redirectUriInvalid, 'redirect_uri must be an absolute http(s) URL');
  }
  return url;
}

/**
 * Whether a URL (or a host as `URL.host` gives it) is on an app's trusted domain (可信域名). WeCom requires
 * the domain to be exactly the link's host, port included, whatever the scheme or path: no subdomains, no
 * parent domain, no wildcards. An app without a trusted domain ('', the default) trusts no host.
 */
export function isTrustedHost(target: URL | string, domain: string): boolean {
  const wanted = domain.trim().toLowerCase();
  const host = (typeof target === 'string' ? target : target.host).toLowerCase();
  return wanted !== '' && host === wanted;
}

/** `base` with `code` and `state` added to its query (before any `#fragment`, as SPA redirect URIs need). */
export function withCode(base: string, code: string, state: string): string {
  const url = new URL(base);
  url.searchParams.set('code', code);
  url.searchParams.set('state', state);
  return url.toString();
}
