import { z } from 'zod';
import { Count, listOf, Timestamp } from './common.js';

/** Background jobs the console shows when they failed (`/api/admin/jobs`): imports, scheduled sends. */

export const JobStatus = z.enum(['queued', 'running', 'done', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

export const FailedJob = z.strictObject({
  id: z.string(),
  type: z.string(),
  status: JobStatus,
  attempts: Count,
  maxAttempts: Count,
  /** Why it failed (its last attempt's error). */
  error: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type FailedJob = z.infer<typeof FailedJob>;

/** `GET /api/admin/jobs?status=failed` */
export const FailedJobList = listOf(FailedJob);
export type FailedJobList = z.infer<typeof FailedJobList>;
