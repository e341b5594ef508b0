/** Reconnect delays: 1 s, 2 s, 4 s … capped at 30 s, each jittered to 50–100 % so clients spread out. */
export function reconnectDelay(attempt: number, random: number, baseMs = 1000, capMs = 30_000): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 16)));
  const jitter = 0.5 + Math.min(Math.max(random, 0), 1) / 2;
  return Math.round(exponential * jitter);
}
