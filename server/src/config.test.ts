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

describe('ENCLAVE_ROLES', () => {
  const postgres = { ENCLAVE_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/enclave' };

  it('plays every role when unset', () => {
    expect([...loadConfig({}).roles]).toEqual(['api', 'realtime', 'worker']);
  });

  it('takes a comma-separated list on PostgreSQL', () => {
    expect([...loadConfig({ ...postgres, ENCLAVE_ROLES: 'api, realtime' }).roles]).toEqual(['api', 'realtime']);
    expect([...loadConfig({ ...postgres, ENCLAVE_ROLES: 'worker' }).roles]).toEqual(['worker']);
  });

  it('refuses an unknown role, and split roles on SQLite (one process owns the file)', () => {
    expect(() => loadConfig({ ...postgres, ENCLAVE_ROLES: 'api,web' })).toThrow(/ENCLAVE_ROLES/);
    expect(() => loadConfig({ ENCLAVE_ROLES: 'api' })).toThrow(/ENCLAVE_ROLES: .*PostgreSQL/);
    expect([...loadConfig({ ENCLAVE_ROLES: 'worker,api,realtime' }).roles]).toHaveLength(3);
  });
});

describe('ENCLAVE_PUBLIC_URL', () => {
  it('is required with SMTP: mailed links never take their address from a request', () => {
    expect(() => loadConfig({ ENCLAVE_SMTP_URL: 'smtp://mail.example.com:587' })).toThrow(/ENCLAVE_PUBLIC_URL/);
    expect(
      loadConfig({ ENCLAVE_SMTP_URL: 'smtp://mail.example.com:587', ENCLAVE_PUBLIC_URL: 'https://enclave.example.com' })
        .publicUrl,
    ).toBe('https://enclave.example.com');
  });
});
