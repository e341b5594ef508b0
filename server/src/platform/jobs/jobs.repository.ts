import type { Kysely } from 'kysely';
import type { Db, Queryable } from '../db/database.js';
import { isPostgres } from '../db/dialect.js';
import type { JobTable } from '../db/schema.js';

export type ClaimedJob = Pick<JobTable, 'id' | 'org_id' | 'type' | 'input' | 'attempts' | 'max_attempts'>;

const CLAIM_COLUMNS = ['id', 'org_id', 'type', 'input', 'attempts', 'max_attempts'] as const;

/**
 * Claims the next due job of the given types: marks it running and counts the attempt. Exactly one caller
 * gets a job however many runners poll the same database. On PostgreSQL the row is locked with
 * `for update skip locked` in a short transaction, so concurrent runners pass over each other's rows
 * instead of queueing on them; SQLite has one writer, and a conditional update (still queued?) settles it.
 */
export async function claimDueJob(db: Db, types: string[], now: number): Promise<ClaimedJob | undefined> {
  if (types.length === 0) return undefined;
  if (isPostgres(db as unknown as Kysely<unknown>)) {
    return db.transaction().execute(async (tx) => {
      const next = await tx
        .selectFrom('jobs')
        .select(CLAIM_COLUMNS)
        .where('status', '=', 'queued')
        .where('run_at', '<=', now)
        .where('type', 'in', types)
        .orderBy('run_at')
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!next) return undefined;
      await markRunning(tx, next.id, now);
      return { ...next, attempts: next.attempts + 1 };
    });
  }
  for (;;) {
    const next = await db
      .selectFrom('jobs')
      .select(CLAIM_COLUMNS)
      .where('status', '=', 'queued')
      .where('run_at', '<=', now)
      .where('type', 'in', types)
      .orderBy('run_at')
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (!next) return undefined;
    if (await markRunning(db, next.id, now)) return { ...next, attempts: next.attempts + 1 };
  }
}

async function markRunning(db: Queryable, id: string, now: number): Promise<boolean> {
  const claimed = await db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** The earliest run_at of a queued job of these types, to wake up for it. */
export async function nextRunAt(db: Db, types: string[]): Promise<number | undefined> {
  if (types.length === 0) return undefined;
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('next'))
    .where('status', '=', 'queued')
    .where('type', 'in', types)
    .executeTakeFirst();
  return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
}

/**
 * Puts back jobs whose runner stopped renewing its lease (a process that died mid-job): the runner renews
 * `updated_at` while a job runs, so a stale running job has nobody working on it.
 */
export async function requeueAbandoned(db: Db, staleBefore: number): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'queued', updated_at: Date.now() })
    .where('status', '=', 'running')
    .where('updated_at', '<', staleBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
