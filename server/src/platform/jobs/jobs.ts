import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db/database.js';

export type JobRow = {
  id: string;
  orgId: number;
  type: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  input: unknown;
  result: unknown;
  error: string | null;
  createdAt: number;
  updatedAt: number;
};

/** What a handler gets: the job's input and a way to report progress. */
export type JobRun = {
  db: Db;
  jobId: string;
  orgId: number;
  input: unknown;
  progress: (processed: number, total: number) => Promise<void>;
};

export type JobHandler = (run: JobRun) => Promise<unknown>;

/** Queues a job; call inside the transaction of the change that asks for it. */
export async function enqueueJob(db: Queryable, orgId: number, type: string, input: unknown): Promise<string> {
  const id = randomBytes(12).toString('hex');
  const now = Date.now();
  await db
    .insertInto('jobs')
    .values({
      id,
      org_id: orgId,
      type,
      status: 'queued',
      total: 0,
      processed: 0,
      input: JSON.stringify(input),
      result: null,
      error: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function findJob(db: Queryable, orgId: number, id: string): Promise<JobRow | undefined> {
  const r = await db.selectFrom('jobs').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    orgId: r.org_id,
    type: r.type,
    status: r.status,
    total: r.total,
    processed: r.processed,
    input: JSON.parse(r.input),
    result: r.result === null ? null : JSON.parse(r.result),
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Runs queued jobs from the database, one at a time per process. A job is claimed with a conditional
 * update, so two workers never run the same job; jobs left running by a process that died are re-queued
 * at start.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  async start(): Promise<void> {
    await this.db.updateTable('jobs').set({ status: 'queued' }).where('status', '=', 'running').execute();
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
      this.running = this.drain().finally(() => {
        this.running = undefined;
        this.schedule(this.wake ? 0 : this.pollMs);
        this.wake = false;
      });
    }, ms);
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const next = await this.db
        .selectFrom('jobs')
        .select(['id', 'org_id', 'type', 'input'])
        .where('status', '=', 'queued')
        .where('type', 'in', [...this.handlers.keys(), ''])
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      if (!next) return;
      const claimed = await this.db
        .updateTable('jobs')
        .set({ status: 'running', updated_at: Date.now() })
        .where('id', '=', next.id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      await this.runOne(next.id, next.org_id, next.type, next.input);
    }
  }

  private async runOne(id: string, orgId: number, type: string, input: string): Promise<void> {
    const handler = this.handlers.get(type) as JobHandler;
    const progress = async (processed: number, total: number) => {
      await this.db
        .updateTable('jobs')
        .set({ processed, total, updated_at: Date.now() })
        .where('id', '=', id)
        .execute();
    };
    try {
      const result = await handler({ db: this.db, jobId: id, orgId, input: JSON.parse(input), progress });
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', result: JSON.stringify(result ?? null), updated_at: Date.now() })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      this.log.error({ err: error, jobId: id, type }, 'job failed');
      await this.db
        .updateTable('jobs')
        .set({
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
          updated_at: Date.now(),
        })
        .where('id', '=', id)
        .execute();
    }
  }
}
