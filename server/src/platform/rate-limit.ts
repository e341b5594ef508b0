/**
 * Fixed-window counters in this process's memory. WeCom's limits are per minute and per hour, and a
 * breach blocks until the window ends, which is what a fixed window does. (Cluster mode shares counters
 * through Redis — issue 5; until then each process counts its own calls.)
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  /** Counts `cost` calls for `key`; false when that would pass `limit` within the current window. */
  take(key: string, limit: number, windowMs: number, cost = 1, now = Date.now()): boolean {
    this.sweep(now, windowMs);
    const start = now - (now % windowMs);
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count + cost > limit) return false;
    window.count += cost;
    return true;
  }

  private sweep(now: number, windowMs: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows)
      if (now - window.start > Math.max(windowMs, 3_600_000)) this.windows.delete(key);
  }
}

export type RateLimits = {
  /** Calls of one API by one org (WeCom: 10,000/min, 150,000/h). */
  apiPerMinute: number;
  apiPerHour: number;
  /** Messages one app sends one member (WeCom: 30/min, 1,000/h; the excess is dropped silently). */
  messagesPerMemberMinute: number;
  messagesPerMemberHour: number;
};

export const WECOM_LIMITS: RateLimits = {
  apiPerMinute: 10_000,
  apiPerHour: 150_000,
  messagesPerMemberMinute: 30,
  messagesPerMemberHour: 1_000,
};
