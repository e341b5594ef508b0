import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OrgContext } from '../context.js';
import type { Db } from '../db/database.js';
import { DomainError } from '../errors.js';

/** Who may call a route. Every route names one: there is no default. */
export type Principal = 'public' | 'org-admin' | 'member';

export type RouteDeps = {
  db: Db;
  /** Resolves the admin session of a request, or throws `unauthorized`. */
  requireAdmin: (request: FastifyRequest) => Promise<OrgContext & { csrfToken: string }>;
  /** Resolves the member session of a request (the member client), or throws `unauthorized`. */
  requireMember: (request: FastifyRequest) => Promise<OrgContext & { csrfToken: string }>;
};

type Input<B, Q, P> = {
  body: B;
  query: Q;
  params: P;
  request: FastifyRequest;
  reply: FastifyReply;
  db: Db;
};

type Schema<T> = z.ZodType<T>;

export type RouteDefinition<B, Q, P> = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: Schema<B>;
  query?: Schema<Q>;
  params?: Schema<P>;
} & (
  | { principal: 'public'; handler: (input: Input<B, Q, P>) => Promise<unknown> | unknown }
  | { principal: 'org-admin'; handler: (input: Input<B, Q, P> & { ctx: OrgContext }) => Promise<unknown> | unknown }
  | { principal: 'member'; handler: (input: Input<B, Q, P> & { ctx: OrgContext }) => Promise<unknown> | unknown }
);

export type AnyRoute = RouteDefinition<never, never, never>;

/** Declares a route: who may call it, what it takes, and the one service call it hands off to. */
export function defineRoute<B = undefined, Q = undefined, P = undefined>(route: RouteDefinition<B, Q, P>): AnyRoute {
  return route as unknown as AnyRoute;
}

function parse<T>(schema: Schema<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new DomainError(
      'request.invalid',
      'invalid',
      `${where}${path ? `.${path}` : ''}: ${issue?.message ?? 'invalid'}`,
      {
        issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  return result.data;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether any string in a parsed request holds a NUL character. No field of ours may contain one, and
 * PostgreSQL refuses it in text, so it is refused at the edge instead of failing (or being stored) deeper in.
 */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null || depth > 32) return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000') || containsNul(item, depth + 1)) return true;
  }
  return false;
}

/** Refuses a request whose path, query or body carries a NUL character. */
export function assertNoNul(request: FastifyRequest): void {
  if (containsNul(request.params) || containsNul(request.query) || containsNul(request.body)) {
    throw new DomainError('request.invalid', 'invalid', 'text may not contain NUL characters');
  }
}

/** Registers routes; org-admin routes check the session and, for writes, the CSRF header. */
export function registerRoutes(app: FastifyInstance, deps: RouteDeps, routes: AnyRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const ctx =
          route.principal === 'org-admin'
            ? await deps.requireAdmin(request)
            : route.principal === 'member'
              ? await deps.requireMember(request)
              : undefined;
        if (ctx && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== ctx.csrfToken) {
          throw new DomainError('request.csrf', 'forbidden', 'missing or wrong x-csrf-token header');
        }
        assertNoNul(request);
        const base = {
          body: parse(route.body, request.body, 'body'),
          query: parse(route.query, request.query, 'query'),
          params: parse(route.params, request.params, 'params'),
          request,
          reply,
          db: deps.db,
        };
        const result =
          route.principal === 'public'
            ? await route.handler(base)
            : await route.handler({ ...base, ctx: ctx as OrgContext });
        // A handler that sent the reply itself (a file, a stream) returns it; awaiting it waits for the end.
        return result ?? (reply.sent ? undefined : { ok: true });
      },
    });
  }
}

/** Lenient integer from a path or query string. */
export const intParam = z.coerce
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
