import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { multipart } from '../../testing/multipart.js';
import { listeningPort, RawConnection, type RawResponse, requestHead, within } from '../../testing/raw-http.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

/**
 * What Fastify answers by itself, before or around a route (a URL it cannot decode, a body past the limit), over a
 * real connection: on /cgi-bin every answer is HTTP 200 JSON with an errcode, on the other APIs a 4xx
 * `{code, message}`, and an answer is read whole before the connection closes.
 */
let server: TestServer;
let port: number;
let token: string;
const MB = 1024 * 1024;

beforeAll(async () => {
  server = await startTestServer({ ENCLAVE_MAX_UPLOAD_MB: '1' });
  port = await listeningPort(server.enclave.app);
  const org = await given.org(server.store.db);
  token = await server.token(org.corpId, org.contactSecret);
});
afterAll(async () => server.close());

/** Sends one request (head and body together) on a new connection and reads the answer. */
async function send(head: string, body: Buffer | string = '') {
  const connection = await RawConnection.open(port);
  const sent = connection.write(Buffer.concat([Buffer.from(head), Buffer.from(body)]));
  const answer = await connection.response(10_000);
  await within(10_000, sent, 'the whole body was taken');
  return { connection, answer };
}

function expectWeCom(answer: RawResponse, errcode: number, what: string) {
  expect(answer.status, `${what}: ${answer.body}`).toBe(200);
  expect(answer.headers['content-type'], what).toMatch(/^application\/json/);
  const body = JSON.parse(answer.body) as { errcode: unknown; errmsg: unknown };
  expect(body.errcode, `${what}: ${answer.body}`).toBe(errcode);
  expect(typeof body.errmsg, what).toBe('string');
}

function expectRefusal(answer: RawResponse, status: number, code: string, what: string) {
  expect(answer.status, `${what}: ${answer.body}`).toBe(status);
  const body = JSON.parse(answer.body) as { code: unknown; message: unknown };
  expect(body.code, `${what}: ${answer.body}`).toBe(code);
  expect(typeof body.message, what).toBe('string');
}

describe('/cgi-bin over a real connection', () => {
  it('answers a path that is not valid URL encoding, or no API, with 48002', async () => {
    for (const path of ['/cgi-bin/%ff', '/cgi-bin/user/%ff%fe', '/cgi-bin/user/get%', '/cgi-bin/nope', '/cgi-bin/']) {
      const { answer, connection } = await send(requestHead('GET', `${path}?access_token=${token}`));
      expectWeCom(answer, 48002, path);
      connection.close();
    }
  });

  it('answers malformed and too deeply nested JSON with 47001 and 40058', async () => {
    const url = `/cgi-bin/department/create?access_token=${token}`;
    const cases: [string, number][] = [
      ['{"name":', 47001],
      ['\u00ff\u00fe', 47001],
      [`{"name":"x","parentid":1,"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, 40058],
    ];
    for (const [body, errcode] of cases) {
      const head = requestHead('POST', url, { 'content-length': Buffer.byteLength(body) });
      const { answer, connection } = await send(head, body);
      expectWeCom(answer, errcode, body.slice(0, 20));
      connection.close();
    }
  });

  it('answers a body past the limit in full while the client is still sending it, then serves the next request', async () => {
    const url = `/cgi-bin/department/create?access_token=${token}`;
    const body = Buffer.alloc(8 * MB, ' ');
    const { answer, connection } = await send(requestHead('POST', url, { 'content-length': body.length }), body);
    expectWeCom(answer, 45002, 'content-length past the limit');
    await connection.write(requestHead('GET', '/healthz'));
    expect((await connection.response()).status).toBe(200);
    connection.close();

    // Chunked: the limit is found while reading.
    const chunked = Buffer.concat([Buffer.from(`${(8 * MB).toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    const late = await send(requestHead('POST', url, { 'transfer-encoding': 'chunked' }), chunked);
    expectWeCom(late.answer, 45002, 'chunked past the limit');
    late.connection.close();

    const upload = multipart([{ name: 'media', filename: 'big.bin', data: Buffer.alloc(4 * MB, 1) }]);
    const media = await send(
      requestHead('POST', `/cgi-bin/media/upload?access_token=${token}&type=file`, {
        ...upload.headers,
        'content-length': upload.payload.length,
      }),
      upload.payload,
    );
    expectWeCom(media.answer, 40006, 'an upload past the limit');
    media.connection.close();
  });
});

describe('the client and admin APIs over a real connection', () => {
  it('answers a path that is not valid URL encoding with a 400', async () => {
    for (const path of ['/api/%ff', '/api/admin/members/%ff', '/api/client/%e0%a4%a']) {
      const { answer, connection } = await send(requestHead('GET', path));
      expectRefusal(answer, 400, 'request.bad_url', path);
      connection.close();
    }
  });

  it('answers a body past the limit with a 413 read in full, then serves the next request', async () => {
    const body = Buffer.alloc(8 * MB, ' ');
    const head = requestHead('POST', '/api/admin/session', {
      'content-type': 'application/json',
      'content-length': body.length,
    });
    const { answer, connection } = await send(head, body);
    expectRefusal(answer, 413, 'request.too_large', 'content-length past the limit');
    await connection.write(requestHead('GET', '/healthz'));
    expect((await connection.response()).status).toBe(200);
    connection.close();
  });
});
