import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { actsForWholeOrg, type OrgContext } from '../context.js';
import type { Db, Queryable } from '../db/database.js';
import type { JobTable } from '../db/schema.js';
import { forbidden } from '../errors.js';

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
  /** Not before this time (ms since the epoch). */
  runAt: number;
  attempts: number;
  maxAttempts: number;
  /** The latest failure; while attempts remain the job is queued again for later. */
  lastError: string | null;
};

export type EnqueueOptions = {
  /** Not before this time (ms since the epoch); now when absent. */
  runAt?: number;
  /** Runs before a failure is final (1: no retry). Default 3. */
  maxAttempts?: number;
};

/** What a handler gets: the job's input and a way to report progress. */
export type JobRun = {
  db: Db;
  jobId: string;
  orgId: number;
  input: unknown;
  /** This run's number, from 1. */
  attempt: number;
  progress: (processed: number, total: number) => Promise<void>;
};

export type JobHandler = (run: JobRun) => Promise<unknown>;

/** Queues a job; call inside the transaction of the change that asks for it. */
export async function enqueueJob(
  db: Queryable,
  orgId: number,
  type: string,
  input: unknown,
  options: EnqueueOptions = {},
): Promise<string> {
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
      run_at: options.runAt ?? 0,
      attempts: 0,
      max_attempts: options.maxAttempts ?? 3,
      last_error: null,
    })
    .execute();
  return id;
}

export async function findJob(db: Queryable, orgId: number, id: string): Promise<JobRow | undefined> {
  const r = await db.selectFrom('jobs').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return r ? toJobRow(r) : undefined;
}

function toJobRow(r: Selectable<JobTable>): JobRow {
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
    runAt: r.run_at,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
  };
}

/** An org's jobs that failed for good, newest first (the console's "failed jobs" list). */
/** Jobs are the org's plumbing: the owner, org-wide admins and Enclave see and retry them. */
function assertMayManageJobs(ctx: OrgContext): void {
  if (!actsForWholeOrg(ctx.actor)) {
    throw forbidden('job.no_privilege', 'only the owner and org-wide admins manage jobs');
  }
}

export async function listFailedJobs(ctx: OrgContext, limit = 100): Promise<JobRow[]> {
  assertMayManageJobs(ctx);
  const { db, orgId } = ctx;
  const rows = await db
    .selectFrom('jobs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'failed')
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toJobRow);
}

/** Queues a failed job again with a fresh set of attempts; false when it is not (or no longer) failed. */
export async function retryJob(ctx: OrgContext, id: string): Promise<boolean> {
  assertMayManageJobs(ctx);
  const { db, orgId } = ctx;
  const result = await db
    .updateTable('jobs')
    .set({ status: 'queued', attempts: 0, run_at: 0, error: null, updated_at: Date.now() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export { JobRunner, type JobRunnerOptions } from './job-runner.js';
