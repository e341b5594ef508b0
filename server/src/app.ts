import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openStore, type Store } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrator.js';
import { refreshPlannerStatistics } from './platform/db/dialect.js';
import { buildHttpServer } from './platform/http/server.js';
import { JobRunner } from './platform/jobs/jobs.js';
import { jobRoutes } from './platform/jobs/jobs.routes.js';
import { OutboxRelay } from './platform/outbox/relay.js';
import { purgeExpiredMedia } from './modules/media/index.js';
import { RealtimeGateway } from './platform/realtime/gateway.js';
import { deliverPublishedEntries, pushCommittedEntries, syncConnection } from './modules/messaging/index.js';
import { type Bus, decodeBusData } from './platform/bus/bus.js';
import { openBus } from './platform/bus/open-bus.js';
import type { RateLimits } from './platform/rate-limit.js';
import { openCounters, type WindowCounters } from './platform/counters.js';
import { SIGN_IN_LIMITS, SignInAttempts, type SignInLimits } from './platform/sign-in-limits.js';
import { MessageQuota } from './modules/messaging/index.js';
import { CallbackDispatcher, onContactChanged, onJobFinished, onMembershipChanged } from './modules/callbacks/index.js';
import { appConversationRoutes } from './modules/app-conversations/index.js';
import { callbackRoutes } from './modules/callbacks/index.js';
import { createLogger } from './platform/log.js';
import { LocalBlobStorage } from './platform/storage/storage.js';
import { appRoutes } from './modules/apps/index.js';
import { mediaRoutes } from './modules/media/index.js';
import { memberMediaRoutes } from './modules/media/index.js';
import { messagingRoutes } from './modules/messaging/index.js';
import { registerScheduledSends, scheduleRoutes } from './modules/messaging/index.js';
import { messageSearchRoutes } from './modules/messaging/index.js';
import { departmentRoutes } from './modules/directory/index.js';
import { importRoutes, registerImportJobs } from './modules/directory/index.js';
import { forgetCachedMembers, onMembersWritten } from './modules/directory/index.js';
import { memberRoutes } from './modules/directory/index.js';
import { tagRoutes } from './modules/directory/index.js';
import { orgRoutes } from './modules/orgs/index.js';
import { requireAdmin, useSecureCookies } from './modules/orgs/index.js';
import { requireMember } from './modules/member-auth/index.js';
import { memberAuthRoutes } from './modules/member-auth/index.js';
import { chatRoutes } from './modules/chat/index.js';
import { clientDirectoryRoutes } from './modules/directory/index.js';
import { oauthRoutes } from './modules/oauth/index.js';
import { jsapiVerifyRoutes } from './modules/oauth/index.js';
import { DevOutboxSender, SmtpSender } from './modules/member-auth/index.js';
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
  callbacks: CallbackDispatcher;
  /** What the open API's route lists are built from (tests enumerate the routes with it). */
  services: Services;
  logger: Logger;
  close: () => Promise<void>;
};

/** Bus subject (under the deployment's ENCLAVE_BUS_PREFIX on NATS). */
const MEMBERS_WRITTEN = 'members.written';
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
  registerImportJobs(jobs, services);
  registerScheduledSends(jobs, services);
  const sender = config.smtpUrl ? new SmtpSender(config.smtpUrl, config.mailFrom) : new DevOutboxSender();
  const attempts = new SignInAttempts(counters, options.signInLimits ?? SIGN_IN_LIMITS);
  const relay = new OutboxRelay(store.db, logger);
  relay.register(onContactChanged);
  relay.register(onMembershipChanged);
  relay.register(onJobFinished);
  const bus = await openBus(config.busUrl, logger, config.busPrefix);
  const gateway = new RealtimeGateway(logger);
  // Every process pushes to its own sockets what any process's relay publishes (one process: only here).
  relay.register(pushCommittedEntries(bus, bus.kind === 'in-process' ? gateway : undefined));
  const stopDelivering = deliverPublishedEntries(bus, gateway);
  // Members written in any process are forgotten by the member caches of all (ADR 0016).
  const stopForgettingMembers = bus.subscribe(MEMBERS_WRITTEN, (data) => {
    const orgId = Number(decodeBusData(data));
    if (Number.isSafeInteger(orgId)) forgetCachedMembers(store.db, orgId);
  });
  const stopAnnouncingMembers = onMembersWritten((db, orgId) => {
    if (db === store.db) bus.publish(MEMBERS_WRITTEN, String(orgId));
  });
  const callbacks = new CallbackDispatcher(store.db, logger);

  const app = await buildHttpServer({
    db: store.db,
    logger,
    bodyLimit: config.maxUploadBytes,
    timeouts: config.httpTimeouts,
    trustProxy: config.trustProxy,
    requireAdmin: (request) => requireAdmin(store.db, request),
    requireMember: (request) => requireMember(store.db, request),
    routes: [
      ...orgRoutes({ attempts }),
      ...departmentRoutes,
      ...memberRoutes,
      ...tagRoutes,
      ...appRoutes,
      ...callbackRoutes,
      ...appConversationRoutes,
      ...messagingRoutes,
      ...scheduleRoutes,
      ...jobRoutes,
      ...messageSearchRoutes,
      ...importRoutes(services),
      ...mediaRoutes(storage),
      ...memberMediaRoutes(storage),
      ...memberAuthRoutes({ sender, attempts, secureCookies: config.secureCookies }),
      ...chatRoutes,
      ...clientDirectoryRoutes,
      ...oauthRoutes,
      ...jsapiVerifyRoutes,
    ],
    extend: async (instance) => {
      await registerCgi(instance, store.db, openApiRoutes(services), config.limits, counters);
      await gateway.register(instance, {
        authenticate: async (request) => {
          const ctx = await requireMember(store.db, request);
          return { orgId: ctx.orgId, memberId: request.memberSession?.memberId ?? 0 };
        },
        sync: (connection, after) => syncConnection(store.db, gateway, connection, after),
      });
    },
    webRoot: WEB_ROOT,
  });
  await jobs.start();
  // Temporary media live three days (WeCom's rule); sweep the expired ones hourly.
  // Hourly upkeep: planner statistics stay current as orgs grow.
  const mediaSweep = setInterval(() => {
    purgeExpiredMedia(store.db, storage).catch((error: unknown) => logger.warn({ err: error }, 'media purge failed'));
    refreshPlannerStatistics(store.db).catch((error: unknown) => logger.warn({ err: error }, 'analyze failed'));
  }, 3_600_000);
  mediaSweep.unref();
  relay.start();
  callbacks.start();

  return {
    app,
    store,
    bus,
    jobs,
    relay,
    gateway,
    callbacks,
    services,
    logger,
    close: async () => {
      clearInterval(mediaSweep);
      stopAnnouncingMembers();
      stopForgettingMembers();
      stopDelivering();
      gateway.close();
      await jobs.stop();
      await relay.stop();
      await callbacks.stop();
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
