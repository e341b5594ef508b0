import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { z } from 'zod';
import { type AnyRoute, registeredRoutesOf } from '../platform/http/route.js';
import type { AdminRequestOptions } from './admin-client.js';
import { registeredRoutes } from './registered-routes.js';
import type { TestServer } from './test-server.js';

/** Who sends a request: a signed-in client (admin or member), or nobody (`inject` without a session). */
export type Caller = {
  request: (method: string, url: string, options?: AdminRequestOptions) => Promise<LightMyRequestResponse>;
};

export type DriveOptions = {
  /** Path parameters by name (`:agentId` → `params.agentId`). */
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Sent as is, with `headers` (a multipart upload). */
  payload?: string | Buffer;
  headers?: Record<string, string>;
  /** Another caller than the route's principal's default (a second session, another member). */
  as?: Caller;
};

/** The client and admin API: what every route of must declare a contract for. */
export const isContractRoute = (key: string) =>
  /^[A-Z]+ \/api\/(client|admin)\//.test(key) && key !== 'GET /api/client/ws';

/**
 * Drives a server's client and admin API routes with real requests and checks each answer against the
 * contract its route declares (`defineRoute({ response })`), remembering which routes it has seen answer.
 */
export function contractDriver(server: TestServer, callers: { admin: Caller; member: Caller }) {
  const covered = new Set<string>();
  const declared = new Map(registeredRoutesOf(server.enclave.app).map((r): [string, AnyRoute] => [keyOf(r), r]));
  const anonymous: Caller = {
    request: (method, url, options = {}) =>
      server.enclave.app.inject({
        method: method as 'GET',
        url,
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.payload !== undefined ? { payload: options.payload } : {}),
        ...(options.body !== undefined ? { payload: options.body as object } : {}),
      }),
  };

  function routeOf(key: string): AnyRoute {
    const route = declared.get(key);
    if (!route) throw new Error(`no route ${key} is registered`);
    return route;
  }

  async function send(key: string, options: DriveOptions): Promise<LightMyRequestResponse> {
    const route = routeOf(key);
    const path = route.url.replace(/:(\w+)/g, (_m, name: string) => {
      const value = options.params?.[name];
      if (value === undefined) throw new Error(`${key}: no value for :${name}`);
      return encodeURIComponent(String(value));
    });
    const query = new URLSearchParams(
      Object.entries(options.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const url = query.size > 0 ? `${path}?${query.toString()}` : path;
    const caller =
      options.as ??
      (route.principal === 'org-admin' ? callers.admin : route.principal === 'member' ? callers.member : anonymous);
    const response = await caller.request(route.method, url, {
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    // 2xx: a route may answer 201 or 202; the contract is about the body.
    expect(
      Math.floor(response.statusCode / 100),
      `${key}: ${response.statusCode} ${response.body.slice(0, 2000)}`,
    ).toBe(2);
    return response;
  }

  return {
    covered,
    /** Calls a JSON route, expects a 2xx, and parses its answer with `contract`, which must be the one it declares. */
    async drive<T extends z.ZodType>(key: string, contract: T, options: DriveOptions = {}): Promise<z.infer<T>> {
      expect(routeOf(key).response === contract, `${key} declares this contract`).toBe(true);
      const response = await send(key, options);
      const parsed = contract.safeParse(response.json());
      expect(parsed.error?.issues, `${key} answered ${response.body.slice(0, 2000)}`).toBeUndefined();
      covered.add(key);
      return parsed.data as z.infer<T>;
    },
    /** Calls a download route (declared `'file'`), expects a 2xx and a body that is not JSON. */
    async download(key: string, options: DriveOptions = {}): Promise<LightMyRequestResponse> {
      expect(routeOf(key).response, `${key} declares a file`).toBe('file');
      const response = await send(key, options);
      expect(String(response.headers['content-type'])).not.toContain('application/json');
      covered.add(key);
      return response;
    },
    /** Client and admin routes the server registered that declare no contract. */
    undeclared: () =>
      [...declared.values()]
        .filter((r) => isContractRoute(keyOf(r)) && r.response === undefined)
        .map(keyOf)
        .sort(),
    /** Client and admin routes the server serves that no drive has seen answer. */
    notDriven: () =>
      registeredRoutes(server.enclave.app)
        .filter((key) => isContractRoute(key) && !covered.has(key))
        .sort(),
  };
}

const keyOf = (r: AnyRoute) => `${r.method} ${r.url}`;
