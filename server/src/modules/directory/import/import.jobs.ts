import { z } from 'zod';
import { ActorSchema, type OrgContext } from '../../../platform/context.js';
import type { Queryable } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { defineJob } from '../../../platform/jobs/define-job.js';
import { findJob, type JobRunner } from '../../../platform/jobs/jobs.js';
import { recordEvent } from '../../../platform/outbox/outbox.js';
import type { BlobStorage } from '../../../platform/storage/storage.js';
import { readMediaBuffer } from '../../media/index.js';
import { replaceDepartments } from './department-import.js';
import { importMembers, type ImportResult } from './member-import.js';
import { ImportFinished } from '../directory.events.js';

const ImportJobInput = z.object({
  mediaId: z.string(),
  actor: ActorSchema,
  /** sync_user / replace_user / replace_party, WeCom's job types. */
  kind: z.enum(['sync_user', 'replace_user', 'replace_party']),
});
export type ImportJobInput = z.infer<typeof ImportJobInput>;

/** A members file (sync_user / replace_user), and a departments file (replace_party). */
const ImportMembers = defineJob('directory.import_members', { version: 1, input: ImportJobInput });
const ReplaceDepartments = defineJob('directory.replace_departments', { version: 1, input: ImportJobInput });

export type ImportServices = { db: Queryable & OrgContext['db']; storage: BlobStorage; jobs: JobRunner };

/** Queues an import of an uploaded file and wakes the runner. */
export async function startImport(ctx: OrgContext, services: ImportServices, input: Omit<ImportJobInput, 'actor'>) {
  const kind = input.kind === 'replace_party' ? ReplaceDepartments : ImportMembers;
  const jobId = await kind.enqueue(ctx.db, ctx.orgId, { ...input, actor: ctx.actor });
  services.jobs.poke();
  return jobId;
}

export function registerImportJobs(jobs: JobRunner, services: ImportServices): void {
  ImportMembers.handle(jobs, async ({ db, orgId, input: job, progress, jobId }) => {
    const ctx: OrgContext = { db, orgId, actor: job.actor };
    const data = readMediaBuffer(ctx, services.storage, job.mediaId);
    return reportToApp(ctx, jobId, job, data, (bytes) =>
      importMembers(ctx, { mode: job.kind === 'replace_user' ? 'replace' : 'sync', data: bytes, progress }),
    );
  });
  ReplaceDepartments.handle(jobs, async ({ db, orgId, input: job, progress, jobId }) => {
    const ctx: OrgContext = { db, orgId, actor: job.actor };
    const data = readMediaBuffer(ctx, services.storage, job.mediaId);
    return reportToApp(ctx, jobId, job, data, async (bytes) => {
      const result = await replaceDepartments(ctx, bytes);
      await progress(result.rows.length, result.rows.length);
      return result;
    });
  });
}

/**
 * Runs a job's work on its file and, when an app started it, records `directory.import_finished` (its callback hears
 * `batch_job_result`). A refused job (a DomainError) is done with an error, as WeCom reports it. The job row
 * is marked done in the event's transaction, so an app that asks for the result on hearing the event finds
 * it; the runner then writes the same outcome again.
 */
async function reportToApp(
  ctx: OrgContext,
  jobId: string,
  job: ImportJobInput,
  file: Promise<Buffer>,
  work: (data: Buffer) => Promise<unknown>,
) {
  let data: Buffer;
  try {
    data = await file;
  } catch (caught) {
    // A missing file fails the job (as before); the app still hears how it ended.
    const known = caught instanceof DomainError ? caught : null;
    await recordFinished(ctx, jobId, job, {
      code: known?.code ?? 'job.failed',
      kind: known?.kind ?? 'internal',
      message: known?.message ?? 'the job failed',
    });
    throw caught;
  }
  let result: unknown;
  let error: { code: string; kind: string; message: string } | null = null;
  try {
    result = await work(data);
  } catch (caught) {
    if (!(caught instanceof DomainError)) {
      await recordFinished(ctx, jobId, job, { code: 'job.failed', kind: 'internal', message: 'the job failed' });
      throw caught;
    }
    error = { code: caught.code, kind: caught.kind, message: caught.message };
    result = { error: { code: caught.code, message: caught.message } };
  }
  if (job.actor.kind === 'app') {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('jobs')
        .set({ status: 'done', result: JSON.stringify(result ?? null), updated_at: Date.now() })
        .where('id', '=', jobId)
        .execute();
      await recordFinished({ ...ctx, db: tx }, jobId, job, error);
    });
  }
  return result;
}

async function recordFinished(
  ctx: { db: Queryable; orgId: number },
  jobId: string,
  job: ImportJobInput,
  error: { code: string; kind: string; message: string } | null,
) {
  if (job.actor.kind !== 'app') return;
  await recordEvent(ctx.db, ctx.orgId, ImportFinished.of({ jobId, jobType: job.kind, appId: job.actor.appId, error }));
}

export type ImportJobView = {
  jobId: string;
  type: 'sync_user' | 'replace_user' | 'replace_party';
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  percentage: number;
  /** Why the whole job was refused (bad file, delete protection), if it was. */
  error: { code: string; message: string } | null;
  result: (ImportResult | { rows: unknown[] }) | null;
};

/** The state of an import job of this org. */
export async function getImport(ctx: OrgContext, jobId: string): Promise<ImportJobView> {
  const job = await findJob(ctx.db, ctx.orgId, jobId);
  const input = job && (ImportMembers.inputOf(job) ?? ReplaceDepartments.inputOf(job));
  if (!job || !input) throw new DomainError('job.not_found', 'not_found', `job ${jobId} does not exist`);
  const result = job.result as (ImportJobView['result'] & { error?: ImportJobView['error'] }) | null;
  const error =
    result?.error ?? (job.status === 'failed' ? { code: 'job.failed', message: job.error ?? 'the job failed' } : null);
  const done = job.status === 'done' || job.status === 'failed';
  return {
    jobId,
    type: input.kind,
    status: job.status,
    total: job.total,
    processed: job.processed,
    percentage: done ? 100 : job.total === 0 ? 0 : Math.floor((job.processed / job.total) * 100),
    error,
    result: error ? null : result,
  };
}
