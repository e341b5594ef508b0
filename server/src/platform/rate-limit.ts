/**
 * WeCom's frequency limits (wecom-api.md §12). WeCom's limits are per minute and per hour, and a breach
 * blocks until the window ends, which is what a fixed window does: services count through `WindowCounters`
 * (counters.ts), in memory in one process and in Redis in a cluster.
 */
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
