import { defineModule } from '../../platform/module.js';
import { MessageQuota } from './message-quota.js';
import { messagingRoutes } from './messaging.routes.js';
import { deliverPublishedEntries, pushCommittedEntries } from './realtime.js';
import { scheduleRoutes } from './schedules.routes.js';
import { registerScheduledSends } from './schedules.service.js';
import { messageSearchRoutes } from './search.routes.js';

export const messagingModule = defineModule({
  name: 'messaging',
  routes: () => [...messagingRoutes, ...scheduleRoutes, ...messageSearchRoutes],
  jobs: (host) => registerScheduledSends(host.jobs, { quota: new MessageQuota(host.counters, host.limits) }),
  // Committed inbox entries go on the bus; in one process straight to its own sockets too.
  reactors: (host) => [pushCommittedEntries(host.bus, host.bus.kind === 'in-process' ? host.gateway : undefined)],
  // A realtime process pushes to its sockets what any process's relay publishes.
  start: (host) => (host.roles.has('realtime') ? { stop: deliverPublishedEntries(host.bus, host.gateway) } : undefined),
});
