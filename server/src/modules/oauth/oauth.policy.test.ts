import { describe, expect, it } from 'vitest';
import { isTrustedHost, isValidState, scopeOf, withCode } from './oauth.policy.js';

describe('isTrustedHost', () => {
  const at = (url: string) => new URL(url);

  it('matches the trusted domain exactly, as WeCom does: no subdomains, no parent, no look-alikes', () => {
    expect(isTrustedHost(at('https://app.example.com/cb'), 'app.example.com')).toBe(true);
    expect(isTrustedHost(at('http://APP.Example.com/other/path?x=1'), 'app.example.com')).toBe(true);
    expect(isTrustedHost(at('https://a.app.example.com/'), 'app.example.com')).toBe(false);
    expect(isTrustedHost(at('https://example.com/'), 'app.example.com')).toBe(false);
    expect(isTrustedHost(at('https://badapp.example.com/'), 'app.example.com')).toBe(false);
    expect(isTrustedHost(at('https://app.example.com.evil.test/'), 'app.example.com')).toBe(false);
  });

  it('trusts nothing when the app has no trusted domain (the default)', () => {
    expect(isTrustedHost(at('https://anything.test/'), '')).toBe(false);
    expect(isTrustedHost('', '')).toBe(false);
  });

  it('matches the port too: a domain without one is the default port only', () => {
    expect(isTrustedHost(at('http://app.test:8080/'), 'app.test:8080')).toBe(true);
    expect(isTrustedHost(at('http://app.test:9090/'), 'app.test:8080')).toBe(false);
    expect(isTrustedHost(at('http://app.test/'), 'app.test:8080')).toBe(false);
    expect(isTrustedHost(at('https://app.test:8443/'), 'app.test')).toBe(false);
    expect(isTrustedHost(at('https://app.test:443/'), 'app.test')).toBe(true);
  });

  it('takes a host as a stored code keeps it', () => {
    expect(isTrustedHost('app.test:8080', 'app.test:8080')).toBe(true);
    expect(isTrustedHost('evil.test', 'app.test')).toBe(false);
  });
});

describe('state, scope and the redirect', () => {
  it("follows WeCom's state rule", () => {
    expect(isValidState('')).toBe(true);
    expect(isValidState('a'.repeat(128))).toBe(true);
    expect(isValidState('a'.repeat(129))).toBe(false);
    expect(isValidState('a_b')).toBe(false);
  });

  it('treats privateinfo without an agentid as base', () => {
    expect(scopeOf('snsapi_privateinfo', false)).toBe('snsapi_base');
    expect(scopeOf('snsapi_userinfo', true)).toBe('snsapi_privateinfo');
    expect(() => scopeOf('snsapi_other', true)).toThrow();
  });

  it('puts code and state in the query, before a fragment', () => {
    expect(withCode('https://a.test/cb?x=1#/r', 'C', 'S')).toBe('https://a.test/cb?x=1&code=C&state=S#/r');
  });
});
