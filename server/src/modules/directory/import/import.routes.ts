import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OrgContext } from '../../../platform/context.js';
import { invalid } from '../../../platform/errors.js';
import { defineRoute } from '../../../platform/http/route.js';
import { uploadMedia } from '../../media/media.service.js';
import { exportMembersCsv } from './export.js';
import { getImport, type ImportServices, startImport } from './import.jobs.js';

/** Reads `mode` and `file` from a multipart upload. */
async function readUpload(request: FastifyRequest) {
  if (!request.isMultipart()) throw invalid('request.invalid', 'send the CSV as multipart/form-data field "file"');
  let mode = 'sync';
  let kind = 'members';
  for await (const part of request.parts()) {
    if (part.type === 'field' && part.fieldname === 'mode') mode = String(part.value);
    else if (part.type === 'field' && part.fieldname === 'kind') kind = String(part.value);
    else if (part.type === 'file' && part.fieldname === 'file') {
      return { mode, kind, filename: part.filename, data: await part.toBuffer() };
    }
  }
  throw invalid('request.invalid', 'multipart field "file" missing');
}

export function importRoutes(services: ImportServices) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/admin/imports',
      principal: 'org-admin',
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
