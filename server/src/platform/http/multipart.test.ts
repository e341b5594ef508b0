import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../testing/admin-client.js';
import { given } from '../../testing/given.js';
import { signInMember } from '../../testing/member-session.js';
import { multipart } from '../../testing/multipart.js';
import { listeningPort, RawConnection, requestHead, within } from '../../testing/raw-http.js';
import { countStoredFiles } from '../../testing/snapshot.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

let server: TestServer;
let port: number;
/** Each multipart route with what it takes to call it: its URL and the session headers. */
let routes: { url: string; headers: Record<string, string>; field: string }[];

beforeAll(async () => {
  server = await startTestServer();
  port = await listeningPort(server.enclave.app);
  const org = await given.org(server.store.db);
  const mobile = '13700000001';
  await given.member(org.ctx, { userId: 'alice', mobile });
  const admin = await signIn(server, org.owner.email, org.password);
  const member = await signInMember(server, org.corpId, org.orgId, mobile);
  const token = await server.token(org.corpId, org.contactSecret);
  routes = [
    {
      url: '/api/admin/imports',
      field: 'file',
      headers: { cookie: admin.setCookie.split(';')[0] ?? '', 'x-csrf-token': admin.csrfToken },
    },
    {
      url: '/api/client/media?type=file',
      field: 'media',
      headers: { cookie: member.cookie, 'x-csrf-token': member.csrf },
    },
    { url: `/cgi-bin/media/upload?access_token=${token}&type=file`, field: 'media', headers: {} },
    { url: `/cgi-bin/media/uploadimg?access_token=${token}`, field: 'media', headers: {} },
  ];
});
afterAll(async () => server.close());

describe('multipart uploads over a real connection', () => {
  it('answers a file sent in the wrong field at once, reads the rest, and serves the next request', async () => {
    const files = countStoredFiles(server.store.dataDir);
    // Far more than the socket buffers hold: unless the server reads it, the client can never finish sending.
    const data = Buffer.alloc(12 * 1024 * 1024, 'a');
    for (const route of routes) {
      const body = multipart([
        { name: 'mode', value: 'sync' },
        { name: 'upload', filename: 'a.csv', data },
      ]);
      const connection = await RawConnection.open(port);
      const head = requestHead('POST', route.url, {
        ...route.headers,
        ...body.headers,
        'content-length': body.payload.length,
      });
      const sent = connection.write(Buffer.concat([Buffer.from(head), body.payload]));
      const answer = await connection.response(5_000);
      const refusal = JSON.parse(answer.body) as { code?: string; message?: string; errcode?: number; errmsg?: string };
      if (route.url.startsWith('/cgi-bin/')) {
        expect(answer.status, route.url).toBe(200);
        expect(refusal.errcode, route.url).toBe(41006);
      } else {
        expect(answer.status, route.url).toBe(400);
        expect(refusal.message, route.url).toContain(`field "${route.field}"`);
      }
      await within(5_000, sent, `${route.url}: the server did not read the rest of the body`);
      await connection.write(requestHead('GET', '/healthz'));
      expect((await connection.response(5_000)).status, `${route.url}: the next request`).toBe(200);
      connection.close();
    }
    expect(countStoredFiles(server.store.dataDir)).toEqual(files);
  });
});
