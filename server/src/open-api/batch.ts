import type { Services } from '../app.js';
import { DomainError, forbidden } from '../platform/errors.js';
import { findMedia } from '../modules/media/index.js';
import { canWriteDirectory } from '../modules/directory/index.js';
import { getImport, startImport } from '../modules/directory/index.js';
import { errcodeOf } from '../platform/errcodes.js';
import { defineCgi } from './cgi.js';

const STATUS = { queued: 1, running: 2, done: 3, failed: 3 } as const;

/** `batch/syncuser|replaceuser|replaceparty` queue an import of an uploaded CSV; `batch/getresult` reports it. */
export function batchApi(services: Services) {
  const start = (kind: 'sync_user' | 'replace_user' | 'replace_party') =>
    defineCgi({
      method: 'POST',
      path: `batch/${kind.replace('_', '')}`,
      auth: 'token',
      handler: async ({ ctx, body }) => {
        // The import job writes rows directly, so refuse here a credential that may not change the directory.
        if (!canWriteDirectory(ctx.actor)) {
          throw forbidden('directory.no_privilege', 'this credential may not change the directory');
        }
        const mediaId = body.requiredString('media_id', 'media.missing', { max: 128 });
        await findMedia(ctx, mediaId);
        return { jobid: await startImport(ctx, services, { mediaId, kind }) };
      },
    });
  return [
    start('sync_user'),
    start('replace_user'),
    start('replace_party'),
    defineCgi({
      method: 'GET',
      path: 'batch/getresult',
      auth: 'token',
      handler: async ({ ctx, query }) => {
        const job = await getImport(ctx, query.requiredString('jobid', 'job.not_found', { max: 64 }));
        if (job.error) {
          throw new DomainError(job.error.code, 'invalid', job.error.message, {
            response: { status: STATUS[job.status], type: job.type, total: job.total, percentage: 100, result: [] },
          });
        }
        const rows = (job.result?.rows ?? []) as Record<string, unknown>[];
        const result =
          job.type === 'replace_party'
            ? rows.map((r) => ({
                action: r.action,
                partyid: r.partyId,
                errcode: r.code ? errcodeOf(String(r.code), 'invalid') : 0,
                errmsg: (r.message as string | undefined) ?? 'ok',
              }))
            : rows.map((r) => ({
                userid: r.userId,
                errcode: r.action === 'failed' ? errcodeOf(String(r.code), 'invalid') : 0,
                errmsg: r.action === 'failed' ? (r.message as string) : (r.action as string),
              }));
        return {
          status: STATUS[job.status],
          type: job.type,
          total: job.total,
          percentage: job.percentage,
          result: job.status === 'done' ? result : [],
        };
      },
    }),
  ];
}
