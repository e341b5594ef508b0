import { Empty, FailedJobList } from '@enclave/contracts';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { type JobRow, listFailedJobs, retryJob } from './jobs.js';

const JobParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/) });
const ListQuery = z.object({ status: z.enum(['failed']) }).strict();

function viewOf(job: JobRow) {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    error: job.error ?? job.lastError,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}

/** The console's view of failed background jobs (imports, scheduled sends), and retrying one. */
export const jobRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/jobs',
    principal: 'org-admin',
    response: FailedJobList,
    query: ListQuery,
    handler: async ({ ctx }) => {
      return { items: (await listFailedJobs(ctx)).map(viewOf) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/jobs/:id/retry',
    principal: 'org-admin',
    response: Empty,
    params: JobParams,
    handler: async ({ ctx, params }) => {
      if (!(await retryJob(ctx, params.id))) {
        throw notFound('job.not_found', `no failed job ${params.id}`);
      }
      return {};
    },
  }),
];
