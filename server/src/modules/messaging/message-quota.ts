import type { WindowCounters } from '../../platform/counters.js';
import type { RateLimits } from '../../platform/rate-limit.js';

/**
 * WeCom's per-member limit on one app's messages (30 a minute, 1,000 an hour by default). Recipients over
 * it are dropped silently, as WeCom does, so one noisy app cannot flood a member. The counts are shared by
 * a cluster's processes when the counters are Redis's.
 */
export class MessageQuota {
  constructor(
    private readonly counters: WindowCounters,
    private readonly limits: Pick<RateLimits, 'messagesPerMemberMinute' | 'messagesPerMemberHour'>,
  ) {}

  /** The recipients still within their quota for this app, counting this message against them. */
  async admit(orgId: number, appId: number, memberIds: number[], now = Date.now()): Promise<number[]> {
    const admitted = await this.counters.takeIds(
      `quota:${orgId}:${appId}:`,
      memberIds,
      [
        { limit: this.limits.messagesPerMemberMinute, ms: 60_000 },
        { limit: this.limits.messagesPerMemberHour, ms: 3_600_000 },
      ],
      now,
    );
    return memberIds.filter((_, i) => admitted[i]);
  }
}
