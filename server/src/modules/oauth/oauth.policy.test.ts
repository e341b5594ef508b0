import { describe, expect, it } from 'vitest';
import { isHostWithin, isValidState, scopeOf, withCode } from './oauth.policy.js';

describe('isHostWithin', () => {
  it('matches the domain and its subdomains, not look-alikes', () => {
    expect(isHostWithin(new URL('https://example.com/'), 'example.com')).toBe(true);
    expect(isHostWithin(new URL('https://A.Example.com:8443/'), 'example.com')).toBe(true);
    expect(isHostWithin(new URL('https://badexample.com/'), 'example.com')).toBe(false);
    expect(isHostWithin(new URL('https://example.com.evil.test/'), 'example.com')).toBe(false);
    expect(isHostWithin(new URL('https://anything.test/'), '')).toBe(true);
  });

  it('matches the port too when the domain names one', () => {
    expect(isHostWithin(new URL('http://app.test:8080/'), 'app.test:8080')).toBe(true);
    expect(isHostWithin(new URL('http://app.test:9090/'), 'app.test:8080')).toBe(false);
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
