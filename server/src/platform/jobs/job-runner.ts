import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { JobHandler } from './jobs.js';
import { claimDueJob, nextRunAt, requeueAbandoned } from './jobs.repository.js';

export type JobRunnerOptions = {
  /** How often to look for due jobs when nothing woke the runner (ms); scheduled sends fire within it. */
  pollMs?: number;
  /** The first retry waits this long; each further one twice as long, up to an hour (ms). */
  retryBaseMs?: number;
  /** A running job whose runner has not renewed it for this long is queued again (ms). */
  leaseMs?: number;
};

const MAX_BACKOFF_MS = 3_600_000;

/** How long a job waits before its next try after `attempts` failed runs. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_MS);
}

/**
 * Runs due jobs from the database, one at a time per runner. Claiming (see claimDueJob) makes sure one runner
 * runs a job however many poll the database. While a job runs its runner renews a lease (`updated_at`); a job
 * whose lease ran out — its process died — is queued again by whichever runner notices. A failed run is
 * retried with exponential back-off until `max_attempts`, then the job is `failed` and shows in the console.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly pollMs: number;
  private readonly retryBaseMs: number;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private wake = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    options: JobRunnerOptions | number = {},
  ) {
    const o = typeof options === 'number' ? { pollMs: options } : options;
    this.pollMs = o.pollMs ?? 500;
    this.retryBaseMs = o.retryBaseMs ?? 30_000;
    this.leaseMs = o.leaseMs ?? 30_000;
  }

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  async start(): Promise<void> {
    await requeueAbandoned(this.db, Date.now() - this.leaseMs);
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks for work now instead of at the next poll (after an enqueue in this process). */
  poke(): void {
    if (this.running) this.wake = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((error: unknown) => this.log.error({ err: error }, 'job runner poll failed'))
        .then(() => (this.wake ? 0 : this.delayToNext()))
        .catch(() => this.pollMs)
        .then((delay) => {
          this.running = undefined;
          this.wake = false;
          this.schedule(delay);
        });
    }, ms);
  }

  /** Until the next poll, or sooner when a queued job comes due before it. */
  private async delayToNext(): Promise<number> {
    const next = await nextRunAt(this.db, [...this.handlers.keys()]);
    if (next === undefined) return this.pollMs;
    return Math.max(0, Math.min(this.pollMs, next - Date.now()));
  }

  private async drain(): Promise<void> {
    await requeueAbandoned(this.db, Date.now() - this.leaseMs);
    while (!this.stopped) {
      const job = await claimDueJob(this.db, [...this.handlers.keys()], Date.now());
      if (!job) return;
      await this.runOne(job.id, job.org_id, job.type, job.input, job.attempts, job.max_attempts);
    }
  }

  private async runOne(
    id: string,
    orgId: number,
    type: string,
    input: string,
    attempt: number,
    maxAttempts: number,
  ): Promise<void> {
    const handler = this.handlers.get(type) as JobHandler;
    const progress = async (processed: number, total: number) => {
      await this.db
        .updateTable('jobs')
        .set({ processed, total, updated_at: Date.now() })
        .where('id', '=', id)
        .execute();
    };
    const lease = setInterval(
      () => {
        this.db
          .updateTable('jobs')
          .set({ updated_at: Date.now() })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .execute()
          .catch((error: unknown) => this.log.warn({ err: error, jobId: id }, 'job lease renewal failed'));
      },
      Math.max(this.leaseMs / 3, 10),
    );
    lease.unref();
    try {
      const result = await handler({ db: this.db, jobId: id, orgId, input: JSON.parse(input), attempt, progress });
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', result: JSON.stringify(result ?? null), updated_at: Date.now() })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = attempt >= maxAttempts;
      this.log.error({ err: error, jobId: id, type, attempt, final }, 'job failed');
      const now = Date.now();
      await this.db
        .updateTable('jobs')
        .set(
          final
            ? { status: 'failed', error: message, last_error: message, updated_at: now }
            : {
                status: 'queued',
                last_error: message,
                run_at: now + backoffMs(attempt, this.retryBaseMs),
                updated_at: now,
              },
        )
        .where('id', '=', id)
        .execute();
    } finally {
      clearInterval(lease);
    }
  }
}
