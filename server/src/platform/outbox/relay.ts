import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { relayBatch } from './claim.js';
import { onEventsCommitted } from './outbox.js';

export type OutboxRow = { id: number; org_id: number; type: string; payload: string; created_at: number };

/** A reaction to committed events. It may see an event twice (after a crash), so it must be idempotent. */
export type Reactor = (db: Db, events: OutboxRow[]) => Promise<void>;

/**
 * Relays committed outbox events to the modules that react to them (callbacks, realtime), oldest first,
 * then marks them relayed. Polls, and can be poked after a commit for low latency. Every process of a cluster
 * runs one; they take turns (relayBatch), so each event's reactors run in one process.
 */
export class OutboxRelay {
  private readonly reactors: Reactor[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private wake = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly pollMs = 250,
  ) {}

  register(reactor: Reactor): void {
    this.reactors.push(reactor);
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe = onEventsCommitted(() => this.poke());
    this.schedule(0);
  }

  /** Relays now instead of at the next poll (after a commit in this process). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) this.wake = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Relays everything pending now; returns how many events it relayed. Tests call it directly. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const relayed = await relayBatch(this.db, 200, async (events) => {
        for (const reactor of this.reactors) await reactor(this.db, events);
      });
      if (relayed === 0) return total;
      total += relayed;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ err: error }, 'outbox relay failed; will retry'))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.wake ? 0 : this.pollMs);
          this.wake = false;
        });
    }, ms);
  }
}
