import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Bus } from './platform/bus/bus.js';
import { openBus } from './platform/bus/open-bus.js';
import { openCounters, type WindowCounters } from './platform/counters.js';
import { refreshPlannerStatistics } from './platform/db/dialect.js';
import { openStore, type Store } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrator.js';
import { checkResponses } from './platform/http/route.js';
import { buildHttpServer } from './platform/http/server.js';
import { JobRunner } from './platform/jobs/jobs.js';
import { jobRoutes } from './platform/jobs/jobs.routes.js';
import { createLogger } from './platform/log.js';
import type { EnclaveModule, Host } from './platform/module.js';
import { OutboxRelay } from './platform/outbox/relay.js';
import type { RateLimits } from './platform/rate-limit.js';
import { RealtimeGateway } from './platform/realtime/gateway.js';
import { SIGN_IN_LIMITS, SignInAttempts, type SignInLimits } from './platform/sign-in-limits.js';
import { LocalBlobStorage } from './platform/storage/storage.js';
import { appConversationsModule } from './modules/app-conversations/index.js';
import { appsModule } from './modules/apps/index.js';
import { callbacksModule } from './modules/callbacks/index.js';
import { chatModule } from './modules/chat/index.js';
import { directoryModule } from './modules/directory/index.js';
import { mediaModule } from './modules/media/index.js';
import { DevOutboxSender, memberAuthModule, requireMember, SmtpSender } from './modules/member-auth/index.js';
import { MessageQuota, messagingModule, syncConnection } from './modules/messaging/index.js';
import { oauthModule } from './modules/oauth/index.js';
import { orgsModule, requireAdmin, signUpMailerFor, useSecureCookies } from './modules/orgs/index.js';
import { openApiRoutes } from './open-api/index.js';
import { registerCgi } from './open-api/cgi.js';

export type Enclave = {
  app: FastifyInstance;
  store: Store;
  /** In-process, or NATS in a cluster (ENCLAVE_BUS_URL). */
  bus: Bus;
  jobs: JobRunner;
  relay: OutboxRelay;
  gateway: RealtimeGateway;
  /** The modules this process runs, in wiring order. */
  modules: EnclaveModule[];
  /** Relays what is committed and lets the modules finish what is queued (callbacks delivered): for tests. */
  drain: () => Promise<void>;
  /** What the open API's route lists are built from (tests enumerate the routes with it). */
  services: Services;
  logger: Logger;
  close: () => Promise<void>;
};

const WEB_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../web/dist');

/** Wires one Enclave process: store, migrations, job runner and the HTTP surfaces. */
export async function createEnclave(
  config: Config,
  options: {
    logger?: Logger;
    /** How often codes and passwords may be tried; production's figures unless a test needs others. */
    signInLimits?: SignInLimits;
  } = {},
): Promise<Enclave> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = openStore(config.databaseUrl);
  await migrateToLatest(store.db);
  await refreshPlannerStatistics(store.db);
  useSecureCookies(config.secureCookies);
  // Every entry point (main, tests, the SDK's live server, benches) gets the setting from its config.
  checkResponses(config.checkResponses);
  const storage = new LocalBlobStorage(join(config.dataDir, 'media'));
  const jobs = new JobRunner(store.db, logger);
  const counters = await openCounters(config.redisUrl, logger, `${config.redisPrefix}limit:`);
  const services = {
    db: store.db,
    storage,
    jobs,
    counters,
    quota: new MessageQuota(counters, config.limits),
    limits: config.limits,
  };
  const sender = config.smtpUrl ? new SmtpSender(config.smtpUrl, config.mailFrom) : new DevOutboxSender();
  const attempts = new SignInAttempts(counters, options.signInLimits ?? SIGN_IN_LIMITS);
  const bus = await openBus(config.busUrl, logger, config.busPrefix);
  const gateway = new RealtimeGateway(logger);
  const host: Host = { ...services, logger, bus, gateway, roles: config.roles };
  // What this process runs: the modules in wiring order (ADR 0021); each part goes to the roles that run it.
  const modules: EnclaveModule[] = [
    orgsModule({ attempts, mailer: signUpMailerFor(config), publicUrl: config.publicUrl }),
    directoryModule,
    appsModule,
    callbacksModule,
    appConversationsModule,
    messagingModule,
    mediaModule,
    memberAuthModule({ sender, attempts, secureCookies: config.secureCookies }),
    chatModule,
    oauthModule,
  ];
  const relay = new OutboxRelay(store.db, logger);
  for (const module of modules) {
    // Job handlers everywhere (any process may enqueue); the runner only in workers.
    module.jobs?.(host);
    for (const reactor of module.reactors?.(host) ?? []) relay.register(reactor);
  }
  const running = modules.map((module) => module.start?.(host)).filter((run) => run !== undefined);
  const roles = config.roles;

  const app = await buildHttpServer({
    db: store.db,
    logger,
    bodyLimit: config.maxUploadBytes,
    timeouts: config.httpTimeouts,
    trustProxy: config.trustProxy,
    requireAdmin: (request) => requireAdmin(store.db, request),
    requireMember: (request) => requireMember(store.db, request),
    routes: roles.has('api') ? [...modules.flatMap((module) => module.routes?.(host) ?? []), ...jobRoutes] : [],
    extend: async (instance) => {
      if (roles.has('api')) {
        await registerCgi(instance, store.db, openApiRoutes(services), config.limits, counters);
      }
      if (roles.has('realtime')) {
        await gateway.register(instance, {
          authenticate: async (request) => {
            const ctx = await requireMember(store.db, request);
            return { orgId: ctx.orgId, memberId: request.memberSession?.memberId ?? 0 };
          },
          sync: (connection, after) => syncConnection(store.db, gateway, connection, after),
        });
      }
    },
    webRoot: WEB_ROOT,
  });
  // Hourly upkeep: planner statistics stay current as orgs grow.
  const upkeep = setInterval(() => {
    refreshPlannerStatistics(store.db).catch((error: unknown) => logger.warn({ err: error }, 'analyze failed'));
  }, 3_600_000);
  upkeep.unref();
  if (roles.has('worker')) {
    await jobs.start();
    relay.start();
  }

  return {
    app,
    store,
    bus,
    jobs,
    relay,
    gateway,
    modules,
    services,
    drain: async () => {
      await relay.drain();
      for (const run of running) await run.drain?.();
    },
    logger,
    close: async () => {
      clearInterval(upkeep);
      for (const run of running.reverse()) await run.stop();
      gateway.close();
      await jobs.stop();
      await relay.stop();
      await bus.close();
      await counters.close();
      await app.close();
      await store.close();
    },
  };
}

export type Services = {
  db: Store['db'];
  storage: LocalBlobStorage;
  jobs: JobRunner;
  /** Rate-limit and quota counters: this process's memory, or Redis shared by a cluster. */
  counters: WindowCounters;
  quota: MessageQuota;
  limits: RateLimits;
};
