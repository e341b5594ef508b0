import { multipart } from './multipart.js';
import type { TestServer } from './test-server.js';

/** Uploads a file through `media/upload` (multipart field `media` unless told otherwise) and returns the JSON. */
export async function uploadMedia(
  server: TestServer,
  token: string,
  file: { type?: string; filename: string; data: Buffer | string; field?: string },
): Promise<Record<string, unknown>> {
  const body = multipart([
    { name: file.field ?? 'media', filename: file.filename, contentType: 'text/csv', data: file.data },
  ]);
  const response = await server.enclave.app.inject({
    method: 'POST',
    url: `/cgi-bin/media/upload?access_token=${token}&type=${file.type ?? 'file'}`,
    ...body,
  });
  if (response.statusCode !== 200) throw new Error(`media/upload answered HTTP ${response.statusCode}`);
  return response.json();
}

/** Polls `batch/getresult` until the job is done (status 3) or the call fails. */
export async function waitForBatchJob(server: TestServer, token: string, jobid: string) {
  for (let i = 0; i < 200; i += 1) {
    const body = await server.cgi('batch/getresult', { token, query: { jobid } });
    if (body.errcode !== 0 || body.status === 3) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobid} did not finish`);
}
