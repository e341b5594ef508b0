import { defineModule } from '../../platform/module.js';
import { mediaRoutes } from './media.routes.js';
import { purgeExpiredMedia } from './media.service.js';
import { memberMediaRoutes } from './member-media.routes.js';

const HOUR_MS = 3_600_000;

export const mediaModule = defineModule({
  name: 'media',
  routes: (host) => [...mediaRoutes(host.storage), ...memberMediaRoutes(host.storage)],
  // Temporary media live three days (WeCom's rule); a worker sweeps the expired ones hourly.
  start: (host) => {
    if (!host.roles.has('worker')) return;
    const sweep = setInterval(() => {
      purgeExpiredMedia(host.db, host.storage).catch((error: unknown) =>
        host.logger.warn({ err: error }, 'media purge failed'),
      );
    }, HOUR_MS);
    sweep.unref();
    return { stop: () => clearInterval(sweep) };
  },
});
