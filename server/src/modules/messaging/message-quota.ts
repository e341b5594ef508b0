import { FixedWindowLimiter, type RateLimits } from '../../platform/rate-limit.js';

/**
 * WeCom's per-member limit on one app's messages (30 a minute, 1,000 an hour by default). Recipients over
 * it are dropped silently, as WeCom does, so one noisy app cannot flood a member.
 */
export class MessageQuota {
  private readonly minute = new FixedWindowLimiter();
  private readonly hour = new FixedWindowLimiter();

  constructor(private readonly limits: Pick<RateLimits, 'messagesPerMemberMinute' | 'messagesPerMemberHour'>) {}

  /** The recipients still within their quota for this app, counting this message against them. */
  admit(orgId: number, appId: number, memberIds: number[], now = Date.now()): number[] {
    return memberIds.filter((memberId) => {
      const key = `${orgId}:${appId}:${memberId}`;
      return (
        this.minute.take(key, this.limits.messagesPerMemberMinute, 60_000, 1, now) &&
        this.hour.take(key, this.limits.messagesPerMemberHour, 3_600_000, 1, now)
      );
    });
  }
}
