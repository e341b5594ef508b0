import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCounters, type WindowCounters } from '../platform/counters.js';
import { countersContract } from '../testing/counters-contract.js';

/** The Redis of the cluster tests (CI starts it). Every run writes under a prefix of its own and deletes it. */
const REDIS_URL = process.env.ENCLAVE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });
const MINUTE = 60_000;

describe('counters in Redis, shared by processes', () => {
  const prefix = `enclave-test:${randomUUID()}:`;
  let one: WindowCounters;
  let other: WindowCounters;
  let admin: Redis;

  beforeAll(async () => {
    [one, other] = await Promise.all([openCounters(REDIS_URL, log, prefix), openCounters(REDIS_URL, log, prefix)]);
    admin = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await Promise.all([one?.close(), other?.close(), admin?.quit()]);
  });

  let n = 0;
  countersContract(
    () => ((n += 1) % 2 === 0 ? one : other),
    (name) => `${name}:${n}`,
  );

  it('lets two processes together allow the limit, not twice it', async () => {
    const windows = [{ limit: 4, ms: MINUTE }];
    const now = Date.now();
    const seen: boolean[] = [];
    for (let i = 0; i < 8; i += 1) seen.push(...(await (i % 2 === 0 ? one : other).take(['shared'], windows, now)));
    expect(seen.filter(Boolean)).toHaveLength(4);
    expect(seen.slice(4)).toEqual([false, false, false, false]);
  });

  it('keeps the keys only as long as their window, under the configured prefix', async () => {
    const now = Date.now();
    await one.take(['ttl'], [{ limit: 5, ms: MINUTE }], now);
    const keys = await admin.keys(`${prefix}ttl:*`);
    expect(keys).toHaveLength(1);
    const ttl = await admin.pttl(keys[0] as string);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(MINUTE + 1000);
    // A broadcast's ids: one hash per window, living until a second after the window ends.
    await one.takeIds('ttl-ids:', [1, 2, 3], [{ limit: 5, ms: MINUTE }], now);
    const [hash] = await admin.keys(`${prefix}ids:ttl-ids:*`);
    expect(await admin.hgetall(hash as string)).toEqual({ 1: '1', 2: '1', 3: '1' });
    const hashTtl = await admin.pttl(hash as string);
    expect(hashTtl).toBeGreaterThan(0);
    expect(hashTtl).toBeLessThanOrEqual(MINUTE + 1000 - (now % MINUTE));
  });

  it('counts in the process while Redis cannot be reached, instead of failing the call', async () => {
    const lonely = await openCounters(REDIS_URL, log, prefix);
    // Cut this client off as a network failure would; it does not queue commands while away.
    (lonely as unknown as { redis: Redis }).redis.disconnect();
    const windows = [{ limit: 2, ms: MINUTE }];
    const now = Date.now();
    expect(await lonely.take(['away', 'away', 'away'], windows, now)).toEqual([true, true, false]);
    expect(await lonely.takeIds('away:', [5, 5, 5, 6], windows, now)).toEqual([true, true, false, true]);
    await lonely.close();
  });

  it('refuses to start on a Redis that does not answer, saying which setting is wrong', async () => {
    await expect(openCounters('redis://127.0.0.1:1', log, prefix)).rejects.toThrow(/ENCLAVE_REDIS_URL/);
  });
});
