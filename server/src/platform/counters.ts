import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** One fixed window of a limit: at most `limit` counts per `ms` (windows start at multiples of `ms`). */
export type CounterWindow = { limit: number; ms: number };

/**
 * Fixed-window counters for rate limits and quotas (DESIGN.md §4, wecom-api.md §12). `take` counts one for
 * each key that every window still has room for, and leaves the others uncounted, so a refused call costs
 * nothing. In one process the counters live in memory; in a cluster they live in Redis (ENCLAVE_REDIS_URL),
 * so N processes together allow the limit, not N times it (ADR 0013).
 */
export interface WindowCounters {
  readonly kind: 'memory' | 'redis';
  /** For each key: true (counted) when all windows had room, false (not counted) otherwise. */
  take(keys: readonly string[], windows: readonly CounterWindow[], now?: number): Promise<boolean[]>;
  /**
   * `take` for many numeric ids under one prefix (a broadcast's recipients): each id counts on its own, in
   * its own namespace — the counts are not those of `take` with `prefix + id` keys.
   */
  takeIds(prefix: string, ids: readonly number[], windows: readonly CounterWindow[], now?: number): Promise<boolean[]>;
  close(): Promise<void>;
}

/** Counts one for `key` in every window if all have room (`starts`: each window's current start). */
function takeOne(
  counts: Map<string, number[]>,
  key: string,
  windows: readonly CounterWindow[],
  starts: readonly number[],
): boolean {
  let state = counts.get(key);
  if (!state || state.length !== windows.length * 2) counts.set(key, (state = new Array(windows.length * 2).fill(0)));
  for (let w = 0; w < windows.length; w += 1) {
    const count = state[w * 2] === starts[w] ? (state[w * 2 + 1] as number) : 0;
    if (count + 1 > (windows[w] as CounterWindow).limit) return false;
  }
  for (let w = 0; w < windows.length; w += 1) {
    if (state[w * 2] !== starts[w]) {
      state[w * 2] = starts[w] as number;
      state[w * 2 + 1] = 0;
    }
    state[w * 2 + 1] = (state[w * 2 + 1] as number) + 1;
  }
  return true;
}

export class MemoryCounters implements WindowCounters {
  readonly kind = 'memory' as const;
  /** Per key: `[windowStart, count]` for each window of the call, in the order given. */
  private readonly counts = new Map<string, number[]>();
  private lastSweep = 0;

  take(keys: readonly string[], windows: readonly CounterWindow[], now = Date.now()): Promise<boolean[]> {
    this.sweep(now);
    const starts = windows.map((w) => now - (now % w.ms));
    return Promise.resolve(keys.map((key) => takeOne(this.counts, key, windows, starts)));
  }

  takeIds(prefix: string, ids: readonly number[], windows: readonly CounterWindow[], now = Date.now()) {
    return this.take(
      ids.map((id) => `ids:${prefix}${id}`),
      windows,
      now,
    );
  }

  /** Drops keys untouched for two hours (longer than any window we count in), once a minute at most. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const stale = (state: number[]) => !state.some((v, i) => i % 2 === 0 && now - v < 7_200_000);
    for (const [key, state] of this.counts) if (stale(state)) this.counts.delete(key);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * KEYS: for each counted key, one Redis key per window (key-major). ARGV: the number of windows, then each
 * window's limit and time to live in ms. Checks all of a key's windows, then counts it in all or none.
 */
const TAKE_SCRIPT = `
local n = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS, n do
  local ok = 1
  for w = 0, n - 1 do
    local count = tonumber(redis.call('GET', KEYS[i + w]) or '0')
    if count + 1 > tonumber(ARGV[2 + w * 2]) then ok = 0 end
  end
  if ok == 1 then
    for w = 0, n - 1 do
      if redis.call('INCR', KEYS[i + w]) == 1 then redis.call('PEXPIRE', KEYS[i + w], ARGV[3 + w * 2]) end
    end
  end
  out[#out + 1] = ok
end
return out`;

/**
 * KEYS: one hash per window (its fields are ids). ARGV: each window's limit and time to live in ms, then the
 * ids. Counts an id in every window, and takes the counts back if one went over its limit. A broadcast's
 * 20,000 recipients are 20,000 fields of two hashes, not 40,000 keys with a time to live each (~2× faster).
 */
const TAKE_IDS_SCRIPT = `
local n = #KEYS
local limits = {}
for w = 1, n do limits[w] = tonumber(ARGV[w * 2 - 1]) end
local out = {}
for i = n * 2 + 1, #ARGV do
  local id = ARGV[i]
  local counted = 0
  local ok = 1
  for w = 1, n do
    counted = w
    if redis.call('HINCRBY', KEYS[w], id, 1) > limits[w] then ok = 0 break end
  end
  if ok == 0 then for w = 1, counted do redis.call('HINCRBY', KEYS[w], id, -1) end end
  out[#out + 1] = ok
end
for w = 1, n do redis.call('PEXPIRE', KEYS[w], ARGV[w * 2]) end
return out`;

/** Keys per script call: a 20,000-member broadcast's quota check is 20 calls, pipelined by ioredis. */
const KEYS_PER_CALL = 1000;
/** Ids per `takeIds` script call: each call holds Redis for a few milliseconds at most. */
const IDS_PER_CALL = 2000;

type TakeCommand = (...args: (string | number)[]) => Promise<number[]>;

export class RedisCounters implements WindowCounters {
  readonly kind = 'redis' as const;
  /** Used while Redis cannot be reached: limits then hold per process, and nothing waits on Redis. */
  private readonly fallback = new MemoryCounters();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    redis.defineCommand('enclaveTake', { lua: TAKE_SCRIPT });
    redis.defineCommand('enclaveTakeIds', { lua: TAKE_IDS_SCRIPT });
  }

  async takeIds(prefix: string, ids: readonly number[], windows: readonly CounterWindow[], now = Date.now()) {
    if (ids.length === 0 || windows.length === 0) return ids.map(() => true);
    const command = (this.redis as unknown as { enclaveTakeIds: TakeCommand }).enclaveTakeIds.bind(this.redis);
    const starts = windows.map((w) => now - (now % w.ms));
    const hashes = windows.map((w, i) => `${this.prefix}ids:${prefix}:${w.ms}:${starts[i]}`);
    // Each hash lives until a second after its window ends.
    const args = windows.flatMap((w, i) => [w.limit, (starts[i] as number) + w.ms - now + 1000]);
    try {
      const calls: Promise<number[]>[] = [];
      for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
        calls.push(command(hashes.length, ...hashes, ...args, ...ids.slice(i, i + IDS_PER_CALL)));
      }
      return (await Promise.all(calls)).flat().map((ok) => ok === 1);
    } catch (error) {
      this.log.warn({ err: error }, 'rate-limit counters unreachable in Redis; counting in this process');
      return this.fallback.takeIds(prefix, ids, windows, now);
    }
  }

  async take(keys: readonly string[], windows: readonly CounterWindow[], now = Date.now()): Promise<boolean[]> {
    if (keys.length === 0 || windows.length === 0) return keys.map(() => true);
    const command = (this.redis as unknown as { enclaveTake: TakeCommand }).enclaveTake.bind(this.redis);
    const args = windows.flatMap((w) => [w.limit, w.ms + 1000]);
    try {
      const calls: Promise<number[]>[] = [];
      for (let i = 0; i < keys.length; i += KEYS_PER_CALL) {
        const names = keys
          .slice(i, i + KEYS_PER_CALL)
          .flatMap((key) => windows.map((w) => `${this.prefix}${key}:${w.ms}:${now - (now % w.ms)}`));
        calls.push(command(names.length, ...names, windows.length, ...args));
      }
      return (await Promise.all(calls)).flat().map((ok) => ok === 1);
    } catch (error) {
      this.log.warn({ err: error }, 'rate-limit counters unreachable in Redis; counting in this process');
      return this.fallback.take(keys, windows, now);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Memory counters, or Redis counters when a URL is given (every key is prefixed with `prefix`). A configured
 * Redis that cannot be reached at start stops the start; one that goes away later is counted around.
 */
export async function openCounters(url: string | undefined, log: Logger, prefix: string): Promise<WindowCounters> {
  if (!url) return new MemoryCounters();
  const redis = new Redis(url, {
    // A limit check must not hang a request: fail fast and count locally while Redis is away.
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  redis.on('error', (error: Error) => log.warn({ err: error }, 'redis connection error'));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ENCLAVE_REDIS_URL: ${(error as Error).message}`, { cause: error });
  }
  return new RedisCounters(redis, prefix, log);
}
