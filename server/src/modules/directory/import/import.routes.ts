import { ImportJob, ImportStarted } from '@enclave/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OrgContext } from '../../../platform/context.js';
import { invalid } from '../../../platform/errors.js';
import { readMultipartFile } from '../../../platform/http/multipart.js';
import { defineRoute } from '../../../platform/http/route.js';
import { uploadMedia } from '../../media/index.js';
import { exportMembersCsv } from './export.js';
import { getImport, type ImportServices, startImport } from './import.jobs.js';

/** Reads `mode`, `kind` and the CSV in field `file` from a multipart upload. */
async function readUpload(request: FastifyRequest) {
  const upload = await readMultipartFile(request, {
    field: 'file',
    fields: ['mode', 'kind'],
    missingCode: 'request.invalid',
    tooLarge: { code: 'request.too_large', message: 'the CSV file is too large' },
  });
  return { mode: upload.fields.mode ?? 'sync', kind: upload.fields.kind ?? 'members', ...upload };
}

export function importRoutes(services: ImportServices) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/admin/imports',
      principal: 'org-admin',
      response: ImportStarted,
      handler: async ({ ctx, request }: { ctx: OrgContext; request: FastifyRequest }) => {
        const upload = await readUpload(request);
        if (!['sync', 'replace'].includes(upload.mode))
          throw invalid('request.invalid', 'mode must be sync or replace');
        if (!['members', 'departments'].includes(upload.kind))
          throw invalid('request.invalid', 'kind must be members or departments');
        const media = await uploadMedia(ctx, services.storage, {
          type: 'file',
          filename: upload.filename,
          contentType: 'text/csv',
          data: upload.data,
        });
        const kind =
          upload.kind === 'departments' ? 'replace_party' : upload.mode === 'replace' ? 'replace_user' : 'sync_user';
        return { jobId: await startImport(ctx, services, { mediaId: media.mediaId, kind }) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/admin/imports/:jobId',
      principal: 'org-admin',
      response: ImportJob,
      params: z.object({ jobId: z.string().min(1).max(64) }),
      handler: async ({ ctx, params }) => {
        const view = await getImport(ctx, params.jobId);
        const result = view.result as { summary?: unknown; rows?: { action?: string }[] } | null;
        return {
          ...view,
          result: undefined,
          summary: result?.summary ?? null,
          report: (result?.rows ?? []).filter((r) => r.action === 'failed' || 'code' in r),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/admin/export/members.csv',
      principal: 'org-admin',
      response: 'file',
      handler: async ({ ctx, reply }) => {
        const csv = await exportMembersCsv(ctx);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="members.csv"')
          .send(csv);
      },
    }),
  ];
}
