import { expect, it } from 'vitest';
import type { WindowCounters } from '../platform/counters.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** A fixed instant at the start of a minute and an hour, so that windows are predictable. */
const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

/**
 * What every `WindowCounters` does, in memory or in Redis. `counters()` gives the instance under test; keys
 * are unique per call of `key()`, so the cases never see each other's counts.
 */
export function countersContract(counters: () => WindowCounters, key: (name: string) => string): void {
  it('counts a key up to its limit and refuses beyond it until the window ends', async () => {
    const k = key('limit');
    const windows = [{ limit: 3, ms: MINUTE }];
    const seen: boolean[] = [];
    for (let i = 0; i < 5; i += 1) seen.push(...(await counters().take([k], windows, T0 + i * 1000)));
    expect(seen).toEqual([true, true, true, false, false]);
    // The next minute is a new window.
    expect(await counters().take([k], windows, T0 + MINUTE)).toEqual([true]);
  });

  it('counts a key in all its windows or in none: a refusal by one window costs the others nothing', async () => {
    const k = key('windows');
    const windows = [
      { limit: 2, ms: MINUTE },
      { limit: 3, ms: HOUR },
    ];
    expect(await counters().take([k, k, k], windows, T0)).toEqual([true, true, false]);
    // The minute refused the third call, so the hour counted only two: one more fits in the next minute.
    expect(await counters().take([k], windows, T0 + MINUTE)).toEqual([true]);
    expect(await counters().take([k], windows, T0 + 2 * MINUTE)).toEqual([false]);
    expect(await counters().take([k], windows, T0 + HOUR)).toEqual([true]);
  });

  it('answers many keys in one call, each on its own count, in the order asked', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => key(`many-${i}`));
    const windows = [{ limit: 1, ms: MINUTE }];
    const first = await counters().take(keys, windows, T0);
    expect(first).toHaveLength(2500);
    expect(first.every(Boolean)).toBe(true);
    // The even ones again, with a new key between: only the new key has room.
    const again = [...keys.filter((_, i) => i % 2 === 0), key('fresh')];
    const second = await counters().take(again, windows, T0 + 1);
    expect(second.slice(0, -1).some(Boolean)).toBe(false);
    expect(second.at(-1)).toBe(true);
  });

  it('admits everything when there is no window to count in', async () => {
    expect(await counters().take([key('none')], [], T0)).toEqual([true]);
    expect(await counters().take([], [{ limit: 1, ms: MINUTE }], T0)).toEqual([]);
  });

  it('counts numeric ids under a prefix, each on its own count, and prefixes apart', async () => {
    const prefix = key('ids');
    const other = key('other-ids');
    const windows = [{ limit: 2, ms: MINUTE }];
    const ids = [1, 2, 3];
    expect(await counters().takeIds(prefix, ids, windows, T0)).toEqual([true, true, true]);
    expect(await counters().takeIds(prefix, [1, 1, 4], windows, T0 + 1)).toEqual([true, false, true]);
    expect(await counters().takeIds(other, [1], windows, T0 + 2)).toEqual([true]);
    expect(await counters().takeIds(prefix, [1], windows, T0 + MINUTE)).toEqual([true]);
  });

  it('counts ids in all their windows or in none, and a broadcast of thousands in order', async () => {
    const prefix = key('id-windows');
    const windows = [
      { limit: 2, ms: MINUTE },
      { limit: 3, ms: HOUR },
    ];
    expect(await counters().takeIds(prefix, [7, 7, 7], windows, T0)).toEqual([true, true, false]);
    expect(await counters().takeIds(prefix, [7], windows, T0 + MINUTE)).toEqual([true]);
    expect(await counters().takeIds(prefix, [7], windows, T0 + 2 * MINUTE)).toEqual([false]);
    expect(await counters().takeIds(prefix, [7], windows, T0 + HOUR)).toEqual([true]);
    const many = Array.from({ length: 5000 }, (_, i) => i + 100);
    const once = [{ limit: 1, ms: MINUTE }];
    expect((await counters().takeIds(prefix, many, once, T0)).every(Boolean)).toBe(true);
    const again = await counters().takeIds(prefix, [...many.slice(0, 3), 99], once, T0 + 1);
    expect(again).toEqual([false, false, false, true]);
  });
}
