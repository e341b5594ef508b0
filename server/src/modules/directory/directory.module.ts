import { decodeBusData } from '../../platform/bus/bus.js';
import { defineModule } from '../../platform/module.js';
import { departmentRoutes } from './departments/departments.routes.js';
import { clientDirectoryRoutes } from './client-directory.routes.js';
import { importRoutes, registerImportJobs } from './import/index.js';
import { forgetCachedMembers, onMembersWritten } from './members/member-cache.js';
import { memberRoutes } from './members/members.routes.js';
import { tagRoutes } from './tags/tags.routes.js';

/** Bus subject (under the deployment's ENCLAVE_BUS_PREFIX on NATS): an org's members were written. */
const MEMBERS_WRITTEN = 'members.written';

export const directoryModule = defineModule({
  name: 'directory',
  routes: (host) => [
    ...departmentRoutes,
    ...memberRoutes,
    ...tagRoutes,
    ...clientDirectoryRoutes,
    ...importRoutes(host),
  ],
  jobs: (host) => registerImportJobs(host.jobs, host),
  // Members written in any process are forgotten by the member caches of all (ADR 0016).
  start: (host) => {
    const stopForgetting = host.bus.subscribe(MEMBERS_WRITTEN, (data) => {
      const orgId = Number(decodeBusData(data));
      if (Number.isSafeInteger(orgId)) forgetCachedMembers(host.db, orgId);
    });
    const stopAnnouncing = onMembersWritten((db, orgId) => {
      if (db === host.db) host.bus.publish(MEMBERS_WRITTEN, String(orgId));
    });
    return {
      stop: () => {
        stopAnnouncing();
        stopForgetting();
      },
    };
  },
});
