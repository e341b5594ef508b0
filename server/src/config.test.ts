import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('the bus prefix', () => {
  it('follows the Redis prefix when it is not given: one deployment name for both', () => {
    expect(loadConfig({}).busPrefix).toBe('enclave');
    expect(loadConfig({ ENCLAVE_REDIS_PREFIX: 'acme:enclave:' }).busPrefix).toBe('acme.enclave');
  });

  it('is taken as given', () => {
    expect(loadConfig({ ENCLAVE_BUS_PREFIX: 'acme.prod', ENCLAVE_REDIS_PREFIX: 'x:' }).busPrefix).toBe('acme.prod');
  });

  it('refuses a prefix that is not whole NATS subject tokens', () => {
    for (const bad of ['', 'a..b', 'a.', '.a', 'a*', 'a>', 'a b', 'x'.repeat(65)]) {
      expect(() => loadConfig({ ENCLAVE_BUS_PREFIX: bad })).toThrow(/ENCLAVE_BUS_PREFIX/);
    }
  });
});
