import { defineModule } from '../../platform/module.js';
import { callbackRoutes } from './callbacks.routes.js';
import { CallbackDispatcher } from './dispatcher.js';
import { onContactChanged } from './on-contact-changed.js';
import { onJobFinished } from './on-job-finished.js';
import { onMembershipChanged } from './on-membership-changed.js';

export const callbacksModule = defineModule({
  name: 'callbacks',
  routes: () => callbackRoutes,
  reactors: () => [onContactChanged, onMembershipChanged, onJobFinished],
  // The durable delivery queue runs where the workers are.
  start: (host) => {
    if (!host.roles.has('worker')) return;
    const dispatcher = new CallbackDispatcher(host.db, host.logger);
    dispatcher.start();
    return { stop: () => dispatcher.stop(), drain: () => dispatcher.drain() };
  },
});
