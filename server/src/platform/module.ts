import type { Logger } from 'pino';
import type { Bus } from './bus/bus.js';
import type { WindowCounters } from './counters.js';
import type { Db } from './db/database.js';
import type { AnyRoute } from './http/route.js';
import type { JobRunner } from './jobs/jobs.js';
import type { Reactor } from './outbox/relay.js';
import type { RateLimits } from './rate-limit.js';
import type { RealtimeGateway } from './realtime/gateway.js';
import type { BlobStorage } from './storage/storage.js';

/**
 * The parts of a process an Enclave process can play (ENCLAVE_ROLES, default all): `api` serves the admin and
 * client API and /cgi-bin, `realtime` holds members' WebSockets, `worker` runs jobs, relays the outbox and
 * delivers callbacks. One process plays all three; a cluster may split them (docs/cluster.md).
 */
export const ROLES = ['api', 'realtime', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** What a process hands each module: its store and the shared machinery, the same for every module. */
export type Host = {
  db: Db;
  logger: Logger;
  storage: BlobStorage;
  jobs: JobRunner;
  /** Rate-limit and quota counters: this process's memory, or Redis shared by a cluster. */
  counters: WindowCounters;
  limits: RateLimits;
  bus: Bus;
  gateway: RealtimeGateway;
  roles: ReadonlySet<Role>;
};

/**
 * What a module contributes to a process, declared in one value its index.ts exports (ADR 0021). The host
 * (app.ts, a list of modules) wires each part into the roles that run it: routes into `api`, jobs and
 * reactors into `worker` (job handlers are registered everywhere, so that any process may enqueue), and
 * `start` — caches heard over the bus, pushes to sockets — into every process, which decides by `host.roles`.
 * The open API's /cgi-bin routes stay in the open-api edge (ADR 0002); app-kit apps will bring their own.
 */
export type EnclaveModule = {
  name: string;
  /** Admin and client API routes. */
  routes?: (host: Host) => AnyRoute[];
  /** Registers the module's job handlers on `host.jobs`. */
  jobs?: (host: Host) => void;
  /** Reactors to committed outbox events, in the order they should run. */
  reactors?: (host: Host) => Reactor[];
  /** Anything else the module keeps running in a process: how to stop it, and to wait until it is idle (tests). */
  start?: (host: Host) => Running | void;
};

export type Running = {
  stop: () => Promise<void> | void;
  /** Resolves once what is queued now has been handled (the callback queue delivered, say). */
  drain?: () => Promise<unknown>;
};

export function defineModule(module: EnclaveModule): EnclaveModule {
  return module;
}

/** Parses ENCLAVE_ROLES ("api,realtime,worker"; unset: all); null when it names an unknown role or none. */
export function parseRoles(value: string | undefined): ReadonlySet<Role> | null {
  if (value === undefined || value.trim() === '') return new Set(ROLES);
  const named = value.split(',').map((part) => part.trim().toLowerCase());
  if (named.some((role) => !(ROLES as readonly string[]).includes(role))) return null;
  return new Set(named as Role[]);
}
