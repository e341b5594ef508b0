import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OrgContext } from '../context.js';
import type { Db } from '../db/database.js';
import { DomainError } from '../errors.js';
import { problemOfText } from '../text.js';

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

/**
 * What a route answers: its contract from @enclave/contracts (the JSON, as the client receives it), or `'file'`
 * for a download the handler sends itself (a CSV, a stored medium).
 */
export type RouteResponse = z.ZodType | 'file';

export type RouteDefinition<B, Q, P> = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: Schema<B>;
  query?: Schema<Q>;
  params?: Schema<P>;
  /** Every client and admin API route names one (server/src/contracts.test.ts fails on one that does not). */
  response?: RouteResponse;
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

let checkingResponses = false;

/**
 * Checks every JSON answer against its route's contract before it is sent (ENCLAVE_CHECK_RESPONSES: always in
 * tests, on in development); an answer outside it is answered 500 instead, naming what differs, and logged. Off
 * in production, where the check would only cost: the contract test proves the answers there.
 */
export function checkResponses(on: boolean): void {
  checkingResponses = on;
}

/** What is wrong with an answer as its contract reads it, if anything (checked as the JSON the client gets). */
export function offContract(response: RouteResponse | undefined, answer: unknown): z.core.$ZodIssue[] | undefined {
  if (response === undefined || response === 'file') return undefined;
  const wire: unknown = answer === undefined ? undefined : JSON.parse(JSON.stringify(answer));
  const checked = response.safeParse(wire);
  return checked.success ? undefined : checked.error.issues;
}

/**
 * How deep a request's JSON may nest. WeCom's deepest shapes (menus, template cards, extattr) take a handful of
 * levels; far deeper input would only overflow the stack of whatever walks it later (serialising, storing).
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * What is wrong with a parsed request value, if anything: a string (or key) that cannot be stored as text (a NUL,
 * an unpaired surrogate), or nesting deeper than MAX_INPUT_DEPTH. Such input is refused at the edge instead of
 * failing (or being stored broken) deeper in.
 */
export function inputProblemOf(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return problemOfText(value);
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_INPUT_DEPTH) return `input may nest at most ${MAX_INPUT_DEPTH} levels deep`;
  for (const [key, item] of Object.entries(value)) {
    const problem = problemOfText(key) ?? inputProblemOf(item, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** Refuses a request whose path, query or body holds text we cannot store, or nests too deep. */
export function assertStorableInput(request: FastifyRequest): void {
  const problem = inputProblemOf(request.params) ?? inputProblemOf(request.query) ?? inputProblemOf(request.body);
  if (problem) throw new DomainError('request.invalid', 'invalid', problem);
}

const registered = new WeakMap<FastifyInstance, AnyRoute[]>();

/** The routes registerRoutes put on a server, as declared: what the contract test checks each answer with. */
export function registeredRoutesOf(app: FastifyInstance): readonly AnyRoute[] {
  return registered.get(app) ?? [];
}

/** Registers routes; org-admin routes check the session and, for writes, the CSRF header. */
export function registerRoutes(app: FastifyInstance, deps: RouteDeps, routes: AnyRoute[]): void {
  registered.set(app, [...(registered.get(app) ?? []), ...routes]);
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
        assertStorableInput(request);
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
        const answer = result ?? (reply.sent ? undefined : { ok: true });
        if (!checkingResponses || answer === reply || answer === undefined) return answer;
        const issues = offContract(route.response, answer);
        if (!issues) return answer;
        const message = `${route.method} ${route.url} answered outside its contract (@enclave/contracts):\n${z.prettifyError(new z.ZodError(issues))}`;
        request.log.error({ issues }, message);
        return reply.code(500).send({ code: 'internal', message, details: { issues } });
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
