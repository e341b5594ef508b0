import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { DomainError, statusOfKind } from '../errors.js';
import { drainUnreadBody, onClientError, onFrameworkError } from './framework-errors.js';
import { type AnyRoute, type RouteDeps, registerRoutes } from './route.js';

export type HttpOptions = {
  db: Db;
  logger: Logger;
  requireAdmin: RouteDeps['requireAdmin'];
  requireMember: RouteDeps['requireMember'];
  routes: AnyRoute[];
  /** Registers extra surfaces (the open API) on the instance. */
  extend: (app: FastifyInstance) => Promise<void>;
  /** Built web app to serve at /, if present. */
  webRoot?: string;
  bodyLimit: number;
  /** Which proxies' X-Forwarded-For sets request.ip (ENCLAVE_TRUST_PROXY); false: the socket's address. */
  trustProxy?: false | number | string[];
  /** How long a client may take (ENCLAVE_HTTP_*_TIMEOUT_S); production's figures when absent. */
  timeouts?: HttpTimeouts;
};

/** Bounds on what a client's connection may hold, in milliseconds (docs/configuration.md). */
export type HttpTimeouts = {
  /** To send a whole request, headers and body. */
  requestMs: number;
  /** To send a request's headers. */
  headersMs: number;
  /** With nothing sent either way. */
  idleMs: number;
  /** Between requests on a kept-alive connection. */
  keepAliveMs: number;
};

export const DEFAULT_TIMEOUTS: HttpTimeouts = {
  requestMs: 300_000,
  headersMs: 30_000,
  idleMs: 120_000,
  keepAliveMs: 72_000,
};

/**
 * The multipart parser (busboy) reports a truncated or malformed body as a plain Error with no status; it is
 * the caller's mistake, so it must read as a 400, not as our failure.
 */
function isMalformedMultipart(error: unknown): error is Error {
  return (
    error instanceof Error &&
    (error as { statusCode?: number }).statusCode === undefined &&
    /[\\/]@fastify[\\/]busboy[\\/]/.test(error.stack ?? '')
  );
}

/** What a refused body past the limit is told (ENCLAVE_MAX_UPLOAD_MB). */
export function tooLargeMessage(bodyLimit: number): string {
  return `the request body is too large: at most ${Math.floor(bodyLimit / (1024 * 1024))} MB`;
}

/** A number of proxies believes that many hops of X-Forwarded-For, counted from the socket's end. */
function trustProxyOf(setting: HttpOptions['trustProxy']) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : (setting ?? false);
}

/** The api role's HTTP server: client and admin API (4xx JSON `{code, message}`), open API, static web. */
export async function buildHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    trustProxy: trustProxyOf(options.trustProxy),
    // Unset, Fastify waits for ever: a client trickling its headers or body would hold its connection for good.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      // Node looks for overdue requests this often (30 s by default, which would stretch a short timeout).
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(timeouts.headersMs / 4))),
    },
    // Per-request lines would drown the log at our request rates; failures are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    // Failures found before a route, answered as JSON (the open API: in its envelope, see answerEarlyFailures).
    frameworkErrors: onFrameworkError,
    clientErrorHandler: onClientError,
  });
  app.addHook('onSend', drainUnreadBody);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: options.bodyLimit, files: 1, fields: 10 } });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof DomainError) {
      return reply
        .code(statusOfKind[error.kind])
        .send({ code: error.code, message: error.message, details: error.details });
    }
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ code: 'request.too_large', message: tooLargeMessage(options.bodyLimit) });
    }
    if (isMalformedMultipart(error)) {
      return reply.code(400).send({ code: 'request.bad_multipart', message: `bad multipart body: ${error.message}` });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .code(500)
        .send({ code: 'internal', message: 'something went wrong on our side; it has been logged' });
    }
    const code = (error as { code?: string }).code ?? 'request.invalid';
    return reply.code(status).send({ code, message: error instanceof Error ? error.message : 'bad request' });
  });

  registerRoutes(
    app,
    { db: options.db, requireAdmin: options.requireAdmin, requireMember: options.requireMember },
    options.routes,
  );
  await options.extend(app);

  app.get('/healthz', async () => ({ ok: true }));

  const webRoot = options.webRoot;
  if (webRoot && existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply
        .code(404)
        .send({ code: 'not_found', message: `${request.method} ${request.url.split('?')[0]} does not exist` });
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send({ code: 'not_found', message: `${request.method} ${request.url.split('?')[0]} does not exist` }),
    );
  }
  return app;
}
