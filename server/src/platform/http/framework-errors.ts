import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * What Fastify and Node answer by themselves, before or around a route: a URL that cannot be decoded, a body
 * past the limit, a client too slow or malformed to make a request. Each is answered as the surface it was meant
 * for answers (the open API in its errcode envelope), and read whole by the client before the connection closes.
 */

/** The body a surface answers a failure found before routing with (HTTP 200: the open API's way). */
export type EarlyAnswer = (failure: { code: string; message: string }) => object;

const earlyAnswers = new WeakMap<FastifyInstance, { prefix: string; answer: EarlyAnswer }[]>();

/** Lets the surface under `prefix` answer the failures Fastify finds before routing to it, in its own shape. */
export function answerEarlyFailures(app: FastifyInstance, prefix: string, answer: EarlyAnswer): void {
  earlyAnswers.set(app, [...(earlyAnswers.get(app) ?? []), { prefix, answer }]);
}

/** Fastify's `frameworkErrors`: a path that is not valid URL encoding, a path parameter past its length. */
export function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = (request.raw.url ?? '').split('?')[0] ?? '';
  const failure =
    error.code === 'FST_ERR_BAD_URL'
      ? { status: 400, code: 'request.bad_url', message: `${path.slice(0, 200)} is not valid URL encoding` }
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? { status: 414, code: 'request.url_too_long', message: `a part of ${path.slice(0, 200)} is too long` }
        : { status: 400, code: 'request.invalid', message: error.message };
  const surface = earlyAnswers.get(request.server)?.find((s) => path.startsWith(s.prefix));
  if (surface) reply.code(200).send(surface.answer(failure));
  else reply.code(failure.status).send({ code: failure.code, message: failure.message });
}

/**
 * How long a body the server will not take (past the limit) is still read, and dropped, after the answer. A
 * connection closed under a client that is still writing resets, and the client loses the answer it has not
 * read yet (EPIPE while writing, then nothing); reading on lets it finish and read the answer.
 */
const DRAIN_MS = 30_000;
const draining = new WeakSet<Socket>();

/**
 * onSend: Fastify closes the connection after refusing a body it did not read to the end; instead, keep it, so
 * that Node reads the rest and drops it, and close it only if the rest does not come within DRAIN_MS.
 */
export function drainUnreadBody(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: () => void) {
  const raw = request.raw;
  const socket = raw.socket;
  if (reply.getHeader('connection') === 'close' && !raw.complete && !draining.has(socket)) {
    reply.removeHeader('connection');
    draining.add(socket);
    const timer = setTimeout(() => socket.destroy(), DRAIN_MS);
    timer.unref();
    const stop = () => {
      clearTimeout(timer);
      draining.delete(socket);
    };
    raw.once('end', stop);
    raw.once('close', stop);
  }
  done();
}

/** Fastify's `clientErrorHandler`: a request Node could not read (too slow, headers too large, malformed). */
export function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Answered already while its body drains: another answer would follow that one on the wire.
  if (draining.has(socket)) {
    socket.destroy();
    return;
  }
  const [status, reason, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'request.timeout', 'the request did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'request.headers_too_large', 'the request headers are too large']
        : [400, 'Bad Request', 'request.malformed', 'the request is not valid HTTP'];
  const body = JSON.stringify({ code, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
