import type { Actor, OrgContext } from '../../../platform/context.js';
import type { Queryable } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { enqueueJob, findJob, type JobRunner } from '../../../platform/jobs/jobs.js';
import type { BlobStorage } from '../../../platform/storage/storage.js';
import { readMediaBuffer } from '../../media/media.service.js';
import { replaceDepartments } from './department-import.js';
import { importMembers, type ImportResult } from './member-import.js';

export const IMPORT_MEMBERS = 'directory.import_members';
export const REPLACE_DEPARTMENTS = 'directory.replace_departments';

export type ImportJobInput = {
  mediaId: string;
  actor: Actor;
  /** sync_user / replace_user / replace_party, WeCom's job types. */
  kind: 'sync_user' | 'replace_user' | 'replace_party';
};

export type ImportServices = { db: Queryable & OrgContext['db']; storage: BlobStorage; jobs: JobRunner };

/** Queues an import of an uploaded file and wakes the runner. */
export async function startImport(ctx: OrgContext, services: ImportServices, input: Omit<ImportJobInput, 'actor'>) {
  const type = input.kind === 'replace_party' ? REPLACE_DEPARTMENTS : IMPORT_MEMBERS;
  const jobId = await enqueueJob(ctx.db, ctx.orgId, type, { ...input, actor: ctx.actor });
  services.jobs.poke();
  return jobId;
}

export function registerImportJobs(jobs: JobRunner, services: ImportServices): void {
  jobs.register(IMPORT_MEMBERS, async ({ db, orgId, input, progress }) => {
    const job = input as ImportJobInput;
    const ctx: OrgContext = { db, orgId, actor: job.actor };
    const data = await readMediaBuffer(ctx, services.storage, job.mediaId);
    try {
      return await importMembers(ctx, { mode: job.kind === 'replace_user' ? 'replace' : 'sync', data, progress });
    } catch (error) {
      if (error instanceof DomainError) return { error: { code: error.code, message: error.message } };
      throw error;
    }
  });
  jobs.register(REPLACE_DEPARTMENTS, async ({ db, orgId, input, progress }) => {
    const job = input as ImportJobInput;
    const ctx: OrgContext = { db, orgId, actor: job.actor };
    const data = await readMediaBuffer(ctx, services.storage, job.mediaId);
    try {
      const result = await replaceDepartments(ctx, data);
      await progress(result.rows.length, result.rows.length);
      return result;
    } catch (error) {
      if (error instanceof DomainError) return { error: { code: error.code, message: error.message } };
      throw error;
    }
  });
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
  if (!job || (job.type !== IMPORT_MEMBERS && job.type !== REPLACE_DEPARTMENTS)) {
    throw new DomainError('job.not_found', 'not_found', `job ${jobId} does not exist`);
  }
  const result = job.result as (ImportJobView['result'] & { error?: ImportJobView['error'] }) | null;
  const error =
    result?.error ?? (job.status === 'failed' ? { code: 'job.failed', message: job.error ?? 'the job failed' } : null);
  const done = job.status === 'done' || job.status === 'failed';
  return {
    jobId,
    type: (job.input as ImportJobInput).kind,
    status: job.status,
    total: job.total,
    processed: job.processed,
    percentage: done ? 100 : job.total === 0 ? 0 : Math.floor((job.processed / job.total) * 100),
    error,
    result: error ? null : result,
  };
}
