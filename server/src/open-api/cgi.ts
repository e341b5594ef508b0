import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OrgContext } from '../platform/context.js';
import type { Db } from '../platform/db/database.js';
import { DomainError } from '../platform/errors.js';
import { answerEarlyFailures } from '../platform/http/framework-errors.js';
import { assertStorableInput } from '../platform/http/route.js';
import { tooLargeMessage } from '../platform/http/server.js';
import { resolveToken } from '../modules/access-tokens/index.js';
import type { WindowCounters } from '../platform/counters.js';
import type { RateLimits } from '../platform/rate-limit.js';
import { errcodeOf } from '../platform/errcodes.js';
import { Fields } from './lenient.js';

type Input = {
  body: Fields;
  query: Fields;
  rawBody: unknown;
  request: FastifyRequest;
  reply: FastifyReply;
  db: Db;
};

/** One WeCom endpoint under /cgi-bin. `auth: 'token'` resolves `?access_token=` before the handler runs. */
export type CgiRoute =
  | {
      method: 'GET' | 'POST';
      path: string;
      auth: 'token';
      handler: (input: Input & { ctx: OrgContext }) => Promise<object | void> | object | void;
    }
  | {
      method: 'GET' | 'POST';
      path: string;
      auth: 'none';
      handler: (input: Input) => Promise<object | void> | object | void;
    };

export function defineCgi(route: CgiRoute): CgiRoute {
  return route;
}

/** WeCom's success envelope around a handler's fields. */
export function okBody(result: object | void): object {
  return { errcode: 0, errmsg: 'ok', ...(result ?? {}) };
}

/** WeCom's error envelope: HTTP 200, an integer errcode, and a message a person can act on. */
export function errorBody(error: DomainError) {
  const errcode = errcodeOf(error.code, error.kind);
  const extra = (error.details.response as Record<string, unknown> | undefined) ?? {};
  return { errcode, errmsg: `${error.message}, more info at /docs/open-api#${errcode}`, ...extra };
}

/** WeCom's answer to a path that names no API (or cannot be decoded into one). */
function notAnApi(message: string) {
  return { errcode: 48002, errmsg: `api forbidden: ${message}` };
}

/** Registers the /cgi-bin surface: lenient JSON bodies, tokens in the query, errors as errcodes. */
export async function registerCgi(
  app: FastifyInstance,
  db: Db,
  routes: CgiRoute[],
  limits: RateLimits,
  counters: WindowCounters,
): Promise<void> {
  const bodyLimit = app.initialConfig.bodyLimit ?? 1024 * 1024;
  // A path Fastify cannot decode never reaches the scope below; it is not an API either.
  answerEarlyFailures(app, '/cgi-bin/', (failure) => notAnApi(failure.message));
  const windows = [
    { limit: limits.apiPerMinute, ms: 60_000 },
    { limit: limits.apiPerHour, ms: 3_600_000 },
  ];
  /** WeCom's per-org, per-API frequency limit: 45009 beyond it until the window ends. */
  const assertWithinLimits = async (orgId: number, path: string) => {
    const [within] = await counters.take([`api:${orgId}:${path}`], windows);
    if (!within) throw new DomainError('request.rate_limited', 'too_many', 'api freq out of limit');
  };
  await app.register(
    async (scope) => {
      // Parse bodies as JSON whatever the Content-Type says (wechatpy and silenceper send none).
      // multipart/form-data (media/upload) keeps the parser registered at the root.
      scope.removeContentTypeParser(['application/json', 'text/plain']);
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
        const text = (body as Buffer).toString('utf8').trim();
        if (text === '') return done(null, {});
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return done(new DomainError('request.bad_json', 'invalid', 'request body is not valid JSON'), undefined);
        }
        // Every endpoint takes an object; an array or a bare value is a malformed request, not "no fields".
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          return done(new DomainError('request.bad_json', 'invalid', 'request body must be a JSON object'), undefined);
        }
        done(null, parsed);
      });

      scope.setErrorHandler((error, request, reply) => {
        if (error instanceof DomainError) return reply.code(200).send(errorBody(error));
        const status = (error as { statusCode?: number }).statusCode ?? 500;
        if (status >= 500) request.log.error({ err: error }, 'open api failure');
        // A JSON body past the limit (uploads past it are 40006, media.too_large): WeCom's "content too large".
        if (status === 413) return reply.code(200).send({ errcode: 45002, errmsg: tooLargeMessage(bodyLimit) });
        const errcode = status >= 500 ? -1 : 40058;
        return reply.code(200).send({ errcode, errmsg: status >= 500 ? 'system busy' : (error as Error).message });
      });
      scope.setNotFoundHandler((request, reply) => {
        reply.code(200).send(notAnApi(`${request.method} ${request.url.split('?')[0]} is not an api`));
      });

      for (const route of routes) {
        scope.route({
          method: route.method,
          url: `/${route.path}`,
          handler: async (request, reply) => {
            assertStorableInput(request);
            const input: Input = {
              body: Fields.of(request.body),
              query: Fields.of(request.query),
              rawBody: request.body,
              request,
              reply,
              db,
            };
            let result: object | void;
            if (route.auth === 'token') {
              const query = request.query as Record<string, unknown>;
              const token = typeof query.access_token === 'string' ? query.access_token : undefined;
              const { orgId, actor } = await resolveToken(db, token);
              await assertWithinLimits(orgId, route.path);
              result = await route.handler({ ...input, ctx: { db, orgId, actor } });
            } else {
              result = await route.handler(input);
            }
            if (result === reply || reply.sent) return reply;
            return okBody(result);
          },
        });
      }
    },
    { prefix: '/cgi-bin' },
  );
}
